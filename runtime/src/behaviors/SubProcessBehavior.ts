/**
 * Embedded and event subprocesses: a scope of their own. An embedded subprocess enters
 * its none start event; an event subprocess, started by its trigger, enters its start
 * event as already triggered, with the event's variables. The scope completes when
 * nothing is left inside it (`endScope`), and terminating it terminates what is inside.
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { fail, ok } from '../engine/expressions';
import { terminateInside } from '../engine/scopes';
import { activateElement } from '../engine/tokenFlow';

export const SubProcessBehavior: Behavior = {
  waits: true,
  open(exec, instance, element) {
    if (!element.startEventId) {
      return fail('UNKNOWN', `subprocess '${element.id}' has no start event`);
    }
    if (element.type !== 'EVENT_SUB_PROCESS') {
      activateElement(exec, element.startEventId, instance.key);
      return ok(undefined);
    }
    const entered = activateElement(exec, element.startEventId, instance.key, { triggered: true });
    entered.resultVariables = instance.resultVariables ?? {};
    delete instance.resultVariables;
    return ok(undefined);
  },
  cancel(exec, instance) {
    terminateInside(exec, instance.key);
  },
  selectFlows: takeAllOutgoing,
};
