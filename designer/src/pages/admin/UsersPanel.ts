/**
 * The users: who they are, their roles and groups; a form to create one and to change
 * one (roles, groups, name, email, a new password). Passwords are never shown.
 *
 *   GET /api/users + /api/groups ──▶ table ──Edit──▶ UserForm(user) ──PATCH──▶ reload
 *                                      └──New user──▶ UserForm(null) ──POST──▶ reload
 */
import { listGroups, listUsers, type Group, type User } from '../../api/admin';
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
import { ROLE_LABELS, UserForm } from './UserForm';

export class UsersPanel implements AdminPanel {
  readonly element: HTMLElement;
  private readonly formSlot = h('div', { class: 'admin-form-slot' });
  private readonly list = h('div', { class: 'admin-list', 'aria-busy': 'false' });
  private readonly status = statusLine();
  private readonly addButton = h(
    'button',
    { type: 'button', class: 'button primary', onclick: () => this.openForm(null) },
    t('admin.users.add'),
  );
  private users: User[] = [];
  private groups: Group[] = [];

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
          h('h2', {}, t('admin.users.title')),
          h('p', { class: 'muted' }, t('admin.users.lead')),
        ),
        this.addButton,
      ),
      this.status,
      this.formSlot,
      this.list,
    );
  }

  async load(): Promise<void> {
    this.list.setAttribute('aria-busy', 'true');
    if (this.users.length === 0) replaceChildren(this.list, loading());
    try {
      [this.users, this.groups] = await Promise.all([listUsers(), listGroups()]);
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
    if (this.users.length === 0) {
      replaceChildren(
        this.list,
        emptyState(t('admin.users.empty.title'), t('admin.users.empty.lead')),
      );
      return;
    }
    const groupName = new Map(this.groups.map((group) => [group.groupId, group.name]));
    replaceChildren(
      this.list,
      dataTable(
        t('admin.users.caption'),
        [
          t('admin.users.column.username'),
          t('admin.users.column.name'),
          t('admin.users.column.email'),
          t('admin.users.column.roles'),
          t('admin.users.column.groups'),
          t('admin.column.actions'),
        ],
        this.users.map((user) => ({
          key: user.username,
          cells: [
            h('code', {}, user.username),
            user.displayName ?? h('span', { class: 'muted' }, t('admin.none')),
            user.email ?? h('span', { class: 'muted' }, t('admin.none')),
            badges(
              user.roles.map((role) =>
                role in ROLE_LABELS ? t(ROLE_LABELS[role as keyof typeof ROLE_LABELS]) : role,
              ),
            ),
            badges(user.groups.map((groupId) => groupName.get(groupId) ?? groupId)),
            h(
              'button',
              {
                type: 'button',
                class: 'button',
                'aria-label': t('admin.users.editNamed', { name: user.username }),
                onclick: () => this.openForm(user),
              },
              t('admin.edit'),
            ),
          ],
        })),
      ),
    );
  }

  private openForm(user: User | null) {
    const opener = document.activeElement as HTMLElement | null;
    const close = () => {
      this.formSlot.replaceChildren();
      this.addButton.hidden = false;
      if (opener?.isConnected) opener.focus();
      else this.addButton.focus();
    };
    const form = new UserForm({
      user,
      groups: this.groups,
      onCancel: close,
      onSaved: (saved) => {
        this.formSlot.replaceChildren();
        this.addButton.hidden = false;
        announce(
          this.status,
          user
            ? t('admin.users.saved', { name: saved.username })
            : t('admin.users.created', { name: saved.username }),
        );
        void this.load().then(() => this.addButton.focus());
      },
    });
    this.addButton.hidden = true;
    replaceChildren(this.formSlot, form.element);
    form.focus();
  }
}
