/**
 * The client list: a search by name or email prefix (case-insensitive) and lifecycle
 * stage, a page at a time, each row a link to the client's card. The search lives in
 * the URL (`/clients?q=acme&stage=sale&from=25`), so back from a card returns to it.
 *
 *   search box ──(debounced)──▶ POST /api/clients/search {q, filter, sort, page{from,limit}}
 */
import { searchClients, type Client, type ClientPage } from '../../api/clients';
import { describeError } from '../../app/describeError';
import { dataTable } from '../../dom/dataTable';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import { LIFECYCLE_STAGES } from '../../../../schemas/crm';
import { builtInFields, type ClientField } from './clientFields';
import { formatValue } from './formatValue';

export const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

interface ListQuery {
  q: string;
  stage: string;
  from: number;
}

/** The columns of the list after the name. */
const COLUMNS = ['kind', 'segment', 'region', 'lifecycleStage', 'owner'] as const;

export class ClientList {
  readonly element: HTMLElement;
  private readonly heading = h('h1', { tabindex: '-1' }, t('clients.title'));
  private readonly search = h('input', {
    id: 'client-search',
    type: 'search',
    autocomplete: 'off',
    placeholder: t('clients.search.placeholder'),
  });
  private readonly stage = h(
    'select',
    { id: 'client-stage' },
    h('option', { value: '' }, t('clients.search.anyStage')),
    builtInFields()
      .find((field) => field.name === 'lifecycleStage')
      ?.options?.map((option) => h('option', { value: option.value }, option.label)),
  );
  private readonly results = h('div', { class: 'clients-results' });
  /** Announces how many clients a search found; the table itself is not read out again. */
  private readonly found = h('p', { class: 'visually-hidden', role: 'status' });
  private readonly pager = h('nav', {
    class: 'clients-pager',
    'aria-label': t('clients.pager.label'),
    hidden: true,
  });
  private readonly fields = new Map<string, ClientField>(
    builtInFields().map((field) => [field.name, field]),
  );
  private query: ListQuery = { q: '', stage: '', from: 0 };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor() {
    this.search.addEventListener('input', () => this.searchSoon());
    this.stage.addEventListener('change', () => this.searchNow());
    this.element = h(
      'div',
      { class: 'clients-list' },
      h(
        'header',
        { class: 'page-header' },
        this.heading,
        h(
          'a',
          { href: '/clients?new=1', 'data-route': '', class: 'button primary' },
          t('clients.new'),
        ),
      ),
      h(
        'form',
        {
          class: 'client-search',
          role: 'search',
          onsubmit: (event) => {
            event.preventDefault();
            this.searchNow();
          },
        },
        h('label', { for: 'client-search' }, t('clients.search.label')),
        this.search,
        h('label', { for: 'client-stage' }, t('clients.search.stage')),
        this.stage,
        h('button', { type: 'submit', class: 'button' }, t('clients.search.submit')),
      ),
      this.found,
      this.results,
      this.pager,
    );
  }

  async show(query: URLSearchParams): Promise<void> {
    const from = Number(query.get('from') ?? 0);
    this.query = {
      q: query.get('q') ?? '',
      stage: query.get('stage') ?? '',
      from: Number.isInteger(from) && from > 0 ? from : 0,
    };
    this.search.value = this.query.q;
    this.stage.value = this.query.stage;
    await this.load();
  }

  focus(): void {
    this.heading.focus();
  }

  private searchSoon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.searchNow(), SEARCH_DELAY_MS);
  }

  private searchNow() {
    clearTimeout(this.timer);
    this.go({ q: this.search.value.trim(), stage: this.stage.value, from: 0 });
  }

  private go(query: ListQuery) {
    this.query = query;
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.stage) params.set('stage', query.stage);
    if (query.from) params.set('from', String(query.from));
    const search = params.toString();
    history.replaceState(null, '', `/clients${search ? `?${search}` : ''}`);
    void this.load();
  }

  private async load() {
    const generation = ++this.generation;
    const { q, stage, from } = this.query;
    this.results.setAttribute('aria-busy', 'true');
    if (!this.results.firstChild)
      replaceChildren(this.results, h('p', { class: 'muted' }, t('clients.loading')));
    try {
      const page = await searchClients({
        ...(q ? { q } : {}),
        ...(isStage(stage) ? { filter: { lifecycleStage: stage } } : {}),
        sort: [{ field: 'name', order: 'ASC' }],
        page: { from, limit: PAGE_SIZE },
      });
      if (generation !== this.generation) return;
      if (page.items.length === 0 && from > 0 && page.page.totalItems > 0) {
        // The page asked for is past the end (clients were archived meanwhile).
        this.go({ ...this.query, from: lastPageStart(page.page.totalItems) });
        return;
      }
      this.render(page);
    } catch (error) {
      if (generation !== this.generation) return;
      this.pager.hidden = true;
      replaceChildren(
        this.results,
        h(
          'p',
          { class: 'page-error', role: 'alert' },
          t('clients.loadFailed', { detail: describeError(error) }),
        ),
      );
    } finally {
      if (generation === this.generation) this.results.removeAttribute('aria-busy');
    }
  }

  private render(page: ClientPage) {
    this.found.textContent = t('clients.found', { count: page.page.totalItems });
    if (page.items.length === 0) {
      this.pager.hidden = true;
      replaceChildren(this.results, this.emptyState());
      return;
    }
    replaceChildren(
      this.results,
      dataTable(
        { class: 'clients-table' },
        {
          caption: t('clients.table.caption'),
          columns: [
            t('clients.field.name'),
            ...COLUMNS.map((name) => this.fields.get(name)?.label ?? name),
          ],
          rows: page.items.map((client) => this.row(client)),
        },
      ),
    );
    this.renderPager(page.page.totalItems, page.items.length);
  }

  private row(client: Client): HTMLElement {
    const link = h(
      'a',
      { href: `/clients?${new URLSearchParams({ id: client.id })}`, 'data-route': '' },
      client.name,
    );
    const cells = COLUMNS.map((name) => {
      const field = this.fields.get(name)!;
      const value = (client as unknown as Record<string, string | undefined>)[name];
      return h('td', {}, formatValue(field, value));
    });
    return h(
      'tr',
      {
        'data-client-id': client.id,
        // The whole row follows its link for the mouse; the keyboard uses the link itself.
        onclick: (event) => {
          const target = event.target as Element;
          if (!target.closest('a') && !window.getSelection()?.toString()) link.click();
        },
      },
      h('th', { scope: 'row' }, link),
      cells,
    );
  }

  private renderPager(total: number, shown: number) {
    const { from } = this.query;
    if (total <= PAGE_SIZE && from === 0) {
      this.pager.hidden = true;
      return;
    }
    const previous = h(
      'button',
      {
        type: 'button',
        class: 'button',
        disabled: from === 0,
        onclick: () => this.go({ ...this.query, from: Math.max(0, from - PAGE_SIZE) }),
      },
      t('clients.pager.previous'),
    );
    const next = h(
      'button',
      {
        type: 'button',
        class: 'button',
        disabled: from + shown >= total,
        onclick: () => this.go({ ...this.query, from: from + PAGE_SIZE }),
      },
      t('clients.pager.next'),
    );
    const range = t('clients.pager.range', { first: from + 1, last: from + shown, total });
    replaceChildren(this.pager, previous, h('span', { class: 'pager-range' }, range), next);
    this.pager.hidden = false;
  }

  private emptyState(): HTMLElement {
    const filtered = this.query.q !== '' || this.query.stage !== '';
    if (!filtered) {
      return h(
        'div',
        { class: 'empty-state-card' },
        h('h2', {}, t('clients.empty.title')),
        h('p', {}, t('clients.empty.lead')),
        h(
          'a',
          { href: '/clients?new=1', 'data-route': '', class: 'button primary' },
          t('clients.empty.action'),
        ),
      );
    }
    return h(
      'div',
      { class: 'empty-state-card' },
      h('h2', {}, t('clients.noMatch.title')),
      h(
        'p',
        {},
        this.query.q
          ? t('clients.noMatch.leadQuery', { q: this.query.q })
          : t('clients.noMatch.lead'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          onclick: () => {
            this.search.value = '';
            this.stage.value = '';
            this.searchNow();
            this.search.focus();
          },
        },
        t('clients.noMatch.clear'),
      ),
    );
  }
}

function isStage(value: string): boolean {
  return (LIFECYCLE_STAGES as readonly string[]).includes(value);
}

function lastPageStart(total: number): number {
  return Math.max(0, Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE);
}
