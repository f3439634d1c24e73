/**
 * What a task listener's worker may hand back, checked as Zeebe's `JobCompleteProcessor`
 * checks it: no variables, a denial only where the transition can be denied and never
 * with corrections, no assignee correction while creating a task whose model assigns it.
 */
import type { UserTaskCorrections, UserTaskJobResult, Variables } from '../model/Command';
import type { JobState, UserTaskProperties, UserTaskTransition } from '../model/InstanceState';
import { reject, type CommandOutcome } from './commands/CommandOutcome';

export interface ListenerDecision {
  denied: boolean;
  deniedReason: string;
  corrections: Partial<UserTaskProperties>;
}

const DENIABLE = ['ASSIGNING', 'COMPLETING', 'UPDATING'];

/** The worker's decision, or the rejection of its job completion (INVALID_ARGUMENT). */
export function checkListenerResult(
  job: JobState,
  processInstanceKey: number,
  transition: UserTaskTransition,
  variables: Variables,
  result: UserTaskJobResult | undefined,
): ListenerDecision | CommandOutcome {
  const ids = `(job key '${job.key}', type '${job.type}', processInstanceKey '${processInstanceKey}')`;
  if (Object.keys(variables).length > 0) {
    return reject(
      'INVALID_ARGUMENT',
      `Task Listener job completion with variables payload provided is not yet supported ${ids}.`,
    );
  }
  const denied = result?.denied === true;
  const eventType = job.listenerEventType ?? '';
  if (denied && !DENIABLE.includes(eventType)) {
    return reject(
      'INVALID_ARGUMENT',
      `Denying result is not supported for '${eventType}' task listener jobs ${ids}. Only the following listener event types support denying: [${DENIABLE.join(', ')}].`,
    );
  }
  const corrections = correctionsOf(result?.corrections);
  if (typeof corrections === 'string') return reject('INVALID_ARGUMENT', `${corrections} ${ids}`);
  if (denied && Object.keys(corrections).length > 0) {
    return reject(
      'INVALID_ARGUMENT',
      `Expected to complete task listener job with corrections, but the job result is denied ${ids}. The corrections would be reverted by the denial. Either complete the job with corrections without setting denied, or complete the job with a denied result but no corrections.`,
    );
  }
  const modelAssignee = transition.event === 'creating' && transition.requested.assignee;
  if (modelAssignee && 'assignee' in corrections) {
    return reject(
      'INVALID_ARGUMENT',
      `Expected to complete task listener job, but correcting the assignee on 'CREATING' event is not supported when the user task has an assignee defined in the model ${ids}. Use the 'CREATING' event to set an assignee only if it was not defined. Use the 'ASSIGNING' event to correct an assignee that is already defined.`,
    );
  }
  return { denied, deniedReason: result?.deniedReason ?? '', corrections };
}

/**
 * Corrections as task properties: `null` (or absent) keeps a value, `''` clears an
 * assignee or a date. Returns the problem as text when a value cannot be taken.
 */
function correctionsOf(
  given: UserTaskCorrections | null | undefined,
): Partial<UserTaskProperties> | string {
  const corrections: Partial<UserTaskProperties> = {};
  if (!given) return corrections;
  const { assignee, dueDate, followUpDate, candidateGroups, candidateUsers, priority } = given;
  if (typeof assignee === 'string') corrections.assignee = assignee === '' ? null : assignee;
  for (const [name, value] of [
    ['dueDate', dueDate],
    ['followUpDate', followUpDate],
  ] as const) {
    if (typeof value !== 'string') continue;
    if (value !== '' && Number.isNaN(Date.parse(value)))
      return `Expected the correction of '${name}' to be an ISO 8601 date-time or '', but was '${value}'`;
    corrections[name] = value === '' ? null : value;
  }
  if (Array.isArray(candidateGroups)) corrections.candidateGroups = [...candidateGroups];
  if (Array.isArray(candidateUsers)) corrections.candidateUsers = [...candidateUsers];
  if (priority !== null && priority !== undefined) {
    if (!Number.isInteger(priority) || priority < 0 || priority > 100)
      return `Expected the correction of 'priority' to be a whole number from 0 to 100, but was ${priority}`;
    corrections.priority = priority;
  }
  return corrections;
}
