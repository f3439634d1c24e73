/**
 * The Clients page: the list, a client's card, and the create and edit forms, each at
 * its own URL so every one of them can be linked and reached with back and forward.
 *
 *   /clients[?q=&stage=&from=]   ClientList
 *   /clients?id=<id>             ClientCard (fields, processes, interactions)
 *   /clients?id=<id>&edit=1      ClientForm with the card's ETag
 *   /clients?new=1               ClientForm for a new client
 */
import { ApiProblem } from '../../api/ApiProblem';
import { getClient, listCustomFields, type Client, type CustomField } from '../../api/clients';
import { describeError } from '../../app/describeError';
import type { Page } from '../../app/Page';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import { ClientCard } from './ClientCard';
import { builtInFields, customFields, customFieldsOf, type ClientField } from './clientFields';
import { ClientForm } from './ClientForm';
import { ClientList } from './ClientList';
import './clients.css';

/** The custom field definitions, or null when the user's role may not read them. */
type Definitions = CustomField[] | null;

export class ClientsPage implements Page {
  readonly element = h('section', { class: 'clients-page' });
  private readonly list = new ClientList();
  private form: ClientForm | null = null;
  /** Bumped by every view, so a slow answer never replaces a newer view. */
  private generation = 0;

  async show(query: URLSearchParams): Promise<void> {
    const generation = ++this.generation;
    this.form = null;
    const id = query.get('id');
    if (query.has('new')) await this.showForm(generation, null);
    else if (id && query.has('edit')) await this.showForm(generation, id);
    else if (id) await this.showCard(generation, id);
    else await this.showList(query);
  }

  hasUnsavedWork(): boolean {
    return this.form?.hasUnsavedWork() ?? false;
  }

  private async showList(query: URLSearchParams) {
    this.setTitle(t('clients.title'));
    replaceChildren(this.element, this.list.element);
    this.list.focus();
    await this.list.show(query);
  }

  private async showCard(generation: number, id: string) {
    this.showLoading();
    const [version, definitions] = await Promise.all([getClient(id), readDefinitions()]).catch(
      (error: unknown) => {
        if (generation === this.generation) this.showFailure(error);
        return [null, null] as const;
      },
    );
    if (!version || generation !== this.generation) return;
    this.setTitle(version.client.name);
    const card = new ClientCard({
      version,
      definitions: definitions ?? [],
      onArchived: () => void this.show(new URLSearchParams({ id })),
      onReload: () => void this.show(new URLSearchParams({ id })),
    });
    replaceChildren(
      this.element,
      definitions
        ? null
        : h('p', { class: 'form-alert status-line info' }, t('clients.fieldsUnreadable')),
      card.element,
    );
    card.focus();
    await card.load();
  }

  private async showForm(generation: number, id: string | null) {
    this.showLoading();
    const [version, definitions] = await Promise.all([
      id ? getClient(id) : Promise.resolve(null),
      readDefinitions(),
    ]).catch((error: unknown) => {
      if (generation === this.generation) this.showFailure(error);
      return [undefined, undefined] as const;
    });
    if (version === undefined || generation !== this.generation) return;
    if (version?.client.archived) {
      this.goTo(`/clients?${new URLSearchParams({ id: version.client.id })}`, true);
      return;
    }
    this.setTitle(version ? version.client.name : t('clients.form.createTitle'));
    const fields: ClientField[] = [
      ...builtInFields(),
      ...(definitions ? customFields(definitions) : version ? byName(version.client) : []),
    ];
    const cardUrl = (client: Client) => `/clients?${new URLSearchParams({ id: client.id })}`;
    this.form = new ClientForm({
      fields,
      version,
      onSaved: (saved) => this.goTo(cardUrl(saved.client), true),
      onCancel: () => this.goTo(version ? cardUrl(version.client) : '/clients', true),
    });
    replaceChildren(this.element, this.form.element);
    this.form.focus();
  }

  /** Moves to another view of this page, as a link would. */
  private goTo(url: string, replace: boolean) {
    this.form = null;
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    void this.show(new URL(url, window.location.origin).searchParams);
  }

  private showLoading() {
    replaceChildren(this.element, h('p', { class: 'muted' }, t('clients.loading')));
  }

  private showFailure(error: unknown) {
    const missing = error instanceof ApiProblem && error.status === 404;
    replaceChildren(
      this.element,
      h(
        'div',
        { class: 'empty-state-card' },
        h(
          'h1',
          { tabindex: '-1' },
          missing ? t('clients.notFound.title') : t('clients.failed.title'),
        ),
        h(
          'p',
          { role: 'alert' },
          missing
            ? t('clients.notFound.lead')
            : t('clients.failed.lead', { detail: describeError(error) }),
        ),
        h('a', { href: '/clients', 'data-route': '', class: 'button' }, t('clients.card.back')),
      ),
    );
  }

  private setTitle(page: string) {
    document.title = t('app.documentTitle', { page });
  }
}

/** The definitions; null when the role may not read them (the values then show by name). */
async function readDefinitions(): Promise<Definitions> {
  try {
    return await listCustomFields();
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 403) return null;
    throw error;
  }
}

function byName(client: Client): ClientField[] {
  return customFieldsOf(client, []);
}
