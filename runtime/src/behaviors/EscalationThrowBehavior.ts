/**
 * Escalation throw and end events: the escalation goes to the nearest catcher. An
 * interrupting one ends the scope the event is in; otherwise (a non-interrupting catcher,
 * or none at all) the event goes on, as in Zeebe.
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { fail, ok, ScopeExpressions } from '../engine/expressions';
import { throwFrom } from '../engine/throwEvents';

export const EscalationThrowBehavior: Behavior = {
  waits: true,
  open(exec, instance, element) {
    if (!element.thrown) return fail('UNKNOWN', `element '${element.id}' throws nothing`);
    const code = new ScopeExpressions(exec, instance.key).string(element.thrown.code);
    if (!code.ok) return code;
    const thrown = { kind: 'escalation' as const, code: code.value, message: '', variables: {} };
    const outcome = throwFrom(exec, instance, thrown);
    if (!outcome.ok) return outcome;
    if (exec.element(instance.key)) exec.enqueue(instance.key, 'WORK_DONE');
    return ok(undefined);
  },
  selectFlows: takeAllOutgoing,
};
