/**
 * The custom headers of a task listener's job, as Zeebe writes them: the user task's own
 * `zeebe:taskHeaders` plus its properties under reserved names, as the listener sees the
 * task (the change asked for, with the corrections of the listeners before it), and the
 * attributes that change. Empty values are left out; lists are JSON arrays.
 */
import type { UserTaskProperties, UserTaskState, UserTaskTransition } from '../model/InstanceState';

/** Zeebe's reserved header names (`io.camunda.zeebe.protocol.Protocol`). */
export const USER_TASK_HEADERS = {
  action: 'io.camunda.zeebe:action',
  assignee: 'io.camunda.zeebe:assignee',
  candidateGroups: 'io.camunda.zeebe:candidateGroups',
  candidateUsers: 'io.camunda.zeebe:candidateUsers',
  changedAttributes: 'io.camunda.zeebe:changedAttributes',
  dueDate: 'io.camunda.zeebe:dueDate',
  followUpDate: 'io.camunda.zeebe:followUpDate',
  formKey: 'io.camunda.zeebe:formKey',
  priority: 'io.camunda.zeebe:priority',
  userTaskKey: 'io.camunda.zeebe:userTaskKey',
} as const;

const PROPERTIES: readonly (keyof UserTaskProperties)[] = [
  'assignee',
  'candidateGroups',
  'candidateUsers',
  'dueDate',
  'followUpDate',
  'priority',
];

export function taskListenerHeaders(
  task: UserTaskState,
  transition: UserTaskTransition,
): Record<string, string> {
  const view: UserTaskProperties = { ...propertiesOf(task), ...transition.changes };
  const changedAttributes = changedAttributesOf(task, transition);
  const { action } = transition;
  const headers: Record<string, string> = { ...task.customHeaders };
  const put = (name: string, value: string | null) => {
    if (value) headers[name] = value;
  };
  const list = (values: string[]) => (values.length > 0 ? JSON.stringify(values) : null);
  put(USER_TASK_HEADERS.action, action);
  put(USER_TASK_HEADERS.assignee, view.assignee);
  put(USER_TASK_HEADERS.candidateGroups, list(view.candidateGroups));
  put(USER_TASK_HEADERS.candidateUsers, list(view.candidateUsers));
  put(USER_TASK_HEADERS.changedAttributes, list(changedAttributes));
  put(USER_TASK_HEADERS.dueDate, view.dueDate);
  put(USER_TASK_HEADERS.followUpDate, view.followUpDate);
  put(USER_TASK_HEADERS.priority, view.priority > 0 ? String(view.priority) : null);
  put(USER_TASK_HEADERS.userTaskKey, String(task.key));
  return headers;
}

function propertiesOf(task: UserTaskState): UserTaskProperties {
  const { assignee, candidateGroups, candidateUsers, dueDate, followUpDate, priority } = task;
  return { assignee, candidateGroups, candidateUsers, dueDate, followUpDate, priority };
}

/**
 * What listeners are told changes: the command's own attributes, and every property a
 * listener's correction set to something else than the command asked for (or the task has).
 */
function changedAttributesOf(task: UserTaskState, transition: UserTaskTransition): string[] {
  const changed = new Set<string>(transition.commandAttributes);
  for (const name of PROPERTIES) {
    if (!(name in transition.changes)) continue;
    const base = name in transition.requested ? transition.requested[name] : task[name];
    if (JSON.stringify(transition.changes[name]) !== JSON.stringify(base)) changed.add(name);
  }
  return [...changed].sort();
}
