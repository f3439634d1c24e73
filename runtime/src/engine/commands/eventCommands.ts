/**
 * A timer fires, a message is correlated, a signal arrives: the event's owner reacts.
 * A catch event or receive task completes; an event-based gateway completes and enters
 * the event; an activity enters its boundary event, and is terminated first when the
 * boundary event interrupts; a scope starts its event subprocess.
 */
import type { Variables } from '../../model/Command';
import type { Execution } from '../Execution';
import { isDelivered, rearmCycle, rememberDelivery } from '../eventTriggers';
import { stepElement } from '../stepElement';
import { startEventSubProcess } from '../scopes';
import { enterAfterTermination, enterTriggeredEvent } from '../terminations';
import { accepted, reject, type CommandOutcome } from './CommandOutcome';

interface Trigger {
  elementInstanceKey: number;
  elementId: string;
  interrupting: boolean;
}

export function triggerTimer(exec: Execution, timerKey: number): CommandOutcome {
  const timer = exec.state.timers[String(timerKey)];
  if (!timer) {
    return reject(
      'NOT_FOUND',
      `Expected to trigger timer with key '${timerKey}', but no such timer was found`,
    );
  }
  // A timer never fires early, whoever asks.
  if (timer.dueDate > exec.now) {
    return reject(
      'INVALID_STATE',
      `Expected to trigger timer with key '${timerKey}', but it is due at ${new Date(timer.dueDate).toISOString()}`,
    );
  }
  delete exec.state.timers[String(timerKey)];
  exec.records.push({ kind: 'timer', row: { ...timer }, state: 'TRIGGERED' });
  if (!timer.interrupting) rearmCycle(exec, timer);
  return fire(exec, timer, {});
}

export function correlateMessage(
  exec: Execution,
  subscriptionKey: number,
  messageKey: number,
  variables: Variables,
): CommandOutcome {
  // The same message delivered again (a retry after a crash) changes nothing.
  if (isDelivered(exec, messageKey)) return accepted;
  const subscription = exec.state.messageSubscriptions[String(subscriptionKey)];
  if (!subscription) {
    return reject(
      'NOT_FOUND',
      `Expected to correlate a message to subscription with key '${subscriptionKey}', but no such subscription is open`,
    );
  }
  rememberDelivery(exec, messageKey);
  exec.records.push({ kind: 'messageSubscription', row: { ...subscription }, state: 'CORRELATED' });
  if (subscription.interrupting) delete exec.state.messageSubscriptions[String(subscriptionKey)];
  else
    exec.records.push({ kind: 'messageSubscription', row: { ...subscription }, state: 'CREATED' });
  return fire(exec, subscription, variables);
}

export function triggerSignal(
  exec: Execution,
  subscriptionKey: number,
  signalKey: number,
  variables: Variables,
): CommandOutcome {
  if (isDelivered(exec, signalKey)) return accepted;
  const subscription = exec.state.signalSubscriptions[String(subscriptionKey)];
  if (!subscription) {
    return reject(
      'NOT_FOUND',
      `Expected to trigger signal subscription with key '${subscriptionKey}', but no such subscription is open`,
    );
  }
  rememberDelivery(exec, signalKey);
  if (subscription.interrupting) {
    delete exec.state.signalSubscriptions[String(subscriptionKey)];
    exec.records.push({ kind: 'signalSubscription', row: { ...subscription }, state: 'DELETED' });
  }
  return fire(exec, subscription, variables);
}

function fire(exec: Execution, trigger: Trigger, variables: Variables): CommandOutcome {
  const owner = exec.element(trigger.elementInstanceKey);
  if (!owner) return reject('NOT_FOUND', `the element waiting for the event is no longer active`);
  const behavior = exec.elementDefinition(owner).behavior;
  if (owner.elementId === trigger.elementId) {
    // A catch event or receive task: the event is its work.
    owner.resultVariables = variables;
    if (!stepElement(exec, owner, 'WORK_DONE')) {
      delete owner.resultVariables;
      return reject('INVALID_STATE', `element '${owner.elementId}' is not waiting for the event`);
    }
    return accepted;
  }
  const target = exec.definition.elements[trigger.elementId];
  // The start event of an event subprocess: its scope (the owner) starts it.
  if (target?.type === 'START_EVENT') {
    startEventSubProcess(exec, owner, target, variables);
    return accepted;
  }
  const entry = { elementId: trigger.elementId, variables, locals: {} };
  if (behavior === 'eventBasedGateway') {
    if (!stepElement(exec, owner, 'WORK_DONE')) {
      return reject('INVALID_STATE', `gateway '${owner.elementId}' is not waiting for an event`);
    }
  } else if (trigger.interrupting) {
    // Canceling task listeners may hold the termination: the event is entered after it.
    enterAfterTermination(exec, owner, entry);
    return accepted;
  }
  enterTriggeredEvent(exec, entry, owner.scopeKey ?? owner.key);
  return accepted;
}
