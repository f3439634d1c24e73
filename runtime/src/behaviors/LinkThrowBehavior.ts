/**
 * Link throw events continue the flow at the link catch event of the same name in the
 * same scope: two halves of one sequence flow, drawn apart.
 */
import type { Behavior } from './Behavior';
import { fail, ok } from '../engine/expressions';
import { activateElement } from '../engine/tokenFlow';

export const LinkThrowBehavior: Behavior = {
  waits: false,
  selectFlows(exec, instance, element) {
    if (!element.linkTarget) return fail('UNKNOWN', `link '${element.id}' has no catch event`);
    // The throw is the catch event's trigger: it passes through instead of waiting.
    activateElement(exec, element.linkTarget, instance.scopeKey ?? instance.key, {
      triggered: true,
    });
    return ok([]);
  },
};
