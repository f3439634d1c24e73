/** Small pieces the admin panels share: tables, empty states, load failures, badges. */
import { describeError } from '../../app/describeError';
import { h, type Child } from '../../dom/h';
import { t } from '../../i18n';

/**
 * A table with a caption (for screen readers and the eye), column headings and rows; the
 * first cell of each row is its row heading.
 *
 * @example
 * dataTable(t('admin.groups.caption'), [t('admin.groups.column.groupId')], [[h('code', {}, 'sales')]]);
 */
export function dataTable(
  caption: string,
  columns: readonly string[],
  rows: readonly { key: string; cells: readonly Child[] }[],
): HTMLTableElement {
  return h(
    'table',
    { class: 'admin-table' },
    h('caption', { class: 'visually-hidden' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((column) => h('th', { scope: 'col' }, column)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map(({ key, cells }) =>
        h(
          'tr',
          { 'data-key': key },
          cells.map((cell, index) =>
            index === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell),
          ),
        ),
      ),
    ),
  );
}

/** What a panel shows when it has nothing to list yet. */
export function emptyState(title: string, lead: string): HTMLElement {
  return h('div', { class: 'empty-state-card' }, h('h3', {}, title), h('p', {}, lead));
}

/** A failed load, with a button to try again. */
export function loadFailed(error: unknown, retry: () => void): HTMLElement {
  return h(
    'div',
    { class: 'page-error', role: 'alert' },
    t('admin.loadFailed', { detail: describeError(error) }),
    ' ',
    h('button', { type: 'button', class: 'button', onclick: retry }, t('admin.retry')),
  );
}

export function loading(): HTMLElement {
  return h('p', { class: 'muted' }, t('admin.loading'));
}

/** Short values side by side (roles, groups, options); a dash for none. */
export function badges(values: readonly string[]): Child {
  if (values.length === 0) return h('span', { class: 'muted' }, t('admin.none'));
  return h(
    'ul',
    { class: 'admin-badges' },
    values.map((value) => h('li', { class: 'admin-badge' }, value)),
  );
}

/** A polite live region that says what just happened ("Added field Tier."). */
export function statusLine(): HTMLElement {
  return h('p', { class: 'admin-status', role: 'status', hidden: true });
}

export function announce(status: HTMLElement, text: string): void {
  status.textContent = text;
  status.hidden = false;
}
