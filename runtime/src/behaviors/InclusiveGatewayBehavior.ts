/**
 * Inclusive gateway: every outgoing flow whose condition is true (a flow without one is
 * always taken), else the default. A condition that fails to evaluate is an incident,
 * never `false`. Joining is token flow: see `engine/inclusiveJoin.ts`.
 */
import type { Behavior } from './Behavior';
import { fail, ok, ScopeExpressions } from '../engine/expressions';

export const InclusiveGatewayBehavior: Behavior = {
  waits: false,
  selectFlows(exec, instance, element) {
    // No outgoing flow: the gateway is an implicit end of its scope, as in Zeebe.
    if (element.outgoing.length === 0) return ok([]);
    const expressions = new ScopeExpressions(exec, instance.scopeKey ?? instance.key);
    const taken: string[] = [];
    for (const flowId of element.outgoing) {
      if (flowId === element.defaultFlow) continue;
      const condition = exec.definition.flows[flowId]?.condition;
      if (condition === undefined) {
        taken.push(flowId);
        continue;
      }
      const result = expressions.condition(condition);
      if (!result.ok) return result;
      if (result.value) taken.push(flowId);
    }
    if (taken.length > 0) return ok(taken);
    if (element.defaultFlow) return ok([element.defaultFlow]);
    return fail(
      'CONDITION_ERROR',
      `Expected at least one condition to evaluate to true, or to have a default flow`,
    );
  },
};
