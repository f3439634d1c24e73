/**
 * Commands on Camunda user tasks: complete, assign and unassign, update. Each one is a
 * transition of the task that its task listeners see first (`../taskListeners.ts`).
 */
import type {
  ElementInstanceState,
  UserTaskProperties,
  UserTaskState,
} from '../../model/InstanceState';
import type { UserTaskChangeset, Variables } from '../../model/Command';
import type { Execution } from '../Execution';
import { beginTransition } from '../taskListeners';
import { accepted, reject, type CommandOutcome } from './CommandOutcome';

/**
 * The task with its element, or the rejection: NOT_FOUND without one, INVALID_STATE while
 * a transition of it waits on its task listeners.
 */
function findTask(
  exec: Execution,
  key: number,
  verb: string,
): { task: UserTaskState; instance: ElementInstanceState } | { outcome: CommandOutcome } {
  const task = exec.state.userTasks[String(key)];
  const instance = task && exec.element(task.elementInstanceKey);
  if (!task || !instance) {
    return {
      outcome: reject(
        'NOT_FOUND',
        `Expected to ${verb} user task with key '${key}', but no such user task was found`,
      ),
    };
  }
  if (task.state) {
    return {
      outcome: reject(
        'INVALID_STATE',
        `Expected to ${verb} user task with key '${key}', but it is in state '${task.state}'`,
      ),
    };
  }
  return { task, instance };
}

export function completeUserTask(
  exec: Execution,
  key: number,
  variables: Variables,
  action = 'complete',
): CommandOutcome {
  const found = findTask(exec, key, 'complete');
  if ('outcome' in found) return found.outcome;
  if (found.instance.lifecycle.value !== 'active') {
    return reject(
      'INVALID_STATE',
      `Expected to complete user task with key '${key}', but it is not active`,
    );
  }
  beginTransition(exec, found.instance, found.task, {
    event: 'completing',
    requested: {},
    commandAttributes: [],
    action,
    variables,
  });
  return accepted;
}

export function assignUserTask(
  exec: Execution,
  key: number,
  assignee: string | null,
  allowOverride: boolean,
  action: string = assignee === null ? 'unassign' : 'assign',
): CommandOutcome {
  const found = findTask(exec, key, assignee === null ? 'unassign' : 'assign');
  if ('outcome' in found) return found.outcome;
  const { task, instance } = found;
  if (!allowOverride && task.assignee !== null && task.assignee !== assignee) {
    return reject(
      'INVALID_STATE',
      `Expected to assign user task with key '${key}', but it is already assigned to '${task.assignee}'`,
    );
  }
  if (task.assignee === assignee) return accepted;
  beginTransition(exec, instance, task, {
    event: 'assigning',
    requested: { assignee },
    commandAttributes: ['assignee'],
    action,
  });
  return accepted;
}

export function updateUserTask(
  exec: Execution,
  key: number,
  changeset: UserTaskChangeset,
  action = 'update',
): CommandOutcome {
  const found = findTask(exec, key, 'update');
  if ('outcome' in found) return found.outcome;
  const requested = requestedChanges(changeset);
  beginTransition(exec, found.instance, found.task, {
    event: 'updating',
    requested,
    commandAttributes: Object.keys(requested) as (keyof UserTaskProperties)[],
    action,
  });
  return accepted;
}

/** What a changeset changes: `null` keeps a value, `''` clears a date. */
function requestedChanges(changeset: UserTaskChangeset): Partial<UserTaskProperties> {
  const requested: Partial<UserTaskProperties> = {};
  if (changeset.dueDate !== undefined && changeset.dueDate !== null) {
    requested.dueDate = changeset.dueDate === '' ? null : changeset.dueDate;
  }
  if (changeset.followUpDate !== undefined && changeset.followUpDate !== null) {
    requested.followUpDate = changeset.followUpDate === '' ? null : changeset.followUpDate;
  }
  if (changeset.candidateGroups) requested.candidateGroups = [...changeset.candidateGroups];
  if (changeset.candidateUsers) requested.candidateUsers = [...changeset.candidateUsers];
  if (changeset.priority !== undefined && changeset.priority !== null)
    requested.priority = changeset.priority;
  return requested;
}
