/**
 * Script tasks with `zeebe:script`: the FEEL expression is evaluated in the task's scope
 * and its result completes the task as `resultVariable`, through the output mappings as a
 * job's variables go. A failing expression is an incident; resolving it evaluates again.
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { fail, ok, ScopeExpressions } from '../engine/expressions';

export const ScriptTaskBehavior: Behavior = {
  waits: true,
  open(exec, instance, element) {
    if (!element.script) return fail('UNKNOWN', `script task '${element.id}' has no script`);
    const { expression, resultVariable } = element.script;
    const result = new ScopeExpressions(exec, instance.key).value(
      expression,
      'EXTRACT_VALUE_ERROR',
    );
    if (!result.ok) return result;
    instance.resultVariables = { [resultVariable]: result.value ?? null };
    exec.enqueue(instance.key, 'WORK_DONE');
    return ok(undefined);
  },
  selectFlows: takeAllOutgoing,
};
