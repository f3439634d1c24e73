/**
 * The state of one process instance: plain, JSON-serialisable data (D2).
 *
 * Only what is still running lives here (active element instances, open jobs, user
 * tasks and incidents, the variables of live scopes); what has ended is reported as
 * records and kept by the server's history projection.
 */
import type { ElementType, FormBinding, TaskListenerEvent } from './CompiledDefinition';

export type InstanceLifecycle = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** A stored XState snapshot of the element lifecycle machine (`value` + `context`). */
export interface LifecycleSnapshot {
  value: string;
  /** `startListeners`/`endListeners`: the element has execution listeners of that kind */
  context: { behavior: string; waits: boolean; startListeners?: boolean; endListeners?: boolean };
}

export interface ElementInstanceState {
  key: number;
  elementId: string;
  type: ElementType;
  /** key of the enclosing scope's element instance; null for the process itself */
  scopeKey: number | null;
  lifecycle: LifecycleSnapshot;
  startDate: string;
  jobKey?: number;
  userTaskKey?: number;
  incidentKey?: number;
  /** variables a completed job or user task handed in, applied on completion */
  resultVariables?: Record<string, unknown>;
  /** a scope whose interrupting event subprocess has started: no other one may start */
  interrupted?: true;
  /** an element running its execution listeners: the one whose job is open */
  listenerIndex?: number;
  listenerJobKey?: number;
  /** compensation throw and end events: the handlers still to run, next first */
  pendingHandlers?: string[];
  /** a compensation handler: the throw event that runs it */
  compensationFor?: number;
  /** multi-instance bodies: the items and how far they got */
  loop?: LoopState;
  /** inner instances of a multi-instance body: the item's index (0-based) */
  loopIndex?: number;
  /** call activities and business rule tasks: how many times the called instance or the
   * decision was asked for (again after each resolved incident) */
  callAttempt?: number;
  /** an element whose termination waits (canceling task listeners): the interrupting
   * boundary event entered once it is terminated */
  afterTermination?: PendingEntry;
  /** a scope an interrupting event subprocess waits on, until what ran in it is terminated */
  pendingEventSubProcess?: PendingEntry;
}

/** A catch event entered once a termination that waits is done, with the event's variables. */
export interface PendingEntry {
  /** the boundary event, or the start event of the event subprocess */
  elementId: string;
  variables: Record<string, unknown>;
  /** set on the entered instance: `errorCode`, `escalationCode`, … */
  locals: Record<string, unknown>;
}

/** A multi-instance body's progress; the output collection is a local variable of the body. */
export interface LoopState {
  /** the input collection as evaluated at activation */
  items: unknown[];
  /** the next index to start (sequential) */
  next: number;
  completed: number;
}

/** A completed activity whose handler a compensation event may run. */
export interface CompensableActivity {
  elementId: string;
  handlerId: string;
  /** grows with each completion in the instance */
  order: number;
}

/** A process instance started by a call activity knows its caller. */
export interface ParentLink {
  processInstanceKey: number;
  elementInstanceKey: number;
  /** error and escalation codes the caller's scopes catch when the child throws them */
  catches: CatchableCodes;
  /** the instance at the top of the call chain (absent: the caller is the root) */
  rootProcessInstanceKey?: number;
  /** how many calls down from the root this instance is (1: called by the root) */
  depth?: number;
}

/** Codes catchable outside a called instance: each list, or '*' for catch-all. */
export interface CatchableCodes {
  error: string[] | '*';
  escalation: string[] | '*';
}

/**
 * A timer armed by an element instance (`elementInstanceKey`, its owner) for the event
 * `elementId`: the owner itself (a catch event), one of its boundary events, or an event
 * after an event-based gateway.
 */
export interface TimerState {
  key: number;
  elementInstanceKey: number;
  elementId: string;
  /** epoch ms on the shared clock */
  dueDate: number;
  /** cycles: the cycle text later firings are computed from */
  cycle: string | null;
  /** cycles: firings still to come after this one; null = unbounded */
  remaining: number | null;
  interrupting: boolean;
}

/** A message subscription, owned like a timer. */
export interface MessageSubscriptionState {
  key: number;
  elementInstanceKey: number;
  elementId: string;
  messageName: string;
  correlationKey: string;
  interrupting: boolean;
}

/** A signal subscription, owned like a timer. */
export interface SignalSubscriptionState {
  key: number;
  elementInstanceKey: number;
  elementId: string;
  signalName: string;
  interrupting: boolean;
}

export interface VariableState {
  key: number;
  /** JSON text of the value */
  value: string;
}

export type JobStatus = 'CREATED' | 'FAILED' | 'ERROR_THROWN';

export interface JobState {
  key: number;
  type: string;
  elementInstanceKey: number;
  elementId: string;
  retries: number;
  customHeaders: Record<string, string>;
  status: JobStatus;
  /** the BPMN error code a worker threw for the job */
  errorCode?: string | null;
  errorMessage: string | null;
  /** earliest activation time after a failure with back-off (epoch ms) */
  notBefore: number | null;
  creationTime: string;
  /** a job-worker user task carries its user-task properties for the worker */
  userTask: boolean;
  /** a listener's job, and when it runs (absent: the element's own job) */
  kind?: 'EXECUTION_LISTENER' | 'TASK_LISTENER';
  listenerEventType?: 'START' | 'END' | UserTaskTransitionState;
  /** a completed task listener job: whether its worker denied the transition, and why */
  denied?: boolean;
  deniedReason?: string | null;
}

/** The states a user task is in while its task listeners run. */
export type UserTaskTransitionState =
  'CREATING' | 'ASSIGNING' | 'UPDATING' | 'COMPLETING' | 'CANCELING';

/** The properties a user task command or a task listener's correction may change. */
export interface UserTaskProperties {
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string | null;
  followUpDate: string | null;
  priority: number;
}

/** A user task transition waiting on its task listeners, which run one at a time. */
export interface UserTaskTransition {
  /** identifies the transition, so that whoever asked for it learns how it ended */
  key: number;
  event: TaskListenerEvent;
  /** what the command asked for, and what it becomes with the listeners' corrections */
  requested: Partial<UserTaskProperties>;
  changes: Partial<UserTaskProperties>;
  /** the attributes the command itself changes (changed attributes listeners see) */
  commandAttributes: (keyof UserTaskProperties)[];
  action: string;
  /** completing: the variables the task completes with */
  variables?: Record<string, unknown>;
  /** the listener running now (0-based) and its open job */
  listenerIndex: number;
  listenerJobKey?: number;
}

export interface UserTaskState {
  key: number;
  elementInstanceKey: number;
  elementId: string;
  name: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string | null;
  followUpDate: string | null;
  priority: number;
  externalFormReference: string | null;
  formId: string | null;
  /** the linked form's binding, when not `latest` */
  formBinding?: FormBinding;
  customHeaders: Record<string, string>;
  creationDate: string;
  /** a task whose transition waits on its task listeners (absent: CREATED) */
  state?: UserTaskTransitionState;
  transition?: UserTaskTransition;
  /** the last transition a task listener denied, until the next one begins */
  denial?: { transitionKey: number; event: TaskListenerEvent; reason: string };
}

export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'IO_MAPPING_ERROR'
  | 'CONDITION_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'CALLED_ELEMENT_ERROR'
  | 'CALLED_DECISION_ERROR'
  | 'DECISION_EVALUATION_ERROR'
  | 'UNKNOWN';

/**
 * What to send to the element's lifecycle again when the incident is resolved; `CALL`
 * asks for a call activity's called instance again.
 */
export type RetryEvent =
  | 'ACTIVATE'
  | 'WORK_DONE'
  | 'COMPLETE'
  | 'LISTENER_DONE'
  | 'JOB'
  | 'CALL'
  /** a task listener's job could not be created: the task's transition starts over */
  | 'TASK_LISTENER';

export interface IncidentState {
  key: number;
  elementInstanceKey: number;
  elementId: string;
  errorType: IncidentErrorType;
  errorMessage: string;
  jobKey: number | null;
  creationTime: string;
  retry: RetryEvent;
}

export interface InstanceState {
  processInstanceKey: number;
  processDefinitionKey: number;
  processDefinitionId: string;
  processDefinitionVersion: number;
  state: InstanceLifecycle;
  startDate: string;
  endDate: string | null;
  /** the client the instance is bound to (its `clientId` at start); absent when unbound */
  clientId?: string;
  /** an instance started by a call activity: its caller */
  parent?: ParentLink;
  /** the highest key this instance has used; keys only grow within an instance */
  lastKey: number;
  elements: Record<string, ElementInstanceState>;
  /** variables by scope key, then by name */
  variables: Record<string, Record<string, VariableState>>;
  /** tokens waiting at a parallel join: `<scopeKey>:<gatewayId>` → flow id → count */
  joins: Record<string, Record<string, number>>;
  jobs: Record<string, JobState>;
  userTasks: Record<string, UserTaskState>;
  incidents: Record<string, IncidentState>;
  timers: Record<string, TimerState>;
  messageSubscriptions: Record<string, MessageSubscriptionState>;
  signalSubscriptions: Record<string, SignalSubscriptionState>;
  /** the sequence flows taken so far, each once, in the order first taken */
  takenFlows?: string[];
  /**
   * Completed activities that have a compensation handler, by the key of their scope, in
   * the order they completed (`order`); a completed subprocess hands its own on to its scope.
   */
  compensations?: Record<string, CompensableActivity[]>;
  /**
   * The latest message and signal keys this instance took in (bounded): a delivery that
   * is repeated after a crash is recognised and changes nothing.
   */
  deliveries: number[];
}
