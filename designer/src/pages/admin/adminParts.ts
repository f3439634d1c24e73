/** What the admin tabs' tables share: rows headed by their first cell, and badges. */
import { dataTable } from '../../dom/dataTable';
import { h, type Child } from '../../dom/h';
import { t } from '../../i18n';

/**
 * A table with a caption (for screen readers), column headings and rows; the first cell
 * of each row is its row heading, and `key` marks the row (`data-key`).
 *
 * @example
 * recordTable(t('admin.groups.caption'), [t('admin.groups.column.name')], [{ key: 'sales', cells: ['Sales'] }]);
 */
export function recordTable(
  caption: string,
  columns: readonly string[],
  rows: readonly { key: string; cells: readonly Child[] }[],
): HTMLTableElement {
  return dataTable(
    { class: 'admin-table' },
    {
      caption,
      columns,
      rows: rows.map(({ key, cells }) =>
        h(
          'tr',
          { 'data-key': key },
          cells.map((cell, index) =>
            index === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell),
          ),
        ),
      ),
    },
  );
}

/** Short values side by side (roles, groups, options); a dash for none. */
export function badges(values: readonly string[]): Child {
  if (values.length === 0) return h('span', { class: 'muted' }, t('admin.none'));
  return h(
    'ul',
    { class: 'admin-badges' },
    values.map((value) => h('li', { class: 'badge admin-badge' }, value)),
  );
}
