/**
 * The users: who they are, their roles and groups; a form to create one and to change
 * one (roles, groups, name, email, a new password). Passwords are never shown.
 *
 *   GET /api/users + /api/groups ──▶ table ──Edit──▶ UserForm(user) ──PATCH──▶ reload
 *                                      └──New user──▶ UserForm(null) ──POST──▶ reload
 */
import { listGroups, listUsers, type Group, type User } from '../../api/admin';
import { h } from '../../dom/h';
import { t } from '../../i18n';
import type { AdminPanel } from './AdminPanel';
import { badges, recordTable } from './adminParts';
import { ListPanel } from './ListPanel';
import { ROLE_LABELS, UserForm } from './UserForm';

export class UsersPanel implements AdminPanel {
  private groups: Group[] = [];
  private readonly panel: ListPanel<User> = new ListPanel({
    title: t('admin.users.title'),
    lead: t('admin.users.lead'),
    emptyTitle: t('admin.users.empty.title'),
    emptyLead: t('admin.users.empty.lead'),
    add: { label: t('admin.users.add'), onclick: () => this.openForm(null) },
    read: async () => {
      const [users, groups] = await Promise.all([listUsers(), listGroups()]);
      this.groups = groups;
      return users;
    },
    table: (users) => this.table(users),
  });
  readonly element = this.panel.element;

  load(): Promise<void> {
    return this.panel.load();
  }

  private table(users: readonly User[]): HTMLElement {
    const groupName = new Map(this.groups.map((group) => [group.groupId, group.name]));
    return recordTable(
      t('admin.users.caption'),
      [
        t('admin.users.column.username'),
        t('admin.users.column.name'),
        t('admin.users.column.email'),
        t('admin.users.column.roles'),
        t('admin.users.column.groups'),
        t('admin.column.actions'),
      ],
      users.map((user) => ({
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
    );
  }

  private openForm(user: User | null) {
    this.panel.openForm(
      (exits) =>
        new UserForm({
          user,
          groups: this.groups,
          onCancel: exits.cancel,
          onSaved: (saved) =>
            exits.saved(
              user
                ? t('admin.users.saved', { name: saved.username })
                : t('admin.users.created', { name: saved.username }),
            ),
        }),
    );
  }
}
