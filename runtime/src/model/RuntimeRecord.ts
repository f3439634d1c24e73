/**
 * Records: what a command did, as data. The server projects them into its search
 * collections (element instances, variables, jobs, user tasks, incidents); each
 * carries the whole row it describes, so projecting it twice changes nothing.
 */
import type { ElementType } from './CompiledDefinition';
import type {
  CatchableCodes,
  IncidentState,
  ParentLink,
  InstanceLifecycle,
  JobState,
  MessageSubscriptionState,
  SignalSubscriptionState,
  TimerState,
  UserTaskState,
} from './InstanceState';

export interface ElementInstanceRow {
  key: number;
  elementId: string;
  elementName: string | null;
  type: ElementType;
  scopeKey: number | null;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  startDate: string;
  endDate: string | null;
  incidentKey: number | null;
}

export interface VariableRow {
  key: number;
  scopeKey: number;
  name: string;
  value: string;
}

export type JobRowState =
  'CREATED' | 'COMPLETED' | 'FAILED' | 'CANCELED' | 'ERROR_THROWN' | 'RETRIES_UPDATED';
export type UserTaskRowState = 'CREATED' | 'COMPLETED' | 'CANCELED';
export type IncidentRowState = 'ACTIVE' | 'RESOLVED';
export type TimerRowState = 'CREATED' | 'TRIGGERED' | 'CANCELED';
export type MessageSubscriptionRowState = 'CREATED' | 'CORRELATED' | 'DELETED';
export type SignalSubscriptionRowState = 'CREATED' | 'DELETED';

export type RuntimeRecord =
  | { kind: 'instance'; state: InstanceLifecycle; endDate: string | null }
  | { kind: 'elementInstance'; row: ElementInstanceRow }
  | { kind: 'variable'; row: VariableRow }
  | {
      kind: 'job';
      row: JobState;
      state: JobRowState;
      /** job can be activated again (created, failed with retries left, retries updated) */
      activatable: boolean;
      endTime: string | null;
    }
  | { kind: 'userTask'; row: UserTaskState; state: UserTaskRowState; completionDate: string | null }
  | { kind: 'incident'; row: IncidentState; state: IncidentRowState }
  | { kind: 'timer'; row: TimerState; state: TimerRowState }
  | {
      kind: 'messageSubscription';
      row: MessageSubscriptionState;
      state: MessageSubscriptionRowState;
    }
  | { kind: 'signalSubscription'; row: SignalSubscriptionState; state: SignalSubscriptionRowState }
  /** a signal thrown by the instance: the server broadcasts it once the commit stands */
  | { kind: 'signal'; signalKey: number; signalName: string; variables: Record<string, unknown> }
  /** a call activity asks for an instance of `processId`; `attempt` grows with each retry */
  | {
      kind: 'callActivity';
      elementInstanceKey: number;
      elementId: string;
      attempt: number;
      processId: string;
      bindingType: 'latest' | 'deployment' | 'versionTag';
      versionTag?: string;
      variables: Record<string, unknown>;
      catches: CatchableCodes;
      /** how many calls down from the root the called instance will be */
      depth: number;
      rootProcessInstanceKey: number;
    }
  /** a business rule task asks for its decision to be evaluated with these variables */
  | {
      kind: 'decisionRequested';
      elementInstanceKey: number;
      elementId: string;
      attempt: number;
      decisionId: string;
      bindingType: 'latest' | 'deployment' | 'versionTag';
      versionTag?: string;
      variables: Record<string, unknown>;
    }
  /** a call activity ended before its called instance: the server cancels that instance */
  | { kind: 'callActivityTerminated'; elementInstanceKey: number; attempts: number }
  /** a called instance completed: the server hands its variables to the call activity */
  | { kind: 'calledInstanceCompleted'; parent: ParentLink; variables: Record<string, unknown> }
  /** a called instance threw what its caller catches: the server throws it at the call activity */
  | { kind: 'calledInstanceThrew'; parent: ParentLink; thrown: ThrownToParent };

/** An error or escalation a called instance hands to its caller. */
export interface ThrownToParent {
  kind: 'error' | 'escalation';
  code: string;
  message: string;
  variables: Record<string, unknown>;
}
