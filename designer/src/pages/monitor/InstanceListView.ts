/**
 * Instances per process: the processes on the side; for the chosen one (or all) its
 * versions, how its instances stand, and a page of them, newest first.
 *
 *   ?process&version&state&from ──▶ definitions ─▶ picker, versions
 *                                   counts      ─▶ bar + chips
 *                                   search page ─▶ table + pager | empty state
 */
import { searchProcessDefinitions } from '../../api/processDefinitions';
import { searchProcessInstances } from '../../api/processInstances';
import { describeError } from '../../app/describeError';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import { instanceTable } from './instanceTable';
import { listFilter, listUrl, type ListQuery } from './monitorQuery';
import { processGroups, type ProcessGroup } from './processGroups';
import { ProcessPicker } from './ProcessPicker';
import { stateCounts, stateTotals } from './StateCounts';

const PAGE_SIZE = 20;

export class InstanceListView {
  readonly element: HTMLElement;
  private readonly picker = new ProcessPicker();
  private readonly content = h('div', { class: 'monitor-list-content', 'aria-live': 'polite' });
  private readonly refresh = h(
    'button',
    { type: 'button', class: 'button', onclick: () => void this.load() },
    t('monitor.refresh'),
  );
  private query: ListQuery = { process: null, version: null, state: null, from: 0 };
  private generation = 0;

  constructor() {
    this.element = h(
      'div',
      { class: 'monitor-list' },
      h(
        'header',
        { class: 'page-header' },
        h('h1', { tabindex: -1 }, t('monitor.title')),
        this.refresh,
      ),
      h('div', { class: 'monitor-list-body' }, this.picker.element, this.content),
    );
  }

  async show(query: ListQuery): Promise<void> {
    this.query = query;
    await this.load();
  }

  private async load() {
    const generation = ++this.generation;
    const query = this.query;
    this.refresh.disabled = true;
    replaceChildren(this.content, h('p', { class: 'muted' }, t('monitor.list.loading')));
    try {
      const groups = processGroups(await searchProcessDefinitions());
      if (generation !== this.generation) return;
      this.picker.render(groups, query.process);
      if (groups.length === 0) {
        replaceChildren(this.content, noProcesses());
        return;
      }
      const group = groups.find((g) => g.processDefinitionId === query.process) ?? null;
      const scope = listFilter({ ...query, state: null });
      const [totals, page] = await Promise.all([
        stateTotals(scope),
        searchProcessInstances(listFilter(query), query.from, PAGE_SIZE),
      ]);
      if (generation !== this.generation) return;
      replaceChildren(
        this.content,
        heading(group, query),
        stateCounts(totals, query),
        page.items.length > 0 ? instanceTable(page, query, PAGE_SIZE) : noInstances(query),
      );
    } catch (error) {
      if (generation !== this.generation) return;
      replaceChildren(
        this.content,
        h(
          'p',
          { class: 'page-error', role: 'alert' },
          t('monitor.list.loadFailed', { detail: describeError(error) }),
        ),
      );
    } finally {
      if (generation === this.generation) this.refresh.disabled = false;
    }
  }
}

/** The chosen process's name and its versions, each a filter. */
function heading(group: ProcessGroup | null, query: ListQuery): HTMLElement {
  if (!group) {
    return h(
      'div',
      { class: 'monitor-list-heading' },
      h('h2', {}, query.process ?? t('monitor.processes.all')),
    );
  }
  const version = (value: number | null, label: string) =>
    h(
      'li',
      {},
      h(
        'a',
        {
          href: listUrl({ process: group.processDefinitionId, version: value, state: query.state }),
          'data-route': '',
          class: 'monitor-version',
          'aria-current': query.version === value ? 'true' : null,
        },
        label,
      ),
    );
  return h(
    'div',
    { class: 'monitor-list-heading' },
    h('h2', {}, group.name, ' ', h('code', { class: 'muted' }, group.processDefinitionId)),
    h(
      'ul',
      { class: 'monitor-versions', 'aria-label': t('monitor.versions.label') },
      version(null, t('monitor.versions.all')),
      group.versions.map((definition) =>
        version(definition.version, t('monitor.version', { version: definition.version })),
      ),
    ),
  );
}

function noProcesses(): HTMLElement {
  return h(
    'div',
    { class: 'empty-state-card' },
    h('h2', {}, t('monitor.empty.noProcesses')),
    h('p', {}, t('monitor.empty.noProcessesLead')),
    h(
      'a',
      { href: '/modeler', 'data-route': '', class: 'button primary' },
      t('monitor.empty.toModeler'),
    ),
  );
}

function noInstances(query: ListQuery): HTMLElement {
  const filtered = query.state !== null || query.from > 0;
  return h(
    'div',
    { class: 'empty-state-card monitor-empty' },
    h('h2', {}, t(filtered ? 'monitor.empty.noMatch' : 'monitor.empty.noInstances')),
    h('p', {}, t(filtered ? 'monitor.empty.noMatchLead' : 'monitor.empty.noInstancesLead')),
    filtered &&
      h(
        'a',
        { href: listUrl({ ...query, state: null, from: 0 }), 'data-route': '', class: 'button' },
        t('monitor.empty.showAll'),
      ),
  );
}
