/**
 * The client card (`/clients?id=<id>`): every built-in and custom field, the running
 * processes with a start form, and the interaction history; edit and archive. The
 * archive asks first and sends the card's ETag, so a client changed meanwhile is not
 * archived unseen.
 */
import { ApiProblem } from '../../api/ApiProblem';
import { archiveClient, type ClientVersion, type CustomField } from '../../api/clients';
import { describeError } from '../../app/describeError';
import { confirmDialog } from '../../dom/confirmDialog';
import { h, replaceChildren } from '../../dom/h';
import { timeElement } from '../../dom/timeElement';
import { t } from '../../i18n';
import { builtInFields, customFieldsOf, valueOf, type ClientField } from './clientFields';
import { ClientInteractions } from './ClientInteractions';
import { ClientProcesses } from './ClientProcesses';
import { formatValue } from './formatValue';

export interface ClientCardOptions {
  version: ClientVersion;
  definitions: readonly CustomField[];
  /** The archive went through; the card is shown again with this version. */
  onArchived(version: ClientVersion): void;
  /** Reads the client again (after a 409). */
  onReload(): void;
}

export class ClientCard {
  readonly element: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly alert = h('div', {
    class: 'form-alert status-line error',
    role: 'alert',
    hidden: true,
  });
  private readonly processes: ClientProcesses;
  private readonly interactions: ClientInteractions;

  constructor(private readonly options: ClientCardOptions) {
    const { client } = options.version;
    this.heading = h('h1', { tabindex: '-1' }, client.name);
    this.processes = new ClientProcesses(client);
    this.interactions = new ClientInteractions(client.id, client.archived);
    const builtIns = builtInFields().filter((field) => field.name !== 'name');
    const custom = customFieldsOf(client, options.definitions);
    this.element = h(
      'div',
      { class: 'client-card', 'data-client-id': client.id },
      h(
        'p',
        { class: 'back-link' },
        h('a', { href: '/clients', 'data-route': '' }, t('clients.card.back')),
      ),
      h(
        'header',
        { class: 'page-header' },
        this.heading,
        client.archived
          ? h('span', { class: 'badge muted' }, t('clients.card.archivedBadge'))
          : null,
        h('div', { class: 'page-actions' }, this.actions()),
      ),
      this.alert,
      h(
        'div',
        { class: 'card-grid' },
        h(
          'section',
          { class: 'card-section', 'aria-labelledby': 'client-details-title' },
          h('h2', { id: 'client-details-title' }, t('clients.card.details')),
          fieldList(builtIns, options.version),
          h(
            'p',
            { class: 'muted card-audit' },
            t('clients.card.created', { who: client.createdBy ?? '' }),
            ' ',
            timeElement(client.createdAt),
            ' · ',
            t('clients.card.updated', { who: client.updatedBy ?? '' }),
            ' ',
            timeElement(client.updatedAt),
          ),
        ),
        h(
          'section',
          { class: 'card-section', 'aria-labelledby': 'client-custom-title' },
          h('h2', { id: 'client-custom-title' }, t('clients.card.customFields')),
          custom.length
            ? fieldList(custom, options.version)
            : h('p', { class: 'muted' }, t('clients.card.noCustomFields')),
        ),
        this.processes.element,
        this.interactions.element,
      ),
    );
  }

  /** Loads what hangs off the client; each part shows its own failure. */
  async load(): Promise<void> {
    await Promise.all([this.processes.load(), this.interactions.load()]);
  }

  focus(): void {
    this.heading.focus();
  }

  private actions(): HTMLElement[] {
    const { client } = this.options.version;
    if (client.archived) return [];
    const edit = h(
      'a',
      {
        href: `/clients?${new URLSearchParams({ id: client.id, edit: '1' })}`,
        'data-route': '',
        class: 'button primary',
      },
      t('clients.card.edit'),
    );
    const archive = h(
      'button',
      { type: 'button', class: 'button danger', onclick: () => void this.confirmArchive() },
      t('clients.card.archive'),
    );
    return [edit, archive];
  }

  private async confirmArchive() {
    const { name } = this.options.version.client;
    const confirmed = await confirmDialog(this.element, {
      title: t('clients.archive.title', { name }),
      message: t('clients.archive.text'),
      confirm: t('clients.archive.confirm'),
      dismiss: t('clients.archive.cancel'),
    });
    if (confirmed) await this.archive();
  }

  private async archive() {
    const { client, etag } = this.options.version;
    try {
      this.options.onArchived(await archiveClient(client.id, etag));
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 409) {
        replaceChildren(
          this.alert,
          h('p', {}, t('clients.card.conflict')),
          h(
            'button',
            { type: 'button', class: 'button', onclick: () => this.options.onReload() },
            t('clients.form.reload'),
          ),
        );
      } else {
        replaceChildren(
          this.alert,
          h('p', {}, t('clients.card.archiveFailed', { detail: describeError(error) })),
        );
      }
      this.alert.hidden = false;
    }
  }
}

function fieldList(fields: readonly ClientField[], version: ClientVersion): HTMLElement {
  return h(
    'dl',
    { class: 'field-list' },
    fields.map((field) =>
      h(
        'div',
        { class: 'field-row', 'data-field': field.pointer },
        h('dt', {}, field.label),
        h('dd', {}, formatValue(field, valueOf(version.client, field))),
      ),
    ),
  );
}
