/**
 * Deploy-time checks of timers, messages, signals, boundary events and event-based
 * gateways, each problem naming its element (D7). Static timer values are parsed here,
 * so a model with `PT1X` never deploys; FEEL ones are checked for syntax only.
 */
import {
  booleanProp,
  elementProp,
  elementsProp,
  stringProp,
  type ModdleElement,
} from '../parse/moddleElement';
import { scheduleTimer } from '../timers';
import {
  correlationKeyOf,
  inEventSubProcess,
  messageOf,
  timerFields,
  triggerType,
} from './compileEvents';
import { isFeel } from './expressions';
import type { FlowGraph } from './flowGraph';
import type { ProblemCollector } from './problemCollector';
import { eventDefinitions, SUPPORTED_ELEMENTS } from './supportedElements';
import { validateExpression } from './validateExpression';
import { validateJobTask } from './validateTasks';

const TIMER = 'bpmn:TimerEventDefinition';
const MESSAGE = 'bpmn:MessageEventDefinition';
const SIGNAL = 'bpmn:SignalEventDefinition';

/** Which timer fields each kind of event accepts, as Zeebe does. */
function allowedTimerKinds(node: ModdleElement): string[] {
  if (node.$type === 'bpmn:StartEvent' && inEventSubProcess(node)) {
    return ['date', 'duration', 'cycle'];
  }
  if (node.$type === 'bpmn:StartEvent') return ['date', 'cycle'];
  if (node.$type === 'bpmn:IntermediateCatchEvent') return ['date', 'duration'];
  return ['date', 'duration', 'cycle'];
}

const FIELD_NAMES: Record<string, string> = {
  date: 'timeDate',
  duration: 'timeDuration',
  cycle: 'timeCycle',
};

function validateTimer(node: ModdleElement, definition: ModdleElement, c: ProblemCollector) {
  const fields = timerFields(definition);
  const [field] = fields;
  if (!field || fields.length > 1) {
    c.add(node, 'a timer must have exactly one of timeDate, timeDuration or timeCycle');
    return;
  }
  const name = FIELD_NAMES[field.kind]!;
  if (!allowedTimerKinds(node).includes(field.kind)) {
    const allowed = allowedTimerKinds(node)
      .map((kind) => FIELD_NAMES[kind])
      .join(' or ');
    c.add(node, `a timer on this event must have ${allowed}, not ${name}`);
    return;
  }
  if (field.raw === '') {
    c.add(node, `the timer's ${name} is empty`);
    return;
  }
  if (isFeel(field.raw)) {
    validateExpression(c, node, `the timer's ${name}`, field.raw);
    return;
  }
  const schedule = scheduleTimer(field.kind, field.raw, 0);
  if (!schedule.ok) c.add(node, `the timer's ${name} is invalid: ${schedule.message}`);
}

function validateMessage(node: ModdleElement, c: ProblemCollector) {
  const message = messageOf(node);
  const name = message && stringProp(message, 'name');
  if (!message || !name?.trim()) {
    c.add(node, 'must refer to a message with a name (bpmn:message name)');
    return;
  }
  validateExpression(c, node, 'the message name', name.trim());
  if (node.$type === 'bpmn:StartEvent' && !inEventSubProcess(node)) return;
  const key = correlationKeyOf(message);
  if (!key) {
    c.add(
      node,
      `message '${name}' must have a correlation key (zeebe:subscription correlationKey)`,
    );
    return;
  }
  validateExpression(c, node, 'zeebe:subscription correlationKey', key);
}

function validateSignal(node: ModdleElement, definition: ModdleElement, c: ProblemCollector) {
  const signal = elementProp(definition, 'signalRef');
  const name = signal && stringProp(signal, 'name');
  if (!name?.trim()) c.add(node, 'must refer to a signal with a name (bpmn:signal name)');
  else validateExpression(c, node, 'the signal name', name.trim());
}

/** Timer, message and signal events and receive tasks. */
export function validateEvent(node: ModdleElement, graph: FlowGraph, c: ProblemCollector): void {
  if (node.$type === 'bpmn:ReceiveTask') {
    validateMessage(node, c);
    return;
  }
  const [definition] = eventDefinitions(node);
  const type = triggerType(node);
  const throws = node.$type === 'bpmn:IntermediateThrowEvent' || node.$type === 'bpmn:EndEvent';
  if (definition && type === TIMER) validateTimer(node, definition, c);
  if (type === MESSAGE) {
    if (throws) validateJobTask(node, c);
    else validateMessage(node, c);
  }
  if (definition && type === SIGNAL) validateSignal(node, definition, c);
  if (node.$type === 'bpmn:BoundaryEvent') validateBoundary(node, graph, c);
}

function validateBoundary(node: ModdleElement, graph: FlowGraph, c: ProblemCollector) {
  const activity = elementProp(node, 'attachedToRef');
  if (!activity || !activity.$instanceOf('bpmn:Activity') || !SUPPORTED_ELEMENTS[activity.$type]) {
    c.add(node, 'a boundary event must be attached to an activity the runtime executes');
  }
  if (graph.incoming(node).length > 0) {
    c.add(node, 'boundary events must not have incoming sequence flows');
  }
  const [definition] = eventDefinitions(node);
  // a compensation boundary event leads to its handler by association, not by flow
  if (definition?.$type === 'bpmn:CompensateEventDefinition') {
    if (graph.outgoing(node).length > 0) {
      c.add(node, 'a compensation boundary event must not have outgoing sequence flows');
    }
  } else if (graph.outgoing(node).length === 0) {
    c.add(node, 'a boundary event must have at least one outgoing sequence flow');
  }
  const interrupting = booleanProp(node, 'cancelActivity') !== false;
  if (definition && interrupting && timerFields(definition).some((f) => f.kind === 'cycle')) {
    c.add(
      node,
      'an interrupting timer boundary event cannot have a timeCycle; make it non-interrupting',
    );
  }
}

const CATCHING = ['bpmn:IntermediateCatchEvent', 'bpmn:ReceiveTask'];

/** An event-based gateway leads to two or more catch events or receive tasks, unconditionally. */
export function validateEventBasedGateway(
  gateway: ModdleElement,
  graph: FlowGraph,
  c: ProblemCollector,
): void {
  const outgoing = graph.outgoing(gateway);
  if (outgoing.length < 2) {
    c.add(gateway, 'an event-based gateway must have at least two outgoing sequence flows');
  }
  const names = new Set<string>();
  for (const flow of outgoing) {
    if (elementProp(flow, 'conditionExpression')) {
      c.add(
        gateway,
        `the sequence flows of an event-based gateway cannot have conditions ('${flow.id}')`,
      );
    }
    const target = elementProp(flow, 'targetRef');
    const type = target && triggerType(target);
    const catching =
      target &&
      CATCHING.includes(target.$type) &&
      (target.$type === 'bpmn:ReceiveTask' ||
        type === TIMER ||
        type === MESSAGE ||
        type === SIGNAL);
    if (!catching) {
      c.add(
        gateway,
        `an event-based gateway may lead only to timer, message or signal catch events or receive tasks, not to '${target?.id ?? '?'}'`,
      );
      continue;
    }
    const message = messageOf(target);
    const name = message && stringProp(message, 'name');
    if (name && !isFeel(name)) {
      if (names.has(name))
        c.add(gateway, `two events after the gateway wait for message '${name}'`);
      names.add(name);
    }
  }
}

/** Message start events of one process need distinct message names. */
export function validateMessageStarts(process: ModdleElement, c: ProblemCollector): void {
  const seen = new Set<string>();
  for (const start of elementsProp(process, 'flowElements')) {
    if (start.$type !== 'bpmn:StartEvent' || triggerType(start) !== MESSAGE) continue;
    // a multiple start event is rejected on its own; it waits for no message here
    if (eventDefinitions(start).length !== 1) continue;
    const message = messageOf(start);
    // the message's name, as compiled (trimmed); never the start event's own name
    const name = message && stringProp(message, 'name')?.trim();
    if (!name) continue;
    if (seen.has(name))
      c.add(start, `another message start event already waits for message '${name}'`);
    seen.add(name);
  }
}
