/**
 * What every admin tab is made of: its heading and lead, a status line that says what
 * just happened, and its list, which shows "Loading…", an empty state, a failure with
 * Retry, or the table. A tab with an add button opens its form in the button's place.
 *
 *   load() ──read()──▶ rows ──▶ table(rows) | empty state
 *             └─throws─▶ "Could not load …" + Retry
 *   Add ──openForm()──▶ form ──saved(text)──▶ status line, load(), focus on Add
 *                            └─cancel()──▶ focus back where it was
 */
import { describeError } from '../../app/describeError';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import type { AdminPanel } from './AdminPanel';

export interface ListPanelOptions<T> {
  title: string;
  lead: string;
  emptyTitle: string;
  emptyLead: string;
  /** Reads the rows afresh (and whatever else the tab keeps for its table and forms). */
  read(): Promise<readonly T[]>;
  /** The table of the rows; only called with at least one. */
  table(rows: readonly T[]): HTMLElement;
  /** The button in the heading that opens the form for a new row. */
  add?: { label: string; onclick(): void };
  /** A form that always shows, above the status line. */
  form?: HTMLElement;
}

/** How a form opened by {@link ListPanel.openForm} closes. */
export interface FormExits {
  /** Closes the form and gives the focus back to what opened it. */
  cancel(): void;
  /** Closes the form, says `text` in the status line and loads the list again. */
  saved(text: string): void;
}

export class ListPanel<T> implements AdminPanel {
  readonly element: HTMLElement;
  /** A polite live region that says what just happened ("Added field Tier."). */
  private readonly status = h('p', {
    class: 'status-line success admin-status',
    role: 'status',
    hidden: true,
  });
  private readonly list = h('div', { class: 'admin-list', 'aria-busy': 'false' });
  private readonly formSlot = h('div', { class: 'admin-form-slot' });
  private readonly addButton: HTMLButtonElement | null;
  private listed = 0;

  constructor(private readonly options: ListPanelOptions<T>) {
    const { add } = options;
    this.addButton = add
      ? h(
          'button',
          { type: 'button', class: 'button primary', onclick: () => add.onclick() },
          add.label,
        )
      : null;
    this.element = h(
      'div',
      { class: 'admin-panel-body' },
      h(
        'div',
        { class: 'admin-panel-header' },
        h('div', {}, h('h2', {}, options.title), h('p', { class: 'muted' }, options.lead)),
        this.addButton,
      ),
      options.form,
      this.status,
      add && this.formSlot,
      this.list,
    );
  }

  async load(): Promise<void> {
    this.list.setAttribute('aria-busy', 'true');
    if (this.listed === 0)
      replaceChildren(this.list, h('p', { class: 'muted' }, t('admin.loading')));
    try {
      const rows = await this.options.read();
      this.listed = rows.length;
      replaceChildren(this.list, rows.length > 0 ? this.options.table(rows) : this.emptyState());
    } catch (error) {
      replaceChildren(
        this.list,
        loadFailed(error, () => void this.load()),
      );
    } finally {
      this.list.setAttribute('aria-busy', 'false');
    }
  }

  /** Loads the list again, then puts the focus on the add button. */
  async reload(): Promise<void> {
    await this.load();
    this.addButton?.focus();
  }

  announce(text: string): void {
    this.status.textContent = text;
    this.status.hidden = false;
  }

  /** Shows the form `create` makes in place of the add button, with the focus in it. */
  openForm(create: (exits: FormExits) => { element: HTMLElement; focus(): void }): void {
    const opener = document.activeElement as HTMLElement | null;
    const close = () => {
      this.formSlot.replaceChildren();
      if (this.addButton) this.addButton.hidden = false;
    };
    const form = create({
      cancel: () => {
        close();
        if (opener?.isConnected) opener.focus();
        else this.addButton?.focus();
      },
      saved: (text) => {
        close();
        this.announce(text);
        void this.reload();
      },
    });
    if (this.addButton) this.addButton.hidden = true;
    replaceChildren(this.formSlot, form.element);
    form.focus();
  }

  private emptyState(): HTMLElement {
    return h(
      'div',
      { class: 'empty-state-card' },
      h('h3', {}, this.options.emptyTitle),
      h('p', {}, this.options.emptyLead),
    );
  }
}

/** A failed load, with a button to try again. */
function loadFailed(error: unknown, retry: () => void): HTMLElement {
  return h(
    'div',
    { class: 'page-error', role: 'alert' },
    t('admin.loadFailed', { detail: describeError(error) }),
    ' ',
    h('button', { type: 'button', class: 'button', onclick: retry }, t('admin.retry')),
  );
}
