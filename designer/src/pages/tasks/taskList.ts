/** The inbox list: one link per task, so each can be opened, focused and shared. */
import type { UserTask } from '../../api/userTasks';
import { h } from '../../dom/h';
import { timeElement } from '../../dom/timeElement';
import { t } from '../../i18n';
import type { InboxView } from './inboxViews';
import { dueDate, processName, taskName } from './taskFormat';

/** The URL of a task in a view, e.g. `/tasks?view=groups&task=2251799813685291`. */
export function taskUrl(view: InboxView, key?: string | null): string {
  const query = new URLSearchParams({ view });
  if (key) query.set('task', key);
  return `/tasks?${query}`;
}

/**
 * @example
 * taskList(page.items, 'mine', selectedKey);
 */
export function taskList(
  tasks: readonly UserTask[],
  view: InboxView,
  selectedKey: string | null,
): HTMLElement {
  return h(
    'ul',
    { class: 'task-list' },
    tasks.map((task) =>
      h(
        'li',
        {},
        h(
          'a',
          {
            href: taskUrl(view, task.userTaskKey),
            'data-route': '',
            'data-task-key': task.userTaskKey,
            class: 'task-item',
            'aria-current': task.userTaskKey === selectedKey ? 'true' : null,
          },
          h('span', { class: 'task-item-name' }, taskName(task)),
          h('span', { class: 'task-item-process' }, processName(task)),
          h(
            'span',
            { class: 'task-item-dates' },
            h('span', {}, t('tasks.created'), ' ', timeElement(task.creationDate)),
            dueDate(task),
          ),
        ),
      ),
    ),
  );
}
