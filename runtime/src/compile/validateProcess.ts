import type { BpmnModel } from '../parse/parseBpmn';
import { elementProp, elementsProp, type ModdleElement } from '../parse/moddleElement';
import { flowGraph, type FlowGraph } from './flowGraph';
import type { ProblemCollector } from './problemCollector';
import { IGNORED_FLOW_ELEMENTS, eventDefinitions, unsupportedReason } from './supportedElements';
import { validateExtensions } from './validateExtensions';
import {
  validateDefaultFlow,
  validateEventFlows,
  validateExclusiveGateway,
  validateSequenceFlow,
} from './validateFlows';
import { validateIoMapping, validateJobTask, validateUserTask } from './validateTasks';
import { validateEvent, validateEventBasedGateway, validateMessageStarts } from './validateEvents';
import { validateMultiInstance } from './compileLoops';
import { validateCallActivity } from './compileCallActivity';
import { validateScriptTask } from './compileScriptTask';
import { validateBusinessRuleTask } from './compileBusinessRuleTask';
import { validateListeners } from './compileListeners';
import {
  validateCompensation,
  validateLinks,
  validateProcessStarts,
  validateSubProcess,
  validateThrownCode,
} from './validateScopes';

function validateNode(node: ModdleElement, graph: FlowGraph, collector: ProblemCollector): void {
  validateExtensions(node, collector);
  validateListeners(node, collector);
  switch (node.$type) {
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
      validateJobTask(node, collector);
      break;
    case 'bpmn:UserTask':
      validateUserTask(node, collector);
      break;
    case 'bpmn:CallActivity':
      validateCallActivity(node, collector);
      break;
    case 'bpmn:ScriptTask':
      validateScriptTask(node, collector);
      break;
    case 'bpmn:BusinessRuleTask':
      validateBusinessRuleTask(node, collector);
      break;
    case 'bpmn:ExclusiveGateway':
      validateExclusiveGateway(node, graph.outgoing(node), collector);
      break;
    case 'bpmn:InclusiveGateway':
      validateDefaultFlow(node, graph.outgoing(node), collector);
      break;
    case 'bpmn:EventBasedGateway':
      validateEventBasedGateway(node, graph, collector);
      break;
    case 'bpmn:StartEvent':
    case 'bpmn:EndEvent':
      validateEventFlows(node, graph.incoming(node), graph.outgoing(node), collector);
      break;
  }
  if (node.$instanceOf('bpmn:Event') || node.$type === 'bpmn:ReceiveTask') {
    validateEvent(node, graph, collector);
    validateThrownCode(node, collector);
  }
  if (!node.$type.endsWith('Gateway')) validateIoMapping(node, collector);
  if (node.$instanceOf('bpmn:Activity')) validateMultiInstance(node, collector);
  if (node.$instanceOf('bpmn:Activity') && elementProp(node, 'default')) {
    collector.warn(node, 'a default flow on an activity has no effect and is ignored');
  }
}

function validateStartEvents(process: ModdleElement, collector: ProblemCollector): void {
  const starts = elementsProp(process, 'flowElements').filter((e) => e.$type === 'bpmn:StartEvent');
  const none = starts.filter((start) => eventDefinitions(start).length === 0);
  validateMessageStarts(process, collector);
  if (none.length > 1) {
    const ids = none.map((start) => start.id).join(', ');
    collector.add(
      process,
      `a process must have exactly one none start event, found ${none.length} (${ids})`,
    );
  } else if (starts.length === 0) {
    collector.add(process, 'a process must have a none start event');
  }
  // a process with only start events of unsupported triggers is already rejected for them
}

/**
 * Checks one executable process against what the runtime executes today and records every
 * problem found (not just the first) in `collector`.
 *
 * @example
 * const collector = new ProblemCollector();
 * validateProcess(process, model, collector);
 * collector.problems; // [{ elementId: 'Link_1', elementType: 'bpmn:IntermediateCatchEvent', … }]
 */
export function validateProcess(
  process: ModdleElement,
  model: BpmnModel,
  collector: ProblemCollector,
): void {
  if (!process.id?.trim()) collector.add(process, 'a process must have an id');
  validateExtensions(process, collector);
  validateListeners(process, collector);
  validateContainer(process, model, collector);
  validateStartEvents(process, collector);
  validateProcessStarts(process, collector);
}

/** The flow elements of a process or subprocess, and of the subprocesses inside it. */
function validateContainer(
  container: ModdleElement,
  model: BpmnModel,
  collector: ProblemCollector,
): void {
  const graph = flowGraph(container);
  for (const element of elementsProp(container, 'flowElements')) {
    if (!element.id?.trim()) collector.add(element, `${element.$type} must have an id`);
    if (element.$type === 'bpmn:SequenceFlow') {
      validateExtensions(element, collector);
      validateSequenceFlow(element, container, model.references, collector);
      continue;
    }
    if (IGNORED_FLOW_ELEMENTS.has(element.$type)) continue;
    const reason = unsupportedReason(element);
    if (reason) collector.add(element, reason);
    else validateNode(element, graph, collector);
    if (element.$type === 'bpmn:SubProcess' && !reason) {
      validateSubProcess(element, graph, collector);
      validateContainer(element, model, collector);
    }
  }
  validateLinks(container, collector);
  validateCompensation(container, graph, collector);
}
