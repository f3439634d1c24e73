/**
 * The panels under an instance's diagram: its incidents, the messages it waits for, its
 * variables, its history.
 */
import type { ElementInstance } from '../../api/elementInstances';
import type { Incident } from '../../api/incidents';
import type { MessageSubscription } from '../../api/messageSubscriptions';
import type { Variable } from '../../api/variables';
import { dataTable } from '../../dom/dataTable';
import { h, type Child } from '../../dom/h';
import { t } from '../../i18n';
import {
  dateTime,
  incidentTypeLabel,
  stateBadge,
  subscriptionStateBadge,
  variableValue,
} from './format';

export interface IncidentActions {
  retry(incident: Incident, button: HTMLButtonElement): void;
  focus(elementId: string): void;
}

/**
 * Element names by element id and element instance key, from the instance's history;
 * an element that has not run yet (a boundary event waiting for its message) is named
 * by `fallback` (the diagram), else by its id.
 */
export class ElementNames {
  private readonly byId = new Map<string, string>();
  private readonly byKey = new Map<string, ElementInstance>();

  constructor(
    history: readonly ElementInstance[],
    private readonly fallback: (elementId: string) => string | null = () => null,
  ) {
    for (const row of history) {
      if (row.elementName) this.byId.set(row.elementId, row.elementName);
      this.byKey.set(row.elementInstanceKey, row);
    }
  }

  of(elementId: string): string {
    return this.byId.get(elementId) ?? this.fallback(elementId) ?? elementId;
  }

  instance(elementInstanceKey: string): ElementInstance | undefined {
    return this.byKey.get(elementInstanceKey);
  }
}

export function incidentTable(
  incidents: readonly Incident[],
  names: ElementNames,
  actions: IncidentActions,
): HTMLElement {
  if (incidents.length === 0) {
    return panel('incidents', t('monitor.incidents.title', { count: 0 }), [
      h('p', { class: 'muted' }, t('monitor.incidents.none')),
    ]);
  }
  const rows = incidents.map((incident) => {
    const name = names.of(incident.elementId);
    const retry = h(
      'button',
      {
        type: 'button',
        class: 'button primary',
        'aria-label': t('monitor.incidents.retryOn', { element: name }),
      },
      t('monitor.incidents.retry'),
    );
    retry.addEventListener('click', () => actions.retry(incident, retry));
    return h(
      'tr',
      { 'data-incident-key': incident.incidentKey, 'data-element-id': incident.elementId },
      h('td', {}, incidentTypeLabel(incident.errorType)),
      h('td', { class: 'monitor-message' }, incident.errorMessage),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'monitor-element-link',
            title: t('monitor.incidents.showOnDiagram'),
            onclick: () => actions.focus(incident.elementId),
          },
          name,
        ),
      ),
      h('td', {}, dateTime(incident.creationTime)),
      h('td', {}, retry),
    );
  });
  return panel('incidents', t('monitor.incidents.title', { count: incidents.length }), [
    table(
      [
        t('monitor.incidents.type'),
        t('monitor.incidents.message'),
        t('monitor.incidents.element'),
        t('monitor.incidents.created'),
        t('monitor.incidents.action'),
      ],
      rows,
    ),
  ]);
}

/**
 * The instance's message subscriptions: the open ones (CREATED) first, then the
 * correlated and withdrawn ones; each group most recently updated first.
 */
export function subscriptionTable(
  subscriptions: readonly MessageSubscription[],
  names: ElementNames,
  focus: (elementId: string) => void,
): HTMLElement {
  const title = t('monitor.subscriptions.title');
  if (subscriptions.length === 0) {
    return panel('subscriptions', title, [
      h('p', { class: 'muted' }, t('monitor.subscriptions.none')),
    ]);
  }
  const rows = openFirst(subscriptions).map((subscription) => {
    const name = names.of(subscription.elementId);
    return h(
      'tr',
      {
        'data-subscription-key': subscription.messageSubscriptionKey,
        'data-element-id': subscription.elementId,
      },
      h(
        'th',
        { scope: 'row' },
        h(
          'button',
          {
            type: 'button',
            class: 'monitor-element-link',
            title: t('monitor.incidents.showOnDiagram'),
            onclick: () => focus(subscription.elementId),
          },
          name,
        ),
        name !== subscription.elementId &&
          h('code', { class: 'monitor-element-id' }, subscription.elementId),
      ),
      h('td', {}, subscription.messageName),
      h(
        'td',
        {},
        subscription.correlationKey
          ? h('code', { class: 'monitor-value' }, subscription.correlationKey)
          : h('span', { class: 'muted' }, t('monitor.subscriptions.noKey')),
      ),
      h('td', {}, subscriptionStateBadge(subscription.messageSubscriptionState)),
      h('td', {}, dateTime(subscription.lastUpdatedDate)),
    );
  });
  return panel('subscriptions', title, [
    dataTable(
      { class: 'monitor-table' },
      {
        caption: t('monitor.subscriptions.caption'),
        columns: [
          t('monitor.subscriptions.element'),
          t('monitor.subscriptions.message'),
          t('monitor.subscriptions.correlationKey'),
          t('monitor.subscriptions.state'),
          t('monitor.subscriptions.updated'),
        ],
        rows,
      },
    ),
  ]);
}

/** Open subscriptions before the others, each group newest first (a stable sort). */
function openFirst(subscriptions: readonly MessageSubscription[]): MessageSubscription[] {
  const rank = (s: MessageSubscription) => (s.messageSubscriptionState === 'CREATED' ? 0 : 1);
  return [...subscriptions].sort(
    (a, b) => rank(a) - rank(b) || b.lastUpdatedDate.localeCompare(a.lastUpdatedDate),
  );
}

export function variableTable(
  variables: readonly Variable[],
  processInstanceKey: string,
  names: ElementNames,
): HTMLElement {
  const scope = (scopeKey: string) => {
    if (scopeKey === processInstanceKey) return t('monitor.variables.processScope');
    const element = names.instance(scopeKey);
    const name = element ? element.elementName || element.elementId : scopeKey;
    return t('monitor.variables.elementScope', { name, key: scopeKey });
  };
  const rows = variables.map((variable) =>
    h(
      'tr',
      { 'data-variable-name': variable.name },
      h('th', { scope: 'row' }, h('code', {}, variable.name)),
      h('td', {}, variableValue(variable.value)),
      h('td', {}, scope(variable.scopeKey)),
    ),
  );
  return panel('variables', t('monitor.variables.title', { count: variables.length }), [
    variables.length === 0
      ? h('p', { class: 'muted' }, t('monitor.variables.none'))
      : table(
          [t('monitor.variables.name'), t('monitor.variables.value'), t('monitor.variables.scope')],
          rows,
        ),
  ]);
}

export function historyTable(history: readonly ElementInstance[]): HTMLElement {
  const rows = history
    .filter((row) => row.type !== 'PROCESS')
    .map((row) =>
      h(
        'tr',
        { 'data-element-id': row.elementId },
        h('th', { scope: 'row' }, row.elementName || row.elementId),
        h('td', {}, stateBadge(row.state, row.hasIncident)),
        h('td', {}, dateTime(row.startDate)),
        h('td', {}, dateTime(row.endDate)),
      ),
    );
  return panel('history', t('monitor.history.title'), [
    table(
      [
        t('monitor.history.element'),
        t('monitor.history.state'),
        t('monitor.history.started'),
        t('monitor.history.ended'),
      ],
      rows,
    ),
  ]);
}

function panel(kind: string, title: string, content: Child[]): HTMLElement {
  const id = `monitor-${kind}-title`;
  return h(
    'section',
    { class: `monitor-panel monitor-${kind}`, 'aria-labelledby': id },
    h('h2', { id }, title),
    content,
  );
}

function table(columns: string[], rows: HTMLElement[]): HTMLElement {
  return dataTable({ class: 'monitor-table' }, { columns, rows });
}
