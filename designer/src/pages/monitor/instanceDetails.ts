/** The panels under an instance's diagram: its incidents, its variables, its history. */
import type { ElementInstance } from '../../api/elementInstances';
import type { Incident } from '../../api/incidents';
import type { Variable } from '../../api/variables';
import { dataTable } from '../../dom/dataTable';
import { h, type Child } from '../../dom/h';
import { t } from '../../i18n';
import { dateTime, incidentTypeLabel, stateBadge, variableValue } from './format';

export interface IncidentActions {
  retry(incident: Incident, button: HTMLButtonElement): void;
  focus(elementId: string): void;
}

/** Element names by element id and element instance key, from the instance's history. */
export class ElementNames {
  private readonly byId = new Map<string, string>();
  private readonly byKey = new Map<string, ElementInstance>();

  constructor(history: readonly ElementInstance[]) {
    for (const row of history) {
      this.byId.set(row.elementId, row.elementName || row.elementId);
      this.byKey.set(row.elementInstanceKey, row);
    }
  }

  of(elementId: string): string {
    return this.byId.get(elementId) ?? elementId;
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
