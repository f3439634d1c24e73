/**
 * Exclusive gateway: the first outgoing flow whose condition is true, else the default.
 * A condition that fails to evaluate is an incident, never `false`.
 */
import type { Behavior } from './Behavior';
import { fail, ok, ScopeExpressions } from '../engine/expressions';

export const ExclusiveGatewayBehavior: Behavior = {
  waits: false,
  selectFlows(exec, instance, element) {
    const expressions = new ScopeExpressions(exec, instance.scopeKey ?? instance.key);
    for (const flowId of element.outgoing) {
      if (flowId === element.defaultFlow) continue;
      const condition = exec.definition.flows[flowId]?.condition;
      if (condition === undefined) return ok([flowId]);
      const result = expressions.condition(condition);
      if (!result.ok) return result;
      if (result.value) return ok([flowId]);
    }
    if (element.defaultFlow) return ok([element.defaultFlow]);
    return fail(
      'CONDITION_ERROR',
      `Expected at least one condition to evaluate to true, or to have a default flow`,
    );
  },
};
