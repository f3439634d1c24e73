import type { ParentLink } from './InstanceState';
import type { ThrownToParent } from './RuntimeRecord';
/**
 * Commands the runtime's pure core accepts. Everything non-deterministic (the clock,
 * the keys it may use) comes in with the command's context, so a replay of the same
 * commands gives the same state (D2).
 */
export type Variables = Record<string, unknown>;

export type Command =
  | {
      type: 'instance.create';
      processDefinitionKey: number;
      processDefinitionVersion: number;
      variables: Variables;
      /** a start event with a trigger (timer, message, signal); absent: the none start event */
      startElementId?: string;
      /** the message or signal that starts it, so that a repeated delivery is recognised */
      deliveryKey?: number;
      /** an instance a call activity starts: its caller */
      parent?: ParentLink;
    }
  | { type: 'instance.cancel' }
  | {
      type: 'job.complete';
      jobKey: number;
      variables: Variables;
      /** a task listener's job: the worker's decision on the user task's transition */
      result?: UserTaskJobResult;
    }
  | {
      type: 'job.fail';
      jobKey: number;
      retries: number;
      errorMessage: string;
      retryBackOff: number;
      variables: Variables;
    }
  | { type: 'job.updateRetries'; jobKey: number; retries: number }
  | {
      type: 'job.throwError';
      jobKey: number;
      errorCode: string;
      errorMessage: string;
      variables: Variables;
    }
  /** `action`: what task listeners see as the user's action (Camunda's defaults when absent) */
  | { type: 'userTask.complete'; userTaskKey: number; variables: Variables; action?: string }
  | {
      type: 'userTask.assign';
      userTaskKey: number;
      assignee: string;
      allowOverride: boolean;
      action?: string;
    }
  | { type: 'userTask.unassign'; userTaskKey: number; action?: string }
  | {
      type: 'userTask.update';
      userTaskKey: number;
      changeset: UserTaskChangeset;
      action?: string;
    }
  | { type: 'variables.set'; elementInstanceKey: number; variables: Variables; local: boolean }
  | { type: 'incident.resolve'; incidentKey: number }
  | { type: 'timer.trigger'; timerKey: number }
  | { type: 'message.correlate'; subscriptionKey: number; messageKey: number; variables: Variables }
  | { type: 'signal.trigger'; subscriptionKey: number; signalKey: number; variables: Variables }
  /** the called instance of a call activity completed with these variables */
  | { type: 'callActivity.complete'; elementInstanceKey: number; variables: Variables }
  /** the called instance threw an error or escalation its caller catches */
  | { type: 'callActivity.throw'; elementInstanceKey: number; thrown: ThrownToParent }
  /** the decision of a business rule task was evaluated: its result completes the task */
  | { type: 'businessRule.complete'; elementInstanceKey: number; attempt: number; result: unknown }
  /** the decision could not be found or evaluated: an incident */
  | {
      type: 'businessRule.fail';
      elementInstanceKey: number;
      attempt: number;
      errorType: 'CALLED_DECISION_ERROR' | 'DECISION_EVALUATION_ERROR';
      message: string;
    }
  /** the called instance could not be created (no such process): an incident */
  | { type: 'callActivity.fail'; elementInstanceKey: number; attempt: number; message: string };

export interface UserTaskChangeset {
  dueDate?: string | null;
  followUpDate?: string | null;
  candidateUsers?: string[] | null;
  candidateGroups?: string[] | null;
  priority?: number | null;
}

/**
 * Camunda's `JobResultUserTask`: a task listener's worker denies the transition, or
 * approves it with corrections. A correction of `null` (or none) keeps the value; `''`
 * clears an assignee or a date, `[]` a candidate list.
 */
export interface UserTaskJobResult {
  denied?: boolean | null;
  deniedReason?: string | null;
  corrections?: UserTaskCorrections | null;
}

export interface UserTaskCorrections {
  assignee?: string | null;
  dueDate?: string | null;
  followUpDate?: string | null;
  candidateUsers?: string[] | null;
  candidateGroups?: string[] | null;
  priority?: number | null;
}

/** A range of keys the command may use, taken from a key block the server claimed. */
export interface KeyRange {
  next: number;
  /** the last usable key, inclusive */
  max: number;
}

/**
 * The client record an instance is bound to, as of one of its revisions. The server
 * loads it for every command on a bound instance and keeps it in the commit, so FEEL
 * sees it as `client` and a replay sees the same revision.
 */
export interface BoundClient {
  id: string;
  rev: number;
  /** the client as the CRM API shows it (built-in fields, `custom`, …) */
  record: Record<string, unknown>;
}

export interface CommandContext {
  /** the command's clock, epoch ms */
  now: number;
  keys: KeyRange;
  /** the bound client; absent for an instance that is not bound to one */
  client?: BoundClient | null;
  /** automatic steps one command may take before the rest become incidents */
  stepBudget?: number;
  /** put every automatic step after the command's own transition on an incident */
  deferAutomaticSteps?: boolean;
}

export type RejectionCode = 'NOT_FOUND' | 'INVALID_STATE' | 'INVALID_ARGUMENT';

export interface Rejection {
  code: RejectionCode;
  message: string;
}
