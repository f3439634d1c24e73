/**
 * Event definitions compiled to data: a timer's date, duration or cycle, a message's
 * name and correlation key (`zeebe:subscription`), a signal's name. The same readers
 * serve validation, so both see one interpretation of the XML.
 */
import type {
  EventTrigger,
  Expression,
  MessageDefinition,
  SignalDefinition,
  TimerKind,
} from '../model/CompiledDefinition';
import { booleanProp, elementProp, stringProp, type ModdleElement } from '../parse/moddleElement';
import { toExpression } from './expressions';
import { eventDefinitions } from './supportedElements';
import { findExtension } from './zeebeExtensions';

const TIMER_FIELDS: readonly [TimerKind, string][] = [
  ['date', 'timeDate'],
  ['duration', 'timeDuration'],
  ['cycle', 'timeCycle'],
];

/** The timer's written kinds and texts (a valid timer has exactly one). */
export function timerFields(definition: ModdleElement): { kind: TimerKind; raw: string }[] {
  const fields: { kind: TimerKind; raw: string }[] = [];
  for (const [kind, name] of TIMER_FIELDS) {
    const expression = elementProp(definition, name);
    if (!expression) continue;
    fields.push({ kind, raw: (stringProp(expression, 'body') ?? '').trim() });
  }
  return fields;
}

/** The `bpmn:message` an event or receive task refers to. */
export function messageOf(node: ModdleElement): ModdleElement | undefined {
  if (node.$type === 'bpmn:ReceiveTask') return elementProp(node, 'messageRef');
  const definition = eventDefinitions(node)[0];
  return definition ? elementProp(definition, 'messageRef') : undefined;
}

export function correlationKeyOf(message: ModdleElement): string | undefined {
  const subscription = findExtension(message, 'zeebe:Subscription');
  const raw = subscription && stringProp(subscription, 'correlationKey');
  return raw?.trim() ? raw.trim() : undefined;
}

function compileMessage(node: ModdleElement, withKey: boolean): MessageDefinition {
  const message = messageOf(node);
  const name = (message && stringProp(message, 'name')) ?? '';
  const key = withKey && message ? correlationKeyOf(message) : undefined;
  return { name: toExpression(name.trim()), correlationKey: key ? toExpression(key) : null };
}

export function compileSignal(definition: ModdleElement): SignalDefinition {
  const signal = elementProp(definition, 'signalRef');
  return { name: toExpression(((signal && stringProp(signal, 'name')) ?? '').trim()) };
}

/** The code of the `bpmn:error` or `bpmn:escalation` an event definition refers to. */
export function eventCodeOf(definition: ModdleElement): string | undefined {
  const isError = definition.$type === 'bpmn:ErrorEventDefinition';
  const target = elementProp(definition, isError ? 'errorRef' : 'escalationRef');
  const code = target && stringProp(target, isError ? 'errorCode' : 'escalationCode');
  return code?.trim() ? code.trim() : undefined;
}

/** The `name` of a link event definition. */
export function linkNameOf(node: ModdleElement): string | undefined {
  const definition = eventDefinitions(node)[0];
  const name = definition && stringProp(definition, 'name');
  return name?.trim() ? name.trim() : undefined;
}

/** A start event of an event subprocess subscribes within its scope, with a correlation key. */
export function inEventSubProcess(node: ModdleElement): boolean {
  const parent = node.$parent;
  return parent?.$type === 'bpmn:SubProcess' && booleanProp(parent, 'triggeredByEvent') === true;
}

/** What a catching event, start event, boundary event or receive task waits for. */
export function compileTrigger(node: ModdleElement): EventTrigger | undefined {
  if (node.$type === 'bpmn:ReceiveTask') {
    return { kind: 'message', message: compileMessage(node, true) };
  }
  const definition = eventDefinitions(node)[0];
  switch (definition?.$type) {
    case 'bpmn:TimerEventDefinition': {
      const [field] = timerFields(definition);
      const value: Expression = toExpression(field?.raw ?? '');
      return { kind: 'timer', timer: { kind: field?.kind ?? 'date', value } };
    }
    case 'bpmn:MessageEventDefinition':
      return {
        kind: 'message',
        message: compileMessage(node, node.$type !== 'bpmn:StartEvent' || inEventSubProcess(node)),
      };
    case 'bpmn:SignalEventDefinition':
      return { kind: 'signal', signal: compileSignal(definition) };
    case 'bpmn:ErrorEventDefinition':
      return { kind: 'error', code: eventCodeOf(definition) ?? null };
    case 'bpmn:EscalationEventDefinition':
      return { kind: 'escalation', code: eventCodeOf(definition) ?? null };
    case 'bpmn:CompensateEventDefinition':
      return { kind: 'compensation' };
    default:
      return undefined;
  }
}

/** The single event definition's type of an event, if it has one. */
export function triggerType(node: ModdleElement): string | undefined {
  return eventDefinitions(node)[0]?.$type;
}
