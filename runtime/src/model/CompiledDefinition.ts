/**
 * A BPMN process compiled to plain data: what the runtime executes.
 *
 * It is JSON-serialisable so that it can be cached, inspected, diffed and handed to
 * a worker thread. Behaviour is attached by name (`behavior`), never by code.
 */

/** A FEEL expression (`=…` in the XML, stored without the `=`) or a static value. */
export type Expression = { kind: 'static'; value: string } | { kind: 'feel'; expression: string };

/** One `zeebe:input` or `zeebe:output` mapping. `target` may be a dotted path. */
export interface Mapping {
  source: Expression;
  target: string;
}

/** BPMN element types the runtime knows, in Zeebe's element-instance `type` vocabulary. */
export type ElementType =
  | 'PROCESS'
  | 'START_EVENT'
  | 'END_EVENT'
  | 'INTERMEDIATE_THROW_EVENT'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'BOUNDARY_EVENT'
  | 'RECEIVE_TASK'
  | 'SERVICE_TASK'
  | 'SEND_TASK'
  | 'SCRIPT_TASK'
  | 'BUSINESS_RULE_TASK'
  | 'USER_TASK'
  | 'MANUAL_TASK'
  | 'TASK'
  | 'EXCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'INCLUSIVE_GATEWAY'
  | 'EVENT_BASED_GATEWAY'
  | 'SUB_PROCESS'
  | 'EVENT_SUB_PROCESS'
  | 'CALL_ACTIVITY'
  | 'MULTI_INSTANCE_BODY';

/** Name of the behaviour (one file under `runtime/src/behaviors/`) that runs an element. */
export type BehaviorName =
  | 'process' // the root scope: activates the start event, completes when nothing is left
  | 'passThrough' // start/end/throw events without definitions, manual and undefined tasks
  | 'jobWorker' // service, send tasks and job-worker user tasks: a job for external or built-in workers
  | 'userTask' // zeebe:userTask: a Camunda user task
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'eventBasedGateway' // waits for the first of the events after it
  | 'catchEvent' // intermediate catch events and receive tasks: wait for their trigger
  | 'boundaryEvent' // entered only when its trigger fires on the activity it is attached to
  | 'signalThrow' // signal throw and end events: broadcast a signal, then go on
  | 'inclusiveGateway' // every flow whose condition is true; joins the tokens that can still arrive
  | 'subProcess' // embedded and event subprocesses: a scope that enters its start event
  | 'errorThrow' // error end events: throw the error to the nearest catcher
  | 'escalationThrow' // escalation throw and end events: throw, then go on unless interrupted
  | 'terminateEnd' // terminate end events: end every other element of the scope
  | 'linkThrow' // link throw events: go on at the link catch event of the same name
  | 'callActivity' // starts an instance of another process and waits for it
  | 'multiInstanceBody' // one inner instance per item of the input collection
  | 'compensationThrow' // compensation throw and end events: run the handlers, then go on
  | 'script' // script tasks with zeebe:script: evaluate FEEL into the result variable
  | 'businessRule'; // business rule tasks with zeebe:calledDecision: evaluate a DMN decision

export interface JobDefinition {
  type: Expression;
  retries: Expression; // default static "3"
  headers: Record<string, string>;
}

/** `zeebe:executionListener`: a job run when the element starts or ends. */
export interface ListenerDefinition {
  type: Expression;
  retries: Expression;
  headers: Record<string, string>;
}

/** An element's execution listeners, in the order they run. */
export interface ExecutionListeners {
  start: ListenerDefinition[];
  end: ListenerDefinition[];
}

/** How a linked form's version is chosen: deployed with the process, or by its tag. */
export type FormBinding =
  { bindingType: 'deployment' } | { bindingType: 'versionTag'; versionTag: string };

export interface UserTaskDefinition {
  assignee?: Expression;
  candidateGroups?: Expression; // comma-separated static list or FEEL list/string
  candidateUsers?: Expression;
  dueDate?: Expression;
  followUpDate?: Expression;
  priority?: Expression; // default 50
  /** `zeebe:formDefinition externalReference` */
  externalFormReference?: Expression;
  /** `zeebe:formDefinition formId` (linked form), passed through */
  formId?: string;
  /** the linked form's version binding, when not `latest` */
  formBinding?: FormBinding;
  headers: Record<string, string>;
  /** `zeebe:taskListeners` of a Camunda user task, by event, in the order they run */
  listeners?: TaskListeners;
}

/** The user task events a task listener runs on. */
export type TaskListenerEvent = 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';

/** `zeebe:taskListener`: a job run before a user task's transition takes effect. */
export interface TaskListenerDefinition {
  type: Expression;
  retries: Expression;
}

/** `canceling` is absent from definitions compiled before canceling listeners ran. */
export type TaskListeners = Record<
  Exclude<TaskListenerEvent, 'canceling'>,
  TaskListenerDefinition[]
> & {
  canceling?: TaskListenerDefinition[];
};

export type TimerKind = 'date' | 'duration' | 'cycle';

/** `bpmn:timerEventDefinition`: one of timeDate, timeDuration, timeCycle (static or FEEL). */
export interface TimerDefinition {
  kind: TimerKind;
  value: Expression;
}

/** `bpmn:message` with its `zeebe:subscription`; start events have no correlation key. */
export interface MessageDefinition {
  name: Expression;
  correlationKey: Expression | null;
}

export interface SignalDefinition {
  name: Expression;
}

/** What a catching event (or receive task) waits for. */
export type EventTrigger =
  | { kind: 'timer'; timer: TimerDefinition }
  | { kind: 'message'; message: MessageDefinition }
  | { kind: 'signal'; signal: SignalDefinition }
  /** error and escalation catch events: by code, or every code when `code` is null */
  | { kind: 'error'; code: string | null }
  | { kind: 'escalation'; code: string | null }
  /** compensation boundary events: they only tie the activity to its handler */
  | { kind: 'compensation' };

/** What an error or escalation throw event throws; the code may be FEEL. */
export interface ThrownEvent {
  kind: 'error' | 'escalation';
  code: Expression;
}

/** `zeebe:calledElement` of a call activity. */
export interface CalledElementDefinition {
  processId: Expression;
  /** `latest` (default), `deployment` (the version deployed with the caller) or `versionTag` */
  bindingType: 'latest' | 'deployment' | 'versionTag';
  /** binding `versionTag`: the `zeebe:versionTag` of the version to call */
  versionTag?: string;
  /** false: only the output mappings go back to the caller */
  propagateAllChildVariables: boolean;
  /** false: only the input mappings go to the child */
  propagateAllParentVariables: boolean;
}

/** `zeebe:calledDecision` of a business rule task. */
export interface CalledDecisionDefinition {
  decisionId: Expression;
  resultVariable: string;
  /** `latest` (default), `deployment` (deployed with the process) or `versionTag` */
  bindingType: 'latest' | 'deployment' | 'versionTag';
  versionTag?: string;
}

/** `bpmn:multiInstanceLoopCharacteristics` with its `zeebe:loopCharacteristics`. */
export interface MultiInstanceDefinition {
  sequential: boolean;
  inputCollection: Expression;
  inputElement: string | null;
  outputCollection: string | null;
  outputElement: Expression | null;
  completionCondition: string | null;
}

export interface CompiledElement {
  id: string;
  name: string | null;
  type: ElementType;
  behavior: BehaviorName;
  /** id of the enclosing flow scope (the process id for top-level elements) */
  scopeId: string;
  incoming: string[]; // sequence-flow ids
  outgoing: string[]; // sequence-flow ids
  inputs: Mapping[];
  outputs: Mapping[];
  job?: JobDefinition;
  userTask?: UserTaskDefinition;
  /** exclusive and inclusive gateways: the default flow id */
  defaultFlow?: string;
  /** catch, start and boundary events and receive tasks: what they wait for */
  trigger?: EventTrigger;
  /** signal throw and end events: the signal they broadcast */
  signal?: SignalDefinition;
  /** boundary events: the activity they are attached to, and whether they interrupt it */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** activities: the ids of the boundary events attached to them */
  boundaryEvents?: string[];
  /** subprocesses and event subprocesses: the start event they enter */
  startEventId?: string;
  /** scopes (subprocesses; the process in `CompiledDefinition`): their event subprocesses */
  eventSubProcesses?: string[];
  /** start events of event subprocesses: whether they interrupt their scope */
  interrupting?: boolean;
  /** error and escalation throw and end events */
  thrown?: ThrownEvent;
  /** link throw events: the link catch event they continue at */
  linkTarget?: string;
  /** call activities */
  calledElement?: CalledElementDefinition;
  /** business rule tasks with `zeebe:calledDecision` */
  calledDecision?: CalledDecisionDefinition;
  /** script tasks with `zeebe:script`: FEEL without the leading `=`, and where it goes */
  script?: { expression: string; resultVariable: string };
  /** activities with a compensation boundary event: the handler activity it is associated with */
  compensationHandler?: string;
  /** compensation handlers (`isForCompensation`): entered only by compensation */
  isForCompensation?: boolean;
  /** compensation throw and end events: only this activity's handler (`activityRef`) */
  compensateActivity?: string;
  /** activities with multi-instance loop characteristics */
  multiInstance?: MultiInstanceDefinition;
  /** job-based execution listeners (`zeebe:executionListeners`) */
  listeners?: ExecutionListeners;
}

export interface CompiledFlow {
  id: string;
  name: string | null;
  sourceRef: string;
  targetRef: string;
  /** FEEL condition without the leading `=`; absent means unconditional */
  condition?: string;
}

export interface CompiledDefinition {
  /** BPMN process id (`processDefinitionId` in the REST API) */
  processId: string;
  name: string | null;
  versionTag: string | null;
  /** the none start event that `instance.create` enters ('' when there is none) */
  startEventId: string;
  /** start events with a trigger (timer, message, signal): the server arms them per version */
  eventStartIds: string[];
  /** the event subprocesses of the process itself */
  eventSubProcesses?: string[];
  /** the execution listeners of the process itself */
  listeners?: ExecutionListeners;
  elements: Record<string, CompiledElement>;
  flows: Record<string, CompiledFlow>;
}

/** A problem found in a model, named by the element it is about (D7). */
export interface ModelProblem {
  elementId: string | null;
  elementType?: string;
  message: string;
}
