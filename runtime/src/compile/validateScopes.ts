/**
 * Deploy-time checks of scopes and of the events that cross them: the start events a
 * process, an embedded subprocess or an event subprocess may have, error and escalation
 * codes, terminate ends and link names. Each problem names its element (D7).
 */
import { booleanProp, elementProp, elementsProp, type ModdleElement } from '../parse/moddleElement';
import { eventCodeOf, linkNameOf, triggerType } from './compileEvents';
import type { FlowGraph } from './flowGraph';
import type { ProblemCollector } from './problemCollector';
import { eventDefinitions } from './supportedElements';
import { isFeel } from './expressions';
import { validateExpression } from './validateExpression';

const ERROR = 'bpmn:ErrorEventDefinition';
const ESCALATION = 'bpmn:EscalationEventDefinition';
const LINK = 'bpmn:LinkEventDefinition';
const COMPENSATE = 'bpmn:CompensateEventDefinition';
const EVENT_SUBPROCESS_STARTS = new Set([
  'bpmn:TimerEventDefinition',
  'bpmn:MessageEventDefinition',
  'bpmn:SignalEventDefinition',
  ERROR,
  ESCALATION,
]);

const startsOf = (container: ModdleElement) =>
  elementsProp(container, 'flowElements').filter((e) => e.$type === 'bpmn:StartEvent');

/** Error and escalation start events belong to event subprocesses only. */
export function validateProcessStarts(process: ModdleElement, c: ProblemCollector): void {
  for (const start of startsOf(process)) {
    const type = triggerType(start);
    if (type === ERROR || type === ESCALATION) {
      const kind = type === ERROR ? 'error' : 'escalation';
      c.add(start, `${kind} start events are allowed only in event subprocesses`);
    }
  }
}

/** An embedded subprocess has one none start event; an event subprocess one triggered start. */
export function validateSubProcess(node: ModdleElement, graph: FlowGraph, c: ProblemCollector) {
  const starts = startsOf(node);
  if (booleanProp(node, 'triggeredByEvent') !== true) {
    const none = starts.filter((start) => eventDefinitions(start).length === 0);
    if (starts.length !== 1 || none.length !== 1) {
      c.add(node, 'an embedded subprocess must have exactly one start event, a none start event');
    }
    return;
  }
  if (graph.incoming(node).length > 0 || graph.outgoing(node).length > 0) {
    c.add(node, 'an event subprocess must not have incoming or outgoing sequence flows');
  }
  const [start] = starts;
  const type = start && triggerType(start);
  if (starts.length !== 1 || !type || !EVENT_SUBPROCESS_STARTS.has(type)) {
    c.add(
      node,
      'an event subprocess must have exactly one start event, with a timer, message, signal, error or escalation definition',
    );
    return;
  }
  if (type === ERROR && booleanProp(start, 'isInterrupting') === false) {
    c.add(start, 'an error start event must be interrupting');
  }
}

/** Error end events and escalation throws need a code; error boundaries interrupt. */
export function validateThrownCode(node: ModdleElement, c: ProblemCollector): void {
  const [definition] = eventDefinitions(node);
  const type = definition?.$type;
  if (type !== ERROR && type !== ESCALATION) return;
  const kind = type === ERROR ? 'error' : 'escalation';
  if (node.$type === 'bpmn:BoundaryEvent') {
    if (kind === 'error' && booleanProp(node, 'cancelActivity') === false) {
      c.add(node, 'an error boundary event must be interrupting');
    }
    return;
  }
  if (node.$type !== 'bpmn:EndEvent' && node.$type !== 'bpmn:IntermediateThrowEvent') return;
  const code = definition && eventCodeOf(definition);
  if (!code) {
    const attribute = kind === 'error' ? 'bpmn:error errorCode' : 'bpmn:escalation escalationCode';
    c.add(node, `must refer to an ${kind} with a code (${attribute})`);
  } else if (isFeel(code)) {
    validateExpression(c, node, `the ${kind} code`, code);
  }
}

/** Link catch names are unique in their scope, and every link throw has its catch. */
export function validateLinks(container: ModdleElement, c: ProblemCollector): void {
  const links = elementsProp(container, 'flowElements').filter((e) => triggerType(e) === LINK);
  const catches = new Map<string, ModdleElement>();
  for (const link of links) {
    if (link.$type !== 'bpmn:IntermediateCatchEvent') continue;
    const name = linkNameOf(link);
    if (!name) {
      c.add(link, 'a link catch event must have a link name');
    } else if (catches.has(name)) {
      c.add(link, `link '${name}' has more than one catch event in this scope`);
    } else catches.set(name, link);
  }
  for (const link of links) {
    if (link.$type !== 'bpmn:IntermediateThrowEvent') continue;
    const name = linkNameOf(link);
    if (!name || !catches.has(name)) {
      c.add(
        link,
        `link throw event '${name ?? ''}' has no link catch event of that name in its scope`,
      );
    }
  }
}

/**
 * A compensation boundary event is associated with one handler (`isForCompensation`),
 * and a handler is entered only by compensation: no sequence flows in or out.
 */
export function validateCompensation(
  container: ModdleElement,
  graph: FlowGraph,
  c: ProblemCollector,
): void {
  const associations = elementsProp(container, 'artifacts').filter(
    (artifact) => artifact.$type === 'bpmn:Association',
  );
  for (const node of elementsProp(container, 'flowElements')) {
    if (node.$type === 'bpmn:BoundaryEvent' && triggerType(node) === COMPENSATE) {
      const handlers = associations
        .filter((association) => elementProp(association, 'sourceRef') === node)
        .map((association) => elementProp(association, 'targetRef'));
      // an association whose target does not resolve has no handler at its end
      const [handler] = handlers;
      if (handlers.length !== 1 || !handler || booleanProp(handler, 'isForCompensation') !== true) {
        c.add(
          node,
          'a compensation boundary event must be associated with exactly one compensation handler (an activity with isForCompensation)',
        );
      }
    }
    if (node.$instanceOf('bpmn:Activity') && booleanProp(node, 'isForCompensation') === true) {
      if (graph.incoming(node).length > 0 || graph.outgoing(node).length > 0) {
        c.add(node, 'a compensation handler must not have incoming or outgoing sequence flows');
      }
    }
  }
}
