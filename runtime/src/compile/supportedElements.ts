import type { BehaviorName, ElementType } from '../model/CompiledDefinition';
import { booleanProp, elementProp, elementsProp, type ModdleElement } from '../parse/moddleElement';

export interface SupportedElement {
  type: ElementType;
  behavior: BehaviorName;
}

/**
 * The flow nodes the runtime executes today, by moddle type. Which event definitions each
 * kind of event may carry is in SUPPORTED_TRIGGERS; a user task without `zeebe:userTask`
 * runs as a job (see compileTasks).
 */
export const SUPPORTED_ELEMENTS: Readonly<Record<string, SupportedElement>> = {
  'bpmn:StartEvent': { type: 'START_EVENT', behavior: 'passThrough' },
  'bpmn:EndEvent': { type: 'END_EVENT', behavior: 'passThrough' },
  'bpmn:IntermediateThrowEvent': { type: 'INTERMEDIATE_THROW_EVENT', behavior: 'passThrough' },
  'bpmn:IntermediateCatchEvent': { type: 'INTERMEDIATE_CATCH_EVENT', behavior: 'catchEvent' },
  'bpmn:BoundaryEvent': { type: 'BOUNDARY_EVENT', behavior: 'boundaryEvent' },
  'bpmn:ReceiveTask': { type: 'RECEIVE_TASK', behavior: 'catchEvent' },
  'bpmn:EventBasedGateway': { type: 'EVENT_BASED_GATEWAY', behavior: 'eventBasedGateway' },
  'bpmn:ServiceTask': { type: 'SERVICE_TASK', behavior: 'jobWorker' },
  'bpmn:SendTask': { type: 'SEND_TASK', behavior: 'jobWorker' },
  'bpmn:UserTask': { type: 'USER_TASK', behavior: 'userTask' },
  'bpmn:ManualTask': { type: 'MANUAL_TASK', behavior: 'passThrough' },
  'bpmn:Task': { type: 'TASK', behavior: 'passThrough' },
  'bpmn:ExclusiveGateway': { type: 'EXCLUSIVE_GATEWAY', behavior: 'exclusiveGateway' },
  'bpmn:ParallelGateway': { type: 'PARALLEL_GATEWAY', behavior: 'parallelGateway' },
  'bpmn:InclusiveGateway': { type: 'INCLUSIVE_GATEWAY', behavior: 'inclusiveGateway' },
  // an event subprocess (`triggeredByEvent`) is compiled as EVENT_SUB_PROCESS
  'bpmn:SubProcess': { type: 'SUB_PROCESS', behavior: 'subProcess' },
  'bpmn:CallActivity': { type: 'CALL_ACTIVITY', behavior: 'callActivity' },
  // a script task with zeebe:taskDefinition instead runs as a job (compileScriptTask)
  'bpmn:ScriptTask': { type: 'SCRIPT_TASK', behavior: 'script' },
  // likewise a business rule task with zeebe:taskDefinition (compileBusinessRuleTask)
  'bpmn:BusinessRuleTask': { type: 'BUSINESS_RULE_TASK', behavior: 'businessRule' },
};

/** Flow elements that carry no behaviour: accepted and ignored at run time. */
export const IGNORED_FLOW_ELEMENTS: ReadonlySet<string> = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

/** Event triggers by definition type; `planned: false` marks what Camunda 8.8 does not execute either. */
const TRIGGERS: Readonly<Record<string, { name: string; planned: boolean }>> = {
  'bpmn:TimerEventDefinition': { name: 'timer', planned: true },
  'bpmn:MessageEventDefinition': { name: 'message', planned: true },
  'bpmn:SignalEventDefinition': { name: 'signal', planned: true },
  'bpmn:ErrorEventDefinition': { name: 'error', planned: true },
  'bpmn:EscalationEventDefinition': { name: 'escalation', planned: true },
  'bpmn:CompensateEventDefinition': { name: 'compensation', planned: true },
  'bpmn:LinkEventDefinition': { name: 'link', planned: true },
  'bpmn:TerminateEventDefinition': { name: 'terminate', planned: true },
  'bpmn:ConditionalEventDefinition': { name: 'conditional', planned: true },
  'bpmn:CancelEventDefinition': { name: 'cancel', planned: false },
};

const TIMER = 'bpmn:TimerEventDefinition';
const MESSAGE = 'bpmn:MessageEventDefinition';
const SIGNAL = 'bpmn:SignalEventDefinition';
const ERROR = 'bpmn:ErrorEventDefinition';
const ESCALATION = 'bpmn:EscalationEventDefinition';
const LINK = 'bpmn:LinkEventDefinition';
const TERMINATE = 'bpmn:TerminateEventDefinition';
const COMPENSATE = 'bpmn:CompensateEventDefinition';

/**
 * The event definitions each kind of event executes today. Where a start event may
 * use them (error and escalation only in event subprocesses) is checked by validateScopes.
 */
export const SUPPORTED_TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  'bpmn:StartEvent': [TIMER, MESSAGE, SIGNAL, ERROR, ESCALATION],
  'bpmn:IntermediateCatchEvent': [TIMER, MESSAGE, SIGNAL, LINK],
  'bpmn:BoundaryEvent': [TIMER, MESSAGE, SIGNAL, ERROR, ESCALATION, COMPENSATE],
  'bpmn:IntermediateThrowEvent': [MESSAGE, SIGNAL, ESCALATION, LINK, COMPENSATE],
  'bpmn:EndEvent': [MESSAGE, SIGNAL, ERROR, ESCALATION, TERMINATE, COMPENSATE],
};

const EVENT_KINDS: Readonly<Record<string, string>> = {
  'bpmn:StartEvent': 'start events',
  'bpmn:EndEvent': 'end events',
  'bpmn:IntermediateCatchEvent': 'intermediate catch events',
  'bpmn:IntermediateThrowEvent': 'intermediate throw events',
  'bpmn:BoundaryEvent': 'boundary events',
};

const UNSUPPORTED_NODES: Readonly<Record<string, string>> = {
  'bpmn:Transaction': 'transaction subprocesses are not supported',
  'bpmn:AdHocSubProcess': 'ad-hoc subprocesses are not supported yet',
  'bpmn:ComplexGateway': 'complex gateways are not supported',
};

/** The event definitions of an event, inline or referenced. */
export function eventDefinitions(event: ModdleElement): ModdleElement[] {
  return [...elementsProp(event, 'eventDefinitions'), ...elementsProp(event, 'eventDefinitionRef')];
}

function eventReason(event: ModdleElement, kind: string): string | undefined {
  const definitions = eventDefinitions(event);
  const [only] = definitions;
  if (definitions.length > 1) {
    const parallel = booleanProp(event, 'parallelMultiple') === true;
    return parallel
      ? `parallel multiple ${kind} are not supported`
      : `multiple ${kind} (more than one event definition) are not supported`;
  }
  if (!only) {
    if (event.$type === 'bpmn:IntermediateCatchEvent' || event.$type === 'bpmn:BoundaryEvent') {
      return `${kind} must have an event definition`;
    }
    return undefined;
  }
  if (SUPPORTED_TRIGGERS[event.$type]?.includes(only.$type)) return undefined;
  const trigger = TRIGGERS[only.$type];
  if (!trigger) return `${kind} with ${only.$type} are not supported`;
  return `${trigger.name} ${kind} are not supported${trigger.planned ? ' yet' : ''}`;
}

function activityReason(activity: ModdleElement): string | undefined {
  const loop = elementProp(activity, 'loopCharacteristics');
  if (loop?.$type === 'bpmn:StandardLoopCharacteristics') return 'standard loops are not supported';
  return undefined;
}

/**
 * Why the runtime cannot execute a flow element today, or undefined when it can (or when
 * the element is ignored). Elements Camunda 8.8 does not execute either say "is not
 * supported"; those still to come say "… not supported yet".
 *
 * @example
 * unsupportedReason(conditionalCatchEvent); // 'conditional intermediate catch events are not supported yet'
 */
export function unsupportedReason(element: ModdleElement): string | undefined {
  const { $type: type } = element;
  if (IGNORED_FLOW_ELEMENTS.has(type) || type === 'bpmn:SequenceFlow') return undefined;

  const eventKind = EVENT_KINDS[type];
  if (eventKind) return eventReason(element, eventKind);

  const fixed = UNSUPPORTED_NODES[type];
  if (fixed) return fixed;

  if (SUPPORTED_ELEMENTS[type]) {
    return element.$instanceOf('bpmn:Activity') ? activityReason(element) : undefined;
  }

  return `${type} elements are not supported`;
}
