/**
 * Terminate end events end every other element instance of their scope: at the root the
 * whole process (which then completes), in a subprocess only that subprocess.
 */
import type { Behavior } from './Behavior';
import { ok } from '../engine/expressions';
import { terminateInside } from '../engine/scopes';

export const TerminateEndBehavior: Behavior = {
  waits: true,
  open(exec, instance) {
    if (instance.scopeKey !== null) terminateInside(exec, instance.scopeKey, instance.key);
    exec.enqueue(instance.key, 'WORK_DONE');
    return ok(undefined);
  },
  selectFlows: () => ok([]),
};
