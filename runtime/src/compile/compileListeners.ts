/**
 * `zeebe:executionListeners`: job-based listeners that run when an element starts or
 * ends. The same reader serves validation; Zeebe's limits on where each kind may be are
 * checked here too.
 */
import type { ExecutionListeners, ListenerDefinition } from '../model/CompiledDefinition';
import { elementsProp, stringProp, type ModdleElement } from '../parse/moddleElement';
import { compileHeaders } from './compileTasks';
import { triggerType } from './compileEvents';
import { toExpression } from './expressions';
import type { ProblemCollector } from './problemCollector';
import { validateExpression } from './validateExpression';
import { findExtension } from './zeebeExtensions';

const DEFAULT_RETRIES = '3';

function listenerNodes(node: ModdleElement): ModdleElement[] {
  const container = findExtension(node, 'zeebe:ExecutionListeners');
  return container ? elementsProp(container, 'listeners') : [];
}

export function compileListeners(node: ModdleElement): ExecutionListeners | undefined {
  const nodes = listenerNodes(node);
  if (nodes.length === 0) return undefined;
  const listeners: ExecutionListeners = { start: [], end: [] };
  for (const listener of nodes) {
    const eventType = (stringProp(listener, 'eventType') ?? '').trim();
    const retries = (stringProp(listener, 'retries') ?? '').trim();
    const compiled: ListenerDefinition = {
      type: toExpression((stringProp(listener, 'type') ?? '').trim()),
      retries: toExpression(retries || DEFAULT_RETRIES),
      headers: compileHeaders(listener),
    };
    if (eventType === 'start' || eventType === 'end') listeners[eventType].push(compiled);
  }
  return listeners;
}

/** Where Zeebe does not run a kind of listener: the element never starts or ends that way. */
function refusedEventType(node: ModdleElement): { eventType: string; why: string } | undefined {
  if (node.$type === 'bpmn:BoundaryEvent') {
    return { eventType: 'start', why: 'boundary events are entered when they are triggered' };
  }
  if (node.$type.endsWith('Gateway')) {
    return { eventType: 'end', why: 'gateways end as they take their flows' };
  }
  if (node.$type === 'bpmn:EndEvent' && triggerType(node) === 'bpmn:ErrorEventDefinition') {
    return { eventType: 'end', why: 'an error end event ends its scope instead' };
  }
  return undefined;
}

export function validateListeners(node: ModdleElement, c: ProblemCollector): void {
  const refused = refusedEventType(node);
  for (const listener of listenerNodes(node)) {
    const eventType = (stringProp(listener, 'eventType') ?? '').trim();
    if (eventType !== 'start' && eventType !== 'end') {
      c.add(node, `an execution listener's eventType must be start or end, not '${eventType}'`);
      continue;
    }
    if (refused?.eventType === eventType) {
      c.add(node, `${eventType} execution listeners are not supported here: ${refused.why}`);
    }
    const type = (stringProp(listener, 'type') ?? '').trim();
    if (!type)
      c.add(node, `an execution listener must have a job type (zeebe:executionListener type)`);
    else validateExpression(c, node, 'zeebe:executionListener type', type);
    const retries = (stringProp(listener, 'retries') ?? '').trim();
    if (retries && !retries.startsWith('=') && !/^\d+$/.test(retries)) {
      c.add(node, `zeebe:executionListener retries must be a whole number, not '${retries}'`);
    } else if (retries) validateExpression(c, node, 'zeebe:executionListener retries', retries);
  }
}
