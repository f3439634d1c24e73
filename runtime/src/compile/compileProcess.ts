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
import { compileSignal, compileTrigger, triggerType } from './compileEvents';

const MESSAGE = 'bpmn:MessageEventDefinition';
const SIGNAL = 'bpmn:SignalEventDefinition';

/** Events: what they wait for, throw, or are attached to. */
function compileEvent(node: ModdleElement, compiled: CompiledElement): void {
  switch (node.$type) {
    case 'bpmn:StartEvent':
    case 'bpmn:IntermediateCatchEvent':
    case 'bpmn:ReceiveTask': {
      const trigger = compileTrigger(node);
      if (trigger) compiled.trigger = trigger;
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
    case 'bpmn:EndEvent': {
      // Zeebe throws messages through a job; signals are broadcast by the engine.
      const type = triggerType(node);
      if (type === MESSAGE) {
        compiled.behavior = 'jobWorker';
        compiled.job = compileJob(node);
      } else if (type === SIGNAL) {
        compiled.behavior = 'signalThrow';
        const [definition] = eventDefinitions(node);
        if (definition) compiled.signal = compileSignal(definition);
      }
      break;
    }
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

  switch (node.$type) {
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
      compiled.job = compileJob(node);
      break;
    case 'bpmn:UserTask':
      compiled.userTask = compileUserTask(node);
      if (!findExtension(node, 'zeebe:UserTask')) {
        compiled.behavior = 'jobWorker';
        compiled.job = compileUserTaskJob(node);
      }
      break;
    case 'bpmn:ExclusiveGateway': {
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
  const graph = flowGraph(process);
  const elements: Record<string, CompiledElement> = {};
  let startEventId = '';
  const eventStartIds: string[] = [];

  for (const node of elementsProp(process, 'flowElements')) {
    const compiled = compileElement(node, processId, graph);
    if (!compiled) continue;
    elements[compiled.id] = compiled;
    if (node.$type === 'bpmn:StartEvent') {
      if (compiled.trigger) eventStartIds.push(compiled.id);
      else startEventId = compiled.id;
    }
  }
  for (const element of Object.values(elements)) {
    const activity = element.attachedTo ? elements[element.attachedTo] : undefined;
    if (activity) (activity.boundaryEvents ??= []).push(element.id);
  }

  const flows: Record<string, CompiledFlow> = {};
  for (const flow of graph.flows) flows[idOf(flow)] = compileFlow(flow);

  const versionTag = findExtension(process, 'zeebe:VersionTag');
  const tag = versionTag && stringProp(versionTag, 'value')?.trim();
  return {
    processId,
    name: stringProp(process, 'name') ?? null,
    versionTag: tag ? tag : null,
    startEventId,
    eventStartIds,
    elements,
    flows,
  };
}
