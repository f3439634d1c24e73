/**
 * The groups that tasks and process starts are offered to, with their members, and a
 * form to create one. Members join and leave a group on the Users tab.
 *
 *   GET /api/groups + /api/users ──▶ table (members from each user's groups)
 *   form ──POST /api/groups──▶ reload | 400/409 errors[{pointer}] ──▶ message under each input
 */
import { createGroup, listGroups, listUsers, type Group, type User } from '../../api/admin';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import type { AdminPanel } from './AdminPanel';
import {
  announce,
  badges,
  dataTable,
  emptyState,
  loadFailed,
  loading,
  statusLine,
} from './adminParts';
import { controlId, FormField } from './FormField';
import { clearProblems, showProblem } from './formProblems';

export class GroupsPanel implements AdminPanel {
  readonly element: HTMLElement;
  private readonly list = h('div', { class: 'admin-list', 'aria-busy': 'false' });
  private readonly status = statusLine();
  private readonly groupId = h('input', {
    id: controlId('group', 'groupId'),
    name: 'groupId',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'none',
  });
  private readonly name = h('input', {
    id: controlId('group', 'name'),
    name: 'name',
    autocomplete: 'off',
  });
  private readonly fields = [
    new FormField(
      '/groupId',
      t('admin.groups.groupId'),
      this.groupId,
      t('admin.groups.groupIdHint'),
    ),
    new FormField('/name', t('admin.groups.name'), this.name, t('admin.groups.nameHint')),
  ];
  private readonly alert = h('div', {
    class: 'form-alert',
    role: 'alert',
    tabindex: '-1',
    hidden: true,
  });
  private readonly submit = h(
    'button',
    { type: 'submit', class: 'button primary' },
    t('admin.groups.create'),
  );
  private groups: Group[] = [];
  private users: User[] = [];

  constructor() {
    this.element = h(
      'div',
      { class: 'admin-panel-body' },
      h(
        'div',
        { class: 'admin-panel-header' },
        h(
          'div',
          {},
          h('h2', {}, t('admin.groups.title')),
          h('p', { class: 'muted' }, t('admin.groups.lead')),
        ),
      ),
      h(
        'form',
        {
          class: 'admin-form admin-form-inline',
          novalidate: true,
          'aria-label': t('admin.groups.createTitle'),
          onsubmit: (event) => void this.save(event),
        },
        h('h3', {}, t('admin.groups.createTitle')),
        this.alert,
        h(
          'div',
          { class: 'admin-form-grid' },
          this.fields.map((field) => field.element),
        ),
        h('div', { class: 'form-actions' }, this.submit),
      ),
      this.status,
      this.list,
    );
  }

  async load(): Promise<void> {
    this.list.setAttribute('aria-busy', 'true');
    if (this.groups.length === 0) replaceChildren(this.list, loading());
    try {
      [this.groups, this.users] = await Promise.all([listGroups(), listUsers()]);
      this.render();
    } catch (error) {
      replaceChildren(
        this.list,
        loadFailed(error, () => void this.load()),
      );
    } finally {
      this.list.setAttribute('aria-busy', 'false');
    }
  }

  private render() {
    if (this.groups.length === 0) {
      replaceChildren(
        this.list,
        emptyState(t('admin.groups.empty.title'), t('admin.groups.empty.lead')),
      );
      return;
    }
    replaceChildren(
      this.list,
      dataTable(
        t('admin.groups.caption'),
        [
          t('admin.groups.column.name'),
          t('admin.groups.column.groupId'),
          t('admin.groups.column.members'),
        ],
        this.groups.map((group) => ({
          key: group.groupId,
          cells: [
            group.name,
            h('code', {}, group.groupId),
            badges(
              this.users
                .filter((user) => user.groups.includes(group.groupId))
                .map((user) => user.username),
            ),
          ],
        })),
      ),
    );
  }

  private async save(event: Event) {
    event.preventDefault();
    clearProblems(this.fields, this.alert);
    const name = this.name.value.trim();
    this.submit.disabled = true;
    try {
      const group = await createGroup({
        groupId: this.groupId.value.trim(),
        ...(name ? { name } : {}),
      });
      this.groupId.value = '';
      this.name.value = '';
      announce(this.status, t('admin.groups.created', { name: group.name }));
      await this.load();
      this.groupId.focus();
    } catch (error) {
      showProblem(error, this.fields, this.alert);
    } finally {
      this.submit.disabled = false;
    }
  }
}
