/**
 * The groups that tasks and process starts are offered to, with their members, and a
 * form to create one. Members join and leave a group on the Users tab.
 *
 *   GET /api/groups + /api/users ──▶ table (members from each user's groups)
 *   form ──POST /api/groups──▶ reload | 400/409 errors[{pointer}] ──▶ message under each input
 */
import { createGroup, listGroups, listUsers, type Group, type User } from '../../api/admin';
import { h } from '../../dom/h';
import { t } from '../../i18n';
import { AdminForm } from './AdminForm';
import type { AdminPanel } from './AdminPanel';
import { badges, recordTable } from './adminParts';
import { controlId, FormField } from './FormField';
import { ListPanel } from './ListPanel';

export class GroupsPanel implements AdminPanel {
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
  private users: User[] = [];
  private readonly panel: ListPanel<Group> = new ListPanel({
    title: t('admin.groups.title'),
    lead: t('admin.groups.lead'),
    emptyTitle: t('admin.groups.empty.title'),
    emptyLead: t('admin.groups.empty.lead'),
    form: new AdminForm({
      heading: t('admin.groups.createTitle'),
      fields: [
        new FormField(
          '/groupId',
          t('admin.groups.groupId'),
          this.groupId,
          t('admin.groups.groupIdHint'),
        ),
        new FormField('/name', t('admin.groups.name'), this.name, t('admin.groups.nameHint')),
      ],
      submitLabel: t('admin.groups.create'),
      send: () => this.save(),
      inline: true,
    }).element,
    read: async () => {
      const [groups, users] = await Promise.all([listGroups(), listUsers()]);
      this.users = users;
      return groups;
    },
    table: (groups) => this.table(groups),
  });
  readonly element = this.panel.element;

  load(): Promise<void> {
    return this.panel.load();
  }

  private table(groups: readonly Group[]): HTMLElement {
    return recordTable(
      t('admin.groups.caption'),
      [
        t('admin.groups.column.name'),
        t('admin.groups.column.groupId'),
        t('admin.groups.column.members'),
      ],
      groups.map((group) => ({
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
    );
  }

  private async save() {
    const name = this.name.value.trim();
    const group = await createGroup({
      groupId: this.groupId.value.trim(),
      ...(name ? { name } : {}),
    });
    this.groupId.value = '';
    this.name.value = '';
    this.panel.announce(t('admin.groups.created', { name: group.name }));
    await this.panel.load();
    this.groupId.focus();
  }
}
