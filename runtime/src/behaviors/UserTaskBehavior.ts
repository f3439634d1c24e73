/**
 * Camunda user task (`zeebe:userTask`): the element waits until a person completes
 * the task. Assignment, schedule, priority and form are evaluated when it opens; its task
 * listeners (`engine/taskListeners.ts`) run before each transition of the task, and its
 * canceling listeners hold the element's termination until they are done.
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { fail, ok, ScopeExpressions } from '../engine/expressions';
import { recordUserTask } from '../engine/userTasks';
import { abandonTransition, beginCanceling, beginCreation } from '../engine/taskListeners';
import type { UserTaskState } from '../model/InstanceState';

export const UserTaskBehavior: Behavior = {
  waits: true,
  open(exec, instance, element) {
    const definition = element.userTask ?? { headers: {} };
    const expressions = new ScopeExpressions(exec, instance.key);
    const assignee = expressions.optionalString(definition.assignee);
    if (!assignee.ok) return assignee;
    const candidateGroups = expressions.stringList(definition.candidateGroups);
    if (!candidateGroups.ok) return candidateGroups;
    const candidateUsers = expressions.stringList(definition.candidateUsers);
    if (!candidateUsers.ok) return candidateUsers;
    const dueDate = expressions.dateTime(definition.dueDate);
    if (!dueDate.ok) return dueDate;
    const followUpDate = expressions.dateTime(definition.followUpDate);
    if (!followUpDate.ok) return followUpDate;
    let priority = 50;
    if (definition.priority) {
      const result = expressions.integer(definition.priority);
      if (!result.ok) return result;
      if (result.value < 0 || result.value > 100) {
        return fail(
          'EXTRACT_VALUE_ERROR',
          `Expected priority to be 0..100, but was ${result.value}.`,
        );
      }
      priority = result.value;
    }
    const formReference = expressions.optionalString(definition.externalFormReference);
    if (!formReference.ok) return formReference;

    const task: UserTaskState = {
      key: exec.nextKey(),
      elementInstanceKey: instance.key,
      elementId: element.id,
      name: element.name,
      assignee: assignee.value,
      candidateGroups: candidateGroups.value,
      candidateUsers: candidateUsers.value,
      dueDate: dueDate.value,
      followUpDate: followUpDate.value,
      priority,
      externalFormReference: formReference.value,
      formId: definition.formId ?? null,
      ...(definition.formBinding ? { formBinding: definition.formBinding } : {}),
      customHeaders: { ...definition.headers },
      creationDate: exec.nowIso,
    };
    exec.state.userTasks[String(task.key)] = task;
    instance.userTaskKey = task.key;
    beginCreation(exec, instance, task);
    return ok(undefined);
  },
  close(exec, instance) {
    closeUserTask(exec, instance.userTaskKey, 'COMPLETED');
  },
  cancel(exec, instance) {
    const key = instance.userTaskKey;
    const task = key === undefined ? undefined : exec.state.userTasks[String(key)];
    if (task && beginCanceling(exec, instance, task)) return;
    closeUserTask(exec, key, 'CANCELED');
  },
  selectFlows: takeAllOutgoing,
};

function closeUserTask(
  exec: Parameters<NonNullable<Behavior['close']>>[0],
  key: number | undefined,
  state: 'COMPLETED' | 'CANCELED',
) {
  if (key === undefined) return;
  const task = exec.state.userTasks[String(key)];
  if (!task) return;
  abandonTransition(exec, task);
  delete exec.state.userTasks[String(key)];
  recordUserTask(exec, task, state);
}
