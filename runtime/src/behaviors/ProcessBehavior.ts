/**
 * The process itself: the root scope. It opens by entering its none start event, or the
 * start event whose trigger (timer, message, signal) created the instance.
 */
import type { Behavior } from './Behavior';
import { ok } from '../engine/expressions';
import { activateElement } from '../engine/tokenFlow';

export const ProcessBehavior: Behavior = {
  waits: true,
  open(exec, instance) {
    const start = exec.startEvent;
    if (!start) {
      activateElement(exec, exec.definition.startEventId, instance.key);
      return ok(undefined);
    }
    const entered = activateElement(exec, start.elementId, instance.key, { triggered: true });
    entered.resultVariables = start.variables;
    return ok(undefined);
  },
  selectFlows: () => ok([]),
};
