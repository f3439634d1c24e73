/**
 * The event-based gateway waits for the first of the events after it. It arms all of
 * them; the first to fire completes the gateway, closes the others and is entered itself
 * (see `engine/commands/eventCommands.ts`), so the gateway takes no flow of its own.
 */
import type { Behavior } from './Behavior';
import { ok, ScopeExpressions } from '../engine/expressions';
import { armTriggers, prepareTrigger, type PreparedTrigger } from '../engine/eventTriggers';

export const EventBasedGatewayBehavior: Behavior = {
  waits: true,
  open(exec, instance, element) {
    const expressions = new ScopeExpressions(exec, instance.key);
    const prepared: PreparedTrigger[] = [];
    for (const flowId of element.outgoing) {
      const targetId = exec.definition.flows[flowId]?.targetRef;
      const target = targetId ? exec.definition.elements[targetId] : undefined;
      if (!target) continue;
      const trigger = prepareTrigger(exec, expressions, target, true);
      if (!trigger.ok) return trigger;
      prepared.push(trigger.value);
    }
    armTriggers(exec, instance, prepared);
    return ok(undefined);
  },
  selectFlows: () => ok([]),
};
