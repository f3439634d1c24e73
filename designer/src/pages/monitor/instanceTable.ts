/** One page of instances as a table, with the pager under it. */
import type { ProcessInstancePage } from '../../api/processInstances';
import { dataTable } from '../../dom/dataTable';
import { h } from '../../dom/h';
import { t } from '../../i18n';
import { dateTime, stateBadge } from './format';
import { instanceUrl, listUrl, type ListQuery } from './monitorQuery';

/**
 * @example
 * content.append(instanceTable(await searchProcessInstances(filter, 0, 20), query, 20));
 */
export function instanceTable(
  page: ProcessInstancePage,
  query: ListQuery,
  pageSize: number,
): HTMLElement {
  const rows = page.items.map((instance) =>
    h(
      'tr',
      { 'data-instance-key': instance.processInstanceKey },
      h(
        'th',
        { scope: 'row' },
        h(
          'a',
          {
            href: instanceUrl(instance.processInstanceKey),
            'data-route': '',
            'aria-label': t('monitor.list.openInstance', { key: instance.processInstanceKey }),
          },
          h('code', {}, instance.processInstanceKey),
        ),
      ),
      h(
        'td',
        {},
        instance.processDefinitionName || instance.processDefinitionId,
        ' ',
        h(
          'span',
          { class: 'muted' },
          t('monitor.version', { version: instance.processDefinitionVersion }),
        ),
      ),
      h('td', {}, stateBadge(instance.state, instance.hasIncident)),
      h('td', {}, dateTime(instance.startDate)),
      h('td', {}, dateTime(instance.endDate)),
    ),
  );
  return h(
    'div',
    { class: 'monitor-instances' },
    dataTable(
      { class: 'monitor-table' },
      {
        caption: t('monitor.list.caption'),
        columns: [
          t('monitor.list.key'),
          t('monitor.list.process'),
          t('monitor.list.state'),
          t('monitor.list.started'),
          t('monitor.list.ended'),
        ],
        rows,
      },
    ),
    pager(page.totalItems, query, pageSize, page.items.length),
  );
}

function pager(total: number, query: ListQuery, pageSize: number, shown: number): HTMLElement {
  const first = query.from + 1;
  const last = query.from + shown;
  const previous = query.from > 0 ? Math.max(0, query.from - pageSize) : null;
  const next = last < total ? query.from + pageSize : null;
  const link = (from: number | null, label: string) =>
    from === null
      ? h('span', { class: 'button', 'aria-disabled': 'true' }, label)
      : h('a', { href: listUrl({ ...query, from }), 'data-route': '', class: 'button' }, label);
  return h(
    'nav',
    { class: 'monitor-pager', 'aria-label': t('monitor.list.pages') },
    h('span', { class: 'monitor-pager-range' }, t('monitor.list.range', { first, last, total })),
    link(previous, t('monitor.list.previous')),
    link(next, t('monitor.list.next')),
  );
}
