/**
 * Intermediate catch events and receive tasks: the element waits for its timer, message
 * or signal; the event's variables complete it (through its output mappings).
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { ok, ScopeExpressions } from '../engine/expressions';
import { armTriggers, prepareTrigger } from '../engine/eventTriggers';

export const CatchEventBehavior: Behavior = {
  waits: true,
  open(exec, instance, element) {
    const trigger = prepareTrigger(exec, new ScopeExpressions(exec, instance.key), element, true);
    if (!trigger.ok) return trigger;
    armTriggers(exec, instance, [trigger.value]);
    return ok(undefined);
  },
  selectFlows: takeAllOutgoing,
};
