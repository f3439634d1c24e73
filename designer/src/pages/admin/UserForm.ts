/**
 * Creating a user, or changing one: display name, email, roles, groups, and a new
 * password. A new user also takes a username and a first password; a changed user keeps
 * the password unless a new one is typed. Groups replace the user's list, so unticking a
 * group takes them out of it. The server validates; each message shows on its input.
 *
 *   inputs ──▶ POST /api/users | PATCH /api/users/{username} ──▶ onSaved(user)
 *                     400 errors[{pointer}] ──▶ message under each input (/groups/1 → Groups)
 */
import { createUser, updateUser, type Group, type User } from '../../api/admin';
import { h } from '../../dom/h';
import { t, type MessageKey } from '../../i18n';
import {
  MIN_PASSWORD_LENGTH,
  USER_ROLE_NAMES,
  type NewUserBody,
  type UserPatchBody,
} from '../../../../schemas/admin';
import { AdminForm } from './AdminForm';
import { controlId, FormField } from './FormField';

type RoleName = (typeof USER_ROLE_NAMES)[number];

export const ROLE_LABELS: Readonly<Record<RoleName, MessageKey>> = {
  admin: 'admin.users.role.admin',
  analyst: 'admin.users.role.analyst',
  staff: 'admin.users.role.staff',
};

const ROLE_HINTS: Readonly<Record<RoleName, MessageKey>> = {
  admin: 'admin.users.roleHint.admin',
  analyst: 'admin.users.roleHint.analyst',
  staff: 'admin.users.roleHint.staff',
};

export interface UserFormOptions {
  /** The user to change; null to create one. */
  user: User | null;
  groups: readonly Group[];
  onSaved(user: User): void;
  onCancel(): void;
}

export class UserForm {
  readonly element: HTMLFormElement;
  private readonly username: HTMLInputElement;
  private readonly displayName: HTMLInputElement;
  private readonly email: HTMLInputElement;
  private readonly password: HTMLInputElement;
  private readonly roles: HTMLInputElement[];
  private readonly groups: HTMLInputElement[];

  constructor(private readonly settings: UserFormOptions) {
    const existing = settings.user;
    const id = (name: string) => controlId('user', name);
    this.username = h('input', {
      id: id('username'),
      name: 'username',
      autocomplete: 'off',
      spellcheck: 'false',
      autocapitalize: 'none',
      disabled: existing !== null,
      value: existing?.username ?? '',
    });
    this.displayName = h('input', {
      id: id('displayName'),
      name: 'displayName',
      autocomplete: 'off',
      value: existing?.displayName ?? '',
    });
    this.email = h('input', {
      id: id('email'),
      name: 'email',
      type: 'email',
      autocomplete: 'off',
      value: existing?.email ?? '',
    });
    this.password = h('input', {
      id: id('password'),
      name: 'password',
      type: 'password',
      autocomplete: 'new-password',
    });
    this.roles = USER_ROLE_NAMES.map((role) =>
      h('input', {
        type: 'checkbox',
        name: 'roles',
        value: role,
        checked: existing?.roles.includes(role) ?? false,
      }),
    );
    this.groups = settings.groups.map((group) =>
      h('input', {
        type: 'checkbox',
        name: 'groups',
        value: group.groupId,
        checked: existing?.groups.includes(group.groupId) ?? false,
      }),
    );
    const roleSet = h(
      'fieldset',
      { class: 'admin-choices' },
      this.roles.map((input, index) => {
        const role = USER_ROLE_NAMES[index] as RoleName;
        return choice(input, t(ROLE_LABELS[role]), t(ROLE_HINTS[role]));
      }),
    );
    const groupSet = h(
      'fieldset',
      { class: 'admin-choices' },
      this.groups.length
        ? this.groups.map((input, index) => {
            const group = settings.groups[index] as Group;
            return choice(input, group.name, group.name === group.groupId ? null : group.groupId);
          })
        : h('p', { class: 'muted' }, t('admin.users.noGroups')),
    );
    const heading = existing
      ? t('admin.users.editTitle', { name: existing.displayName || existing.username })
      : t('admin.users.createTitle');
    this.element = new AdminForm({
      heading,
      fields: [
        new FormField(
          '/username',
          t('admin.users.username'),
          this.username,
          existing ? undefined : t('admin.users.usernameHint'),
        ),
        new FormField('/displayName', t('admin.users.displayName'), this.displayName),
        new FormField('/email', t('admin.users.email'), this.email),
        new FormField(
          '/password',
          existing ? t('admin.users.newPassword') : t('admin.users.password'),
          this.password,
          existing
            ? t('admin.users.newPasswordHint', { min: MIN_PASSWORD_LENGTH })
            : t('admin.users.passwordHint', { min: MIN_PASSWORD_LENGTH }),
        ),
        new FormField('/roles', t('admin.users.roles'), roleSet),
        new FormField('/groups', t('admin.users.groups'), groupSet),
      ],
      submitLabel: existing ? t('admin.users.save') : t('admin.users.create'),
      send: () => this.save(),
      onCancel: () => settings.onCancel(),
    }).element;
  }

  focus(): void {
    (this.settings.user ? this.displayName : this.username).focus();
  }

  private async save() {
    const checked = (inputs: HTMLInputElement[]) =>
      inputs.filter((input) => input.checked).map((input) => input.value);
    const displayName = this.displayName.value.trim();
    const email = this.email.value.trim();
    const password = this.password.value;
    const existing = this.settings.user;
    const saved = existing
      ? await updateUser(existing.username, {
          displayName: displayName || null,
          email: email || null,
          roles: checked(this.roles) as RoleName[],
          groups: checked(this.groups),
          ...(password ? { password } : {}),
        } satisfies UserPatchBody)
      : await createUser({
          username: this.username.value.trim(),
          password,
          ...(displayName ? { displayName } : {}),
          ...(email ? { email } : {}),
          roles: checked(this.roles) as RoleName[],
          groups: checked(this.groups),
        } satisfies NewUserBody);
    this.settings.onSaved(saved);
  }
}

/** A checkbox with its label and an optional line under it. */
function choice(input: HTMLInputElement, label: string, hint: string | null): HTMLElement {
  input.id = controlId('choice', input.value);
  return h(
    'div',
    { class: 'admin-choice' },
    input,
    h(
      'label',
      { for: input.id },
      label,
      hint ? h('span', { class: 'muted admin-choice-hint' }, hint) : null,
    ),
  );
}
