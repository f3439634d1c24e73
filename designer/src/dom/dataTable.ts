/** The app's tables: one look (`data-table`), column headings, a caption for screen readers. */
import { h, type Attributes } from './h';

export interface TableContent {
  /** What the table lists, read out by screen readers and not shown. */
  caption?: string;
  /** The column headings; a `null` heading leaves its column out. */
  columns: readonly (string | null)[];
  rows: Node[];
}

/**
 * A table with the shared look; `attributes` add the page's own class (beside
 * `data-table`) and data attributes.
 *
 * @example
 * dataTable({ class: 'monitor-table' }, { columns: [t('monitor.variables.name')], rows });
 */
export function dataTable(attributes: Attributes, content: TableContent): HTMLTableElement {
  const { class: pageClass, ...others } = attributes;
  return h(
    'table',
    { ...others, class: pageClass ? `data-table ${String(pageClass)}` : 'data-table' },
    content.caption ? h('caption', { class: 'visually-hidden' }, content.caption) : null,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        content.columns.map((column) => column !== null && h('th', { scope: 'col' }, column)),
      ),
    ),
    h('tbody', {}, content.rows),
  );
}
