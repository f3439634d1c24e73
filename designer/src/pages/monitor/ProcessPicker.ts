/**
 * The processes beside the instance list: all of them, then each deployed process with
 * its running instances and incidents, counted once the list is drawn.
 */
import { countProcessInstances } from '../../api/processInstances';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import { listUrl } from './monitorQuery';
import type { ProcessGroup } from './processGroups';

/** How many processes get counts; past that the list stays readable without them. */
const MAX_COUNTED = 30;

export class ProcessPicker {
  readonly element = h('nav', {
    class: 'monitor-processes',
    'aria-label': t('monitor.processes.label'),
  });
  private generation = 0;

  render(groups: readonly ProcessGroup[], selected: string | null): void {
    const generation = ++this.generation;
    const entries = groups.map((group) => {
      const counts = h('span', { class: 'monitor-process-counts' });
      const entry = this.entry(
        listUrl({ process: group.processDefinitionId }),
        selected === group.processDefinitionId,
        h('span', { class: 'monitor-process-name' }, group.name),
        h(
          'span',
          { class: 'monitor-process-id' },
          h('code', {}, group.processDefinitionId),
          ' ',
          t('monitor.version', { version: group.versions[0]?.version ?? 0 }),
        ),
        counts,
      );
      return { group, entry, counts };
    });
    replaceChildren(
      this.element,
      h(
        'ul',
        {},
        this.entry(
          listUrl({}),
          selected === null,
          h('span', { class: 'monitor-process-name' }, t('monitor.processes.all')),
        ),
        entries.map(({ entry }) => entry),
      ),
    );
    void this.count(entries.slice(0, MAX_COUNTED), generation);
  }

  private entry(href: string, current: boolean, ...content: HTMLElement[]): HTMLElement {
    return h(
      'li',
      {},
      h(
        'a',
        {
          href,
          'data-route': '',
          class: 'monitor-process',
          'aria-current': current ? 'page' : null,
        },
        content,
      ),
    );
  }

  private async count(
    entries: { group: ProcessGroup; counts: HTMLElement }[],
    generation: number,
  ): Promise<void> {
    for (const { group, counts } of entries) {
      const processDefinitionId = group.processDefinitionId;
      let active: number;
      let incidents: number;
      try {
        [active, incidents] = await Promise.all([
          countProcessInstances({ processDefinitionId, state: 'ACTIVE' }),
          countProcessInstances({ processDefinitionId, state: 'ACTIVE', hasIncident: true }),
        ]);
      } catch {
        // The counts are a convenience; the list works without them.
        return;
      }
      if (generation !== this.generation) return;
      replaceChildren(
        counts,
        h(
          'span',
          { class: 'monitor-count-badge active' },
          t('monitor.processes.active', { count: active }),
        ),
        incidents > 0 &&
          h(
            'span',
            { class: 'monitor-count-badge incident' },
            t('monitor.processes.incidents', { count: incidents }),
          ),
      );
    }
  }
}
