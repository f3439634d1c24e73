import type { UserTaskState } from '../../model/InstanceState';
import type { UserTaskChangeset, Variables } from '../../model/Command';
import type { Execution } from '../Execution';
import { stepElement } from '../stepElement';
import { recordUserTask } from '../userTasks';
import { accepted, reject, type CommandOutcome } from './CommandOutcome';

function findTask(exec: Execution, key: number, verb: string): UserTaskState | CommandOutcome {
  const task = exec.state.userTasks[String(key)];
  if (task) return task;
  return reject(
    'NOT_FOUND',
    `Expected to ${verb} user task with key '${key}', but no such user task was found`,
  );
}

const isTask = (value: UserTaskState | CommandOutcome): value is UserTaskState =>
  'elementInstanceKey' in value;

export function completeUserTask(
  exec: Execution,
  key: number,
  variables: Variables,
): CommandOutcome {
  const task = findTask(exec, key, 'complete');
  if (!isTask(task)) return task;
  const instance = exec.element(task.elementInstanceKey);
  if (!instance) return reject('NOT_FOUND', `the element of user task '${key}' is not active`);
  instance.resultVariables = variables;
  if (!stepElement(exec, instance, 'WORK_DONE')) {
    delete instance.resultVariables;
    return reject(
      'INVALID_STATE',
      `Expected to complete user task with key '${key}', but it is not active`,
    );
  }
  return accepted;
}

export function assignUserTask(
  exec: Execution,
  key: number,
  assignee: string | null,
  allowOverride: boolean,
): CommandOutcome {
  const task = findTask(exec, key, assignee === null ? 'unassign' : 'assign');
  if (!isTask(task)) return task;
  if (!allowOverride && task.assignee !== null && task.assignee !== assignee) {
    return reject(
      'INVALID_STATE',
      `Expected to assign user task with key '${key}', but it is already assigned to '${task.assignee}'`,
    );
  }
  if (task.assignee === assignee) return accepted;
  task.assignee = assignee;
  recordUserTask(exec, task, 'CREATED');
  return accepted;
}

export function updateUserTask(
  exec: Execution,
  key: number,
  changeset: UserTaskChangeset,
): CommandOutcome {
  const task = findTask(exec, key, 'update');
  if (!isTask(task)) return task;
  if (changeset.dueDate !== undefined && changeset.dueDate !== null) {
    task.dueDate = changeset.dueDate === '' ? null : changeset.dueDate;
  }
  if (changeset.followUpDate !== undefined && changeset.followUpDate !== null) {
    task.followUpDate = changeset.followUpDate === '' ? null : changeset.followUpDate;
  }
  if (changeset.candidateGroups) task.candidateGroups = [...changeset.candidateGroups];
  if (changeset.candidateUsers) task.candidateUsers = [...changeset.candidateUsers];
  if (changeset.priority !== undefined && changeset.priority !== null)
    task.priority = changeset.priority;
  recordUserTask(exec, task, 'CREATED');
  return accepted;
}
