/** Task texts shared by the list and the detail: names, dates, due state, problems. */
import { ApiProblem } from '../../api/ApiProblem';
import type { UserTask } from '../../api/userTasks';
import { describeError } from '../../app/describeError';
import { h } from '../../dom/h';
import { timeElement } from '../../dom/timeElement';
import { t } from '../../i18n';

/** The task's name, or its element id when the model gives none. */
export function taskName(task: UserTask): string {
  return task.name || task.elementId;
}

export function processName(task: UserTask): string {
  return task.processName || task.processDefinitionId;
}

/** Whether the task is open and past its due date. */
export function isOverdue(task: UserTask, now = Date.now()): boolean {
  return task.state === 'CREATED' && task.dueDate !== null && Date.parse(task.dueDate) < now;
}

/** The due date as a `<time>`, marked when overdue; null when the task has none. */
export function dueDate(task: UserTask): HTMLElement | null {
  if (!task.dueDate) return null;
  const overdue = isOverdue(task);
  return h(
    'span',
    { class: overdue ? 'task-due is-overdue' : 'task-due' },
    t(overdue ? 'tasks.overdue' : 'tasks.due'),
    ' ',
    timeElement(task.dueDate),
  );
}

/**
 * A failed call as an alert: what was tried, the server's problem title and detail,
 * and each finding it listed.
 *
 * @example
 * problemAlert(t('tasks.claim.failed'), error);
 */
export function problemAlert(lead: string, error: unknown): HTMLElement {
  const answered = error instanceof ApiProblem && error.status > 0;
  const detail = answered ? error.detail : describeError(error);
  return h(
    'div',
    { class: 'task-problem status-line error', role: 'alert' },
    h('p', { class: 'task-problem-lead' }, lead),
    answered
      ? h(
          'p',
          { class: 'task-problem-title' },
          t('tasks.problem.title', { title: error.title, status: error.status }),
        )
      : null,
    detail ? h('p', {}, detail) : null,
    answered && error.errors.length > 0
      ? h(
          'ul',
          {},
          error.errors.map((item) =>
            h('li', {}, item.pointer ? h('code', {}, item.pointer) : null, ' ', item.message),
          ),
        )
      : null,
  );
}
