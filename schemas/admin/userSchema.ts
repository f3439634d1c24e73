/**
 * The bodies of `/api/users` (M8): people who sign in, their roles and their groups.
 * Passwords go in and never come out; a user answer has no password field at all.
 */
import { email, shortText, username } from '../crm/formats';

/** The roles a person can hold (the server's `USER_ROLES`); API clients are not users. */
export const USER_ROLE_NAMES = ['admin', 'analyst', 'staff'] as const;

/** New passwords: at least this long, and at most what sign-in accepts. */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

/** At most this many groups per user (D7). */
export const MAX_USER_GROUPS = 100;

const password = {
  type: 'string',
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: MAX_PASSWORD_LENGTH,
  description: `At least ${MIN_PASSWORD_LENGTH} characters. Stored as a scrypt hash only.`,
} as const;

const displayName = { type: ['string', 'null'], maxLength: shortText.maxLength } as const;

const nullableEmail = { ...email, type: ['string', 'null'] } as const;

const roles = {
  type: 'array',
  minItems: 1,
  maxItems: USER_ROLE_NAMES.length,
  uniqueItems: true,
  items: { type: 'string', enum: USER_ROLE_NAMES },
} as const;

const groups = {
  type: 'array',
  maxItems: MAX_USER_GROUPS,
  uniqueItems: true,
  items: username,
  description: 'Group ids (see /api/groups); each must exist. Replaces the whole list.',
} as const;

/** The body of `POST /api/users`. */
export const userCreateSchema = {
  type: 'object',
  required: ['username', 'password', 'roles'],
  additionalProperties: false,
  properties: { username, password, displayName, email: nullableEmail, roles, groups },
} as const;

/** The body of `PATCH /api/users/{username}`: the fields to change; `password` resets it. */
export const userPatchSchema = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: { password, displayName, email: nullableEmail, roles, groups },
} as const;

/** A user as `/api/users` answers. */
export const userResourceSchema = {
  type: 'object',
  required: ['username', 'displayName', 'email', 'roles', 'groups', 'createdAt'],
  properties: {
    username,
    displayName,
    email: nullableEmail,
    roles: { type: 'array', items: { type: 'string', enum: USER_ROLE_NAMES } },
    groups: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

export interface NewUserBody {
  username: string;
  password: string;
  displayName?: string | null;
  email?: string | null;
  roles: (typeof USER_ROLE_NAMES)[number][];
  groups?: string[];
}

export type UserPatchBody = Partial<Omit<NewUserBody, 'username'>>;
