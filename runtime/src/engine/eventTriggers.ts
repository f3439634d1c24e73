/**
 * Timers and message and signal subscriptions of element instances. An element instance
 * owns them: a catch event or receive task its own, an activity those of its boundary
 * events, an event-based gateway those of the events after it. They are opened when the
 * owner opens its work and closed with it, whichever way it ends.
 */
import type { CompiledElement, EventTrigger } from '../model/CompiledDefinition';
import type {
  ElementInstanceState,
  MessageSubscriptionState,
  SignalSubscriptionState,
  TimerState,
} from '../model/InstanceState';
import { nextCycleFiring, scheduleTimer } from '../timers';
import type { Execution } from './Execution';
import { fail, ok, type Outcome, type ScopeExpressions } from './expressions';

/** A trigger whose expressions are evaluated, ready to arm. */
export type PreparedTrigger =
  | {
      kind: 'timer';
      elementId: string;
      interrupting: boolean;
      dueDate: number;
      cycle: string | null;
      remaining: number | null;
    }
  | {
      kind: 'message';
      elementId: string;
      interrupting: boolean;
      messageName: string;
      correlationKey: string;
    }
  | { kind: 'signal'; elementId: string; interrupting: boolean; signalName: string };

/** Evaluates what `element` waits for, in the owner's scope; nothing is armed yet. */
export function prepareTrigger(
  exec: Execution,
  expressions: ScopeExpressions,
  element: CompiledElement,
  interrupting: boolean,
): Outcome<PreparedTrigger> {
  const trigger = element.trigger;
  if (!trigger) return fail('UNKNOWN', `element '${element.id}' has no event definition`);
  const base = { elementId: element.id, interrupting };
  switch (trigger.kind) {
    case 'timer':
      return prepareTimer(exec, expressions, element.id, trigger, base);
    case 'message': {
      const name = expressions.string(trigger.message.name);
      if (!name.ok) return name;
      const correlationKey = correlationKeyOf(expressions, element.id, trigger);
      if (!correlationKey.ok) return correlationKey;
      return ok({
        kind: 'message',
        ...base,
        messageName: name.value,
        correlationKey: correlationKey.value,
      });
    }
    case 'signal': {
      const name = expressions.string(trigger.signal.name);
      if (!name.ok) return name;
      return ok({ kind: 'signal', ...base, signalName: name.value });
    }
    default:
      return fail('UNKNOWN', `${trigger.kind} events of '${element.id}' are thrown, not armed`);
  }
}

function prepareTimer(
  exec: Execution,
  expressions: ScopeExpressions,
  elementId: string,
  trigger: Extract<EventTrigger, { kind: 'timer' }>,
  base: { elementId: string; interrupting: boolean },
): Outcome<PreparedTrigger> {
  const text = timerText(expressions, trigger);
  if (!text.ok) return text;
  const schedule = scheduleTimer(trigger.timer.kind, text.value, exec.now);
  if (!schedule.ok) {
    return fail(
      'EXTRACT_VALUE_ERROR',
      `the timer of '${elementId}' is invalid: ${schedule.message}`,
    );
  }
  return ok({ kind: 'timer', ...base, ...schedule.value });
}

/** A timer's date, duration or cycle as text: FEEL dates and durations come back as ISO strings. */
export function timerText(
  expressions: ScopeExpressions,
  trigger: Extract<EventTrigger, { kind: 'timer' }>,
): Outcome<string> {
  const { value } = trigger.timer;
  if (value.kind === 'static') return ok(value.value.trim());
  const result = expressions.value(value.expression, 'EXTRACT_VALUE_ERROR');
  if (!result.ok) return result;
  if (typeof result.value !== 'string') {
    return fail(
      'EXTRACT_VALUE_ERROR',
      `Expected the timer expression '${value.expression}' to be a date-time, duration or cycle, but was '${JSON.stringify(result.value)}'`,
    );
  }
  // A named zone (`…+01:00[Europe/Paris]`) is already resolved into the offset.
  return ok(result.value.replace(/\[[^\]]*\]$/, ''));
}

/** Zeebe compares correlation keys as strings: a number matches its string form. */
function correlationKeyOf(
  expressions: ScopeExpressions,
  elementId: string,
  trigger: Extract<EventTrigger, { kind: 'message' }>,
): Outcome<string> {
  const expression = trigger.message.correlationKey;
  if (!expression) return ok('');
  if (expression.kind === 'static') return ok(expression.value);
  const result = expressions.value(expression.expression, 'EXTRACT_VALUE_ERROR');
  if (!result.ok) return result;
  if (typeof result.value === 'string') return ok(result.value);
  if (typeof result.value === 'number') return ok(String(result.value));
  return fail(
    'EXTRACT_VALUE_ERROR',
    `Failed to extract the correlation key for '${elementId}': The value must be either a string or a number, but was '${JSON.stringify(result.value)}'`,
  );
}

/** Arms prepared triggers for their owner. */
export function armTriggers(
  exec: Execution,
  owner: ElementInstanceState,
  prepared: PreparedTrigger[],
) {
  for (const trigger of prepared) {
    const common = {
      key: exec.nextKey(),
      elementInstanceKey: owner.key,
      elementId: trigger.elementId,
      interrupting: trigger.interrupting,
    };
    switch (trigger.kind) {
      case 'timer': {
        const timer: TimerState = {
          ...common,
          dueDate: trigger.dueDate,
          cycle: trigger.cycle,
          remaining: trigger.remaining,
        };
        exec.state.timers[String(timer.key)] = timer;
        exec.records.push({ kind: 'timer', row: { ...timer }, state: 'CREATED' });
        break;
      }
      case 'message': {
        const subscription: MessageSubscriptionState = {
          ...common,
          messageName: trigger.messageName,
          correlationKey: trigger.correlationKey,
        };
        exec.state.messageSubscriptions[String(subscription.key)] = subscription;
        exec.records.push({
          kind: 'messageSubscription',
          row: { ...subscription },
          state: 'CREATED',
        });
        break;
      }
      case 'signal': {
        const subscription: SignalSubscriptionState = { ...common, signalName: trigger.signalName };
        exec.state.signalSubscriptions[String(subscription.key)] = subscription;
        exec.records.push({
          kind: 'signalSubscription',
          row: { ...subscription },
          state: 'CREATED',
        });
        break;
      }
    }
  }
}

/** Closes every timer and subscription the element instance owns. */
export function closeTriggers(exec: Execution, ownerKey: number) {
  const { timers, messageSubscriptions, signalSubscriptions } = exec.state;
  for (const timer of Object.values(timers)) {
    if (timer.elementInstanceKey !== ownerKey) continue;
    delete timers[String(timer.key)];
    exec.records.push({ kind: 'timer', row: { ...timer }, state: 'CANCELED' });
  }
  for (const subscription of Object.values(messageSubscriptions)) {
    if (subscription.elementInstanceKey !== ownerKey) continue;
    delete messageSubscriptions[String(subscription.key)];
    exec.records.push({ kind: 'messageSubscription', row: { ...subscription }, state: 'DELETED' });
  }
  for (const subscription of Object.values(signalSubscriptions)) {
    if (subscription.elementInstanceKey !== ownerKey) continue;
    delete signalSubscriptions[String(subscription.key)];
    exec.records.push({ kind: 'signalSubscription', row: { ...subscription }, state: 'DELETED' });
  }
}

/** The timer's next firing of a cycle on a non-interrupting boundary event, armed anew. */
export function rearmCycle(exec: Execution, timer: TimerState): void {
  if (timer.cycle === null) return;
  const next = nextCycleFiring(timer.cycle, timer.dueDate, timer.remaining);
  if (!next || !next.ok) return;
  const rearmed: TimerState = { ...timer, key: exec.nextKey(), ...next.value };
  exec.state.timers[String(rearmed.key)] = rearmed;
  exec.records.push({ kind: 'timer', row: { ...rearmed }, state: 'CREATED' });
}

const DELIVERY_MEMORY = 100;

/** Remembers a message or signal key taken in; true when it was taken in before. */
export function isDelivered(exec: Execution, deliveryKey: number): boolean {
  return exec.state.deliveries.includes(deliveryKey);
}

export function rememberDelivery(exec: Execution, deliveryKey: number) {
  const { deliveries } = exec.state;
  deliveries.push(deliveryKey);
  if (deliveries.length > DELIVERY_MEMORY)
    deliveries.splice(0, deliveries.length - DELIVERY_MEMORY);
}
