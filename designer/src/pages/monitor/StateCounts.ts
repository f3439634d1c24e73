/**
 * How the instances of the chosen process stand: a bar split by state, and a row of
 * chips with the numbers that filter the list by that state.
 *
 *   running ████████░░ incidents ██ completed ██████████ terminated ███
 */
import { countProcessInstances, type ProcessInstanceFilter } from '../../api/processInstances';
import { h, replaceChildren } from '../../dom/h';
import { t, type MessageKey } from '../../i18n';
import {
  listUrl,
  stateFilter,
  STATE_FILTERS,
  type ListQuery,
  type StateFilter,
} from './monitorQuery';

export type StateTotals = Readonly<Record<StateFilter, number>>;

const LABELS: Readonly<Record<StateFilter, MessageKey>> = {
  active: 'monitor.counts.active',
  incidents: 'monitor.counts.incidents',
  completed: 'monitor.counts.completed',
  terminated: 'monitor.counts.terminated',
};

/**
 * The totals per state chip for the instances `scope` selects.
 *
 * @example
 * const totals = await stateTotals({ processDefinitionId: 'complaint-handling' });
 */
export async function stateTotals(scope: ProcessInstanceFilter): Promise<StateTotals> {
  const counts = await Promise.all(
    STATE_FILTERS.map((state) => countProcessInstances({ ...scope, ...stateFilter(state) })),
  );
  return Object.fromEntries(
    STATE_FILTERS.map((state, index) => [state, counts[index] ?? 0]),
  ) as Record<StateFilter, number>;
}

/** The bar and the chips; the chip of `query.state` is the current one. */
export function stateCounts(totals: StateTotals, query: ListQuery): HTMLElement {
  const all = totals.active + totals.completed + totals.terminated;
  // The bar's parts do not overlap: running ones without an incident, then those with one.
  const parts: [string, number][] = [
    ['running', totals.active - totals.incidents],
    ['incidents', totals.incidents],
    ['completed', totals.completed],
    ['terminated', totals.terminated],
  ];
  const bar = h(
    'div',
    { class: 'monitor-bar', 'aria-hidden': 'true' },
    parts
      .filter(([, count]) => count > 0)
      .map(([kind, count]) =>
        h('span', { class: `monitor-bar-part ${kind}`, style: `flex-grow: ${count}` }),
      ),
  );
  const chip = (state: StateFilter | null, label: string) =>
    h(
      'li',
      {},
      h(
        'a',
        {
          href: listUrl({ ...query, state, from: 0 }),
          'data-route': '',
          class: `monitor-chip ${state ?? 'all'}`,
          'data-state': state ?? 'all',
          'aria-current': query.state === state ? 'true' : null,
        },
        label,
      ),
    );
  const container = h('div', { class: 'monitor-counts' });
  replaceChildren(
    container,
    all > 0 ? bar : null,
    h(
      'ul',
      { class: 'monitor-chips', 'aria-label': t('monitor.counts.label') },
      chip(null, t('monitor.counts.all', { count: all })),
      STATE_FILTERS.map((state) => chip(state, t(LABELS[state], { count: totals[state] }))),
    ),
  );
  return container;
}
