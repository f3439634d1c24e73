import type {
  CompiledDefinition,
  CompiledElement,
  CompiledFlow,
} from '../model/CompiledDefinition';
import {
  booleanProp,
  elementProp,
  elementsProp,
  stringProp,
  type ModdleElement,
} from '../parse/moddleElement';
import { flowGraph, type FlowGraph } from './flowGraph';
import { compileJob, compileMappings, compileUserTask, compileUserTaskJob } from './compileTasks';
import { SUPPORTED_ELEMENTS, eventDefinitions } from './supportedElements';
import { findExtension } from './zeebeExtensions';
import {
  compileSignal,
  compileTrigger,
  eventCodeOf,
  inEventSubProcess,
  linkNameOf,
  triggerType,
} from './compileEvents';
import { toExpression } from './expressions';
import { compileMultiInstance } from './compileLoops';
import { compileCalledElement } from './compileCallActivity';
import { compileScriptTask } from './compileScriptTask';
import { compileBusinessRuleTask } from './compileBusinessRuleTask';
import { compileListeners } from './compileListeners';

const MESSAGE = 'bpmn:MessageEventDefinition';
const SIGNAL = 'bpmn:SignalEventDefinition';
const LINK = 'bpmn:LinkEventDefinition';

/** Events: what they wait for, throw, or are attached to. */
function compileEvent(node: ModdleElement, compiled: CompiledElement): void {
  switch (node.$type) {
    case 'bpmn:StartEvent':
    case 'bpmn:IntermediateCatchEvent':
    case 'bpmn:ReceiveTask': {
      const trigger = compileTrigger(node);
      if (trigger) compiled.trigger = trigger;
      if (node.$type === 'bpmn:StartEvent' && inEventSubProcess(node)) {
        compiled.interrupting = booleanProp(node, 'isInterrupting') !== false;
      }
      break;
    }
    case 'bpmn:BoundaryEvent': {
      const trigger = compileTrigger(node);
      if (trigger) compiled.trigger = trigger;
      compiled.attachedTo = idOf(elementProp(node, 'attachedToRef') ?? node);
      compiled.cancelActivity = booleanProp(node, 'cancelActivity') !== false;
      break;
    }
    case 'bpmn:IntermediateThrowEvent':
    case 'bpmn:EndEvent':
      compileThrowEvent(node, compiled);
      break;
  }
}

/** Throw and end events: what they throw, broadcast or end. */
function compileThrowEvent(node: ModdleElement, compiled: CompiledElement): void {
  const [definition] = eventDefinitions(node);
  switch (definition?.$type) {
    case MESSAGE: // Zeebe throws messages through a job
      compiled.behavior = 'jobWorker';
      compiled.job = compileJob(node);
      break;
    case SIGNAL: // signals are broadcast by the engine
      compiled.behavior = 'signalThrow';
      compiled.signal = compileSignal(definition);
      break;
    case 'bpmn:ErrorEventDefinition':
    case 'bpmn:EscalationEventDefinition': {
      const kind = definition.$type === 'bpmn:ErrorEventDefinition' ? 'error' : 'escalation';
      compiled.behavior = kind === 'error' ? 'errorThrow' : 'escalationThrow';
      compiled.thrown = { kind, code: toExpression(eventCodeOf(definition) ?? '') };
      break;
    }
    case 'bpmn:TerminateEventDefinition':
      compiled.behavior = 'terminateEnd';
      break;
    case 'bpmn:CompensateEventDefinition': {
      compiled.behavior = 'compensationThrow';
      const activity = elementProp(definition, 'activityRef');
      if (activity?.id) compiled.compensateActivity = activity.id;
      break;
    }
    case 'bpmn:LinkEventDefinition':
      compiled.behavior = 'linkThrow';
      break;
  }
}

function idOf(element: ModdleElement): string {
  return element.id ?? '';
}

function compileElement(
  node: ModdleElement,
  scopeId: string,
  graph: FlowGraph,
): CompiledElement | undefined {
  const supported = SUPPORTED_ELEMENTS[node.$type];
  if (!supported) return undefined;
  const isGateway = node.$type.endsWith('Gateway');
  const compiled: CompiledElement = {
    id: idOf(node),
    name: stringProp(node, 'name') ?? null,
    type: supported.type,
    behavior: supported.behavior,
    scopeId,
    incoming: graph.incoming(node).map(idOf),
    outgoing: graph.outgoing(node).map(idOf),
    ...(isGateway ? { inputs: [], outputs: [] } : compileMappings(node)),
  };

  if (booleanProp(node, 'isForCompensation') === true) compiled.isForCompensation = true;
  const listeners = compileListeners(node);
  if (listeners) compiled.listeners = listeners;
  const multiInstance = compileMultiInstance(node);
  if (multiInstance) compiled.multiInstance = multiInstance;

  switch (node.$type) {
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
      compiled.job = compileJob(node);
      break;
    case 'bpmn:CallActivity':
      compiled.calledElement = compileCalledElement(node);
      break;
    case 'bpmn:ScriptTask':
      compileScriptTask(node, compiled);
      break;
    case 'bpmn:BusinessRuleTask':
      compileBusinessRuleTask(node, compiled);
      break;
    case 'bpmn:UserTask':
      compiled.userTask = compileUserTask(node);
      if (!findExtension(node, 'zeebe:UserTask')) {
        compiled.behavior = 'jobWorker';
        compiled.job = compileUserTaskJob(node);
      }
      break;
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:InclusiveGateway': {
      const defaultFlow = elementProp(node, 'default');
      if (defaultFlow?.id) compiled.defaultFlow = defaultFlow.id;
      break;
    }
    default:
      compileEvent(node, compiled);
  }
  return compiled;
}

function compileFlow(flow: ModdleElement): CompiledFlow {
  const compiled: CompiledFlow = {
    id: idOf(flow),
    name: stringProp(flow, 'name') ?? null,
    sourceRef: idOf(elementProp(flow, 'sourceRef') ?? flow),
    targetRef: idOf(elementProp(flow, 'targetRef') ?? flow),
  };
  const condition = elementProp(flow, 'conditionExpression');
  const body = condition && stringProp(condition, 'body')?.trim();
  if (body) compiled.condition = body.replace(/^=/, '').trim();
  return compiled;
}

/**
 * Compiles a validated executable process to the plain data the runtime executes.
 * Call validateProcess first: this function assumes a model without problems.
 *
 * @example
 * const definition = compileProcess(process);
 * definition.elements[definition.startEventId]?.type; // 'START_EVENT'
 */
export function compileProcess(process: ModdleElement): CompiledDefinition {
  const processId = idOf(process);
  const elements: Record<string, CompiledElement> = {};
  const flows: Record<string, CompiledFlow> = {};
  const scope = compileScope(process, processId, elements, flows);
  for (const element of Object.values(elements)) {
    const activity = element.attachedTo ? elements[element.attachedTo] : undefined;
    if (activity) (activity.boundaryEvents ??= []).push(element.id);
  }

  const processListeners = compileListeners(process);
  const versionTag = findExtension(process, 'zeebe:VersionTag');
  const tag = versionTag && stringProp(versionTag, 'value')?.trim();
  return {
    processId,
    name: stringProp(process, 'name') ?? null,
    versionTag: tag ? tag : null,
    startEventId: scope.noneStartId,
    eventStartIds: scope.triggeredStartIds,
    ...(scope.eventSubProcesses.length ? { eventSubProcesses: scope.eventSubProcesses } : {}),
    ...(processListeners ? { listeners: processListeners } : {}),
    elements,
    flows,
  };
}

/** A compensation boundary event is associated with its handler (`bpmn:association`). */
function compileCompensationHandlers(
  container: ModdleElement,
  elements: Record<string, CompiledElement>,
) {
  for (const association of elementsProp(container, 'artifacts')) {
    if (association.$type !== 'bpmn:Association') continue;
    const boundary = elements[elementProp(association, 'sourceRef')?.id ?? ''];
    const handler = elements[elementProp(association, 'targetRef')?.id ?? ''];
    if (boundary?.trigger?.kind !== 'compensation' || !handler || !boundary.attachedTo) continue;
    const activity = elements[boundary.attachedTo];
    if (activity) activity.compensationHandler = handler.id;
  }
}

interface CompiledScope {
  noneStartId: string;
  triggeredStartIds: string[];
  eventSubProcesses: string[];
}

/**
 * Compiles the flow elements of a process or subprocess into `elements` and `flows`,
 * recursing into subprocesses: each element records the scope it runs in.
 */
function compileScope(
  container: ModdleElement,
  scopeId: string,
  elements: Record<string, CompiledElement>,
  flows: Record<string, CompiledFlow>,
): CompiledScope {
  const graph = flowGraph(container);
  const scope: CompiledScope = { noneStartId: '', triggeredStartIds: [], eventSubProcesses: [] };
  const linkCatches = new Map<string, string>();
  const linkThrows: [CompiledElement, ModdleElement][] = [];
  for (const node of elementsProp(container, 'flowElements')) {
    const compiled = compileElement(node, scopeId, graph);
    if (!compiled) continue;
    elements[compiled.id] = compiled;
    if (node.$type === 'bpmn:StartEvent') {
      if (compiled.trigger) scope.triggeredStartIds.push(compiled.id);
      else scope.noneStartId = compiled.id;
    }
    if (node.$type === 'bpmn:IntermediateCatchEvent' && triggerType(node) === LINK) {
      const name = linkNameOf(node);
      if (name) linkCatches.set(name, compiled.id);
    }
    if (compiled.behavior === 'linkThrow') linkThrows.push([compiled, node]);
    if (node.$type === 'bpmn:SubProcess') {
      const inner = compileScope(node, compiled.id, elements, flows);
      const eventTriggered = booleanProp(node, 'triggeredByEvent') === true;
      if (eventTriggered) {
        compiled.type = 'EVENT_SUB_PROCESS';
        scope.eventSubProcesses.push(compiled.id);
      }
      const start = eventTriggered ? inner.triggeredStartIds[0] : inner.noneStartId;
      if (start) compiled.startEventId = start;
      if (inner.eventSubProcesses.length) compiled.eventSubProcesses = inner.eventSubProcesses;
    }
  }
  compileCompensationHandlers(container, elements);
  for (const [compiled, node] of linkThrows) {
    const target = linkCatches.get(linkNameOf(node) ?? '');
    if (target) compiled.linkTarget = target;
  }
  for (const flow of graph.flows) flows[idOf(flow)] = compileFlow(flow);
  return scope;
}
