/** The process itself: the root scope. It opens by entering its none start event. */
import type { Behavior } from './Behavior';
import { ok } from '../engine/expressions';
import { activateElement } from '../engine/tokenFlow';

export const ProcessBehavior: Behavior = {
  waits: true,
  open(exec, instance) {
    activateElement(exec, exec.definition.startEventId, instance.key);
    return ok(undefined);
  },
  selectFlows: () => ok([]),
};
