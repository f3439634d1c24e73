/**
 * The client beside a task: the record named by the instance's `clientId` variable,
 * with a link to the client page. A task without a client gets a quiet note.
 */
import { ApiProblem } from '../../api/ApiProblem';
import { getTaskClient, taskClientId, type TaskClient } from '../../api/taskClient';
import type { UserTask } from '../../api/userTasks';
import { h, replaceChildren } from '../../dom/h';
import { t, type MessageKey } from '../../i18n';
import { problemAlert } from './taskFormat';

const KIND_LABELS: Readonly<Record<string, MessageKey>> = {
  person: 'tasks.client.kind.person',
  company: 'tasks.client.kind.company',
};

const STAGE_LABELS: Readonly<Record<string, MessageKey>> = {
  identification: 'tasks.client.stage.identification',
  attraction: 'tasks.client.stage.attraction',
  sale: 'tasks.client.stage.sale',
  service: 'tasks.client.stage.service',
  loyalty: 'tasks.client.stage.loyalty',
  retention: 'tasks.client.stage.retention',
};

/**
 * An aside that fills itself with the task's client.
 *
 * @example
 * detail.append(clientCard(task));
 */
export function clientCard(task: UserTask): HTMLElement {
  const card = h(
    'aside',
    { class: 'task-client', 'aria-label': t('tasks.client.label'), 'aria-busy': 'true' },
    h('p', { class: 'muted' }, t('tasks.client.loading')),
  );
  void fill(card, task);
  return card;
}

async function fill(card: HTMLElement, task: UserTask) {
  try {
    const id = await taskClientId(task);
    if (id === null) {
      replaceChildren(card, h('p', { class: 'muted task-client-none' }, t('tasks.client.none')));
      return;
    }
    try {
      replaceChildren(card, ...clientDetails(await getTaskClient(id)));
    } catch (error) {
      if (!(error instanceof ApiProblem && error.status === 404)) throw error;
      replaceChildren(card, h('p', { class: 'muted' }, t('tasks.client.missing', { id })));
    }
  } catch (error) {
    replaceChildren(card, problemAlert(t('tasks.client.failed'), error));
  } finally {
    card.removeAttribute('aria-busy');
  }
}

function clientDetails(client: TaskClient): HTMLElement[] {
  const label = (labels: Readonly<Record<string, MessageKey>>, value: string | undefined) => {
    if (!value) return undefined;
    const key = labels[value];
    return key ? t(key) : value;
  };
  const rows: [MessageKey, Node | string | undefined][] = [
    ['tasks.client.kind', label(KIND_LABELS, client.kind)],
    ['tasks.client.segment', client.segment],
    [
      'tasks.client.email',
      client.email ? h('a', { href: `mailto:${client.email}` }, client.email) : undefined,
    ],
    [
      'tasks.client.phone',
      client.phone ? h('a', { href: `tel:${client.phone}` }, client.phone) : undefined,
    ],
    ['tasks.client.stage', label(STAGE_LABELS, client.lifecycleStage)],
  ];
  return [
    h('h2', { class: 'task-client-name' }, client.name),
    h(
      'dl',
      { class: 'task-client-fields' },
      rows.flatMap(([key, value]) => [
        h('dt', {}, t(key)),
        h('dd', {}, value ?? h('span', { class: 'muted' }, t('tasks.client.empty'))),
      ]),
    ),
    h(
      'a',
      {
        href: `/clients?${new URLSearchParams({ id: client.id })}`,
        'data-route': '',
        class: 'button',
      },
      t('tasks.client.open'),
    ),
  ];
}
