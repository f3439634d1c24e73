/**
 * The deployed processes and their versions, newest first; each version opens in the
 * modeler (`/modeler?definition=<key>`).
 */
import { searchProcessDefinitions, type ProcessDefinition } from '../../api/processDefinitions';
import { describeError } from '../../app/describeError';
import type { Page } from '../../app/Page';
import { dataTable } from '../../dom/dataTable';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';

export class ProcessesPage implements Page {
  readonly element: HTMLElement;
  private readonly content = h('div', { class: 'processes-content', 'aria-live': 'polite' });
  private readonly refresh = h(
    'button',
    { type: 'button', class: 'button', onclick: () => void this.load() },
    t('processes.refresh'),
  );

  constructor() {
    this.element = h(
      'section',
      { class: 'processes-page' },
      h('header', { class: 'page-header' }, h('h1', {}, t('processes.title')), this.refresh),
      this.content,
    );
  }

  async show(): Promise<void> {
    await this.load();
  }

  private async load() {
    this.refresh.disabled = true;
    replaceChildren(this.content, h('p', { class: 'muted' }, t('processes.loading')));
    try {
      this.render(await searchProcessDefinitions());
    } catch (error) {
      replaceChildren(
        this.content,
        h(
          'p',
          { class: 'page-error', role: 'alert' },
          t('processes.loadFailed', { detail: describeError(error) }),
        ),
      );
    } finally {
      this.refresh.disabled = false;
    }
  }

  private render(definitions: ProcessDefinition[]) {
    if (definitions.length === 0) {
      replaceChildren(
        this.content,
        h(
          'div',
          { class: 'empty-state-card' },
          h('h2', {}, t('processes.empty.title')),
          h('p', {}, t('processes.empty.lead')),
          h(
            'a',
            { href: '/modeler', 'data-route': '', class: 'button primary' },
            t('processes.empty.action'),
          ),
        ),
      );
      return;
    }
    const groups = groupByProcess(definitions);
    replaceChildren(
      this.content,
      dataTable(
        { class: 'processes-table' },
        {
          columns: [
            t('processes.column.name'),
            t('processes.column.id'),
            t('processes.column.latest'),
            t('processes.column.versions'),
          ],
          rows: groups.map((versions) => processRow(versions)),
        },
      ),
    );
  }
}

/** One row per process id; `versions` is newest first. */
function processRow(versions: ProcessDefinition[]): HTMLElement {
  const latest = versions[0] as ProcessDefinition;
  return h(
    'tr',
    { 'data-process-id': latest.processDefinitionId },
    h('th', { scope: 'row' }, latest.name || latest.processDefinitionId),
    h('td', {}, h('code', {}, latest.processDefinitionId)),
    h('td', {}, openLink(latest, t('processes.openLatest', { version: latest.version }))),
    h(
      'td',
      {},
      h(
        'ul',
        { class: 'version-list' },
        versions.map((definition) =>
          h(
            'li',
            {},
            openLink(definition, t('processes.version', { version: definition.version })),
            definition.versionTag
              ? h('span', { class: 'muted' }, ` ${definition.versionTag}`)
              : null,
          ),
        ),
      ),
    ),
  );
}

function openLink(definition: ProcessDefinition, label: string): HTMLAnchorElement {
  return h(
    'a',
    {
      href: `/modeler?${new URLSearchParams({ definition: definition.processDefinitionKey })}`,
      'data-route': '',
      title: t('processes.openTitle', {
        id: definition.processDefinitionId,
        version: definition.version,
      }),
    },
    label,
  );
}

function groupByProcess(definitions: ProcessDefinition[]): ProcessDefinition[][] {
  const groups = new Map<string, ProcessDefinition[]>();
  for (const definition of definitions) {
    const group = groups.get(definition.processDefinitionId) ?? [];
    group.push(definition);
    groups.set(definition.processDefinitionId, group);
  }
  return [...groups.values()].map((group) => group.sort((a, b) => b.version - a.version));
}
