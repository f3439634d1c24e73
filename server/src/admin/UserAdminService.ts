/**
 * Users and groups as admins manage them (M8). Each body is checked against its schema in
 * `schemas/admin` (400 naming every bad field), then against the user store's rules:
 * groups must exist (400 naming the group), names are unique (409). Answers never carry a
 * password or its hash.
 */
import {
  groupCreateSchema,
  userCreateSchema,
  userPatchSchema,
  type NewGroupBody,
  type NewUserBody,
  type UserPatchBody,
} from '../../../schemas/admin';
import {
  isAlreadyExists,
  NAME_PATTERN,
  type Group,
  type User,
  type UserRepository,
} from '../auth/UserRepository';
import { ProblemError } from '../http/ProblemError';
import { validateCrmBody } from '../crm/validateCrmBody';

/** A user as `/api/users` answers. */
export interface UserResource {
  username: string;
  displayName: string | null;
  email: string | null;
  roles: User['roles'];
  groups: string[];
  createdAt: string;
}

/**
 * @example
 * const admin = new UserAdminService(users);
 * await admin.createUser({ username: 'ada', password: 'correct horse', roles: ['staff'] });
 */
export class UserAdminService {
  constructor(private readonly users: UserRepository) {}

  /** Every user, by username. */
  async listUsers(): Promise<UserResource[]> {
    return (await this.users.listUsers()).map(toResource);
  }

  /** @throws ProblemError 404 when there is no such user. */
  async getUser(username: string): Promise<UserResource> {
    const user = NAME_PATTERN.test(username) ? await this.users.findUser(username) : null;
    if (!user) throw noUser(username);
    return toResource(user);
  }

  /**
   * @throws ProblemError 400 naming each bad field, or the first group that does not
   * exist; 409 when the username is taken.
   */
  async createUser(body: unknown): Promise<UserResource> {
    const input = validateCrmBody<NewUserBody>(userCreateSchema, body, 'user');
    try {
      return toResource(await this.users.createUser(input));
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      throw taken(`A user named '${input.username}' exists.`, '/username');
    }
  }

  /**
   * Changes the given fields; `groups` replaces the whole list, so it adds and removes
   * members. `password` resets the password.
   *
   * @throws ProblemError 404 when there is no such user; 400 naming each bad field or the
   * first group that does not exist; 409 when the change would leave no admin.
   */
  async updateUser(username: string, body: unknown): Promise<UserResource> {
    const current = await this.getUser(username);
    const changes = validateCrmBody<UserPatchBody>(userPatchSchema, body, 'user change');
    if (changes.roles && current.roles.includes('admin') && !changes.roles.includes('admin'))
      await this.keepAnAdmin(current.username);
    return toResource(await this.users.updateUser(current.username, changes));
  }

  async listGroups(): Promise<Group[]> {
    return this.users.listGroups();
  }

  /** @throws ProblemError 400 naming each bad field; 409 when the group id is taken. */
  async createGroup(body: unknown): Promise<Group> {
    const input = validateCrmBody<NewGroupBody>(groupCreateSchema, body, 'group');
    try {
      return await this.users.createGroup(input);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      throw taken(`A group with the id '${input.groupId}' exists.`, '/groupId');
    }
  }

  /**
   * Refuses to take the admin role from the last admin, so user administration never
   * locks itself out. Two admins demoting each other at the same moment can still both
   * succeed; `npm run create-admin` is the way back in.
   */
  private async keepAnAdmin(username: string) {
    const admins = (await this.users.listUsers()).filter((user) => user.roles.includes('admin'));
    if (admins.some((user) => user.username !== username)) return;
    throw new ProblemError(
      409,
      `'${username}' is the last admin; give another user the admin role first.`,
      [{ pointer: '/roles', message: 'must keep admin: no other user is an admin' }],
    );
  }
}

function toResource(user: User): UserResource {
  const { username, displayName, email, roles, groups, createdAt } = user;
  return { username, displayName, email, roles, groups, createdAt: createdAt.toISOString() };
}

function noUser(username: string): ProblemError {
  return ProblemError.notFound(`No user named '${username.slice(0, 64)}'.`);
}

function taken(detail: string, pointer: string): ProblemError {
  return new ProblemError(409, detail, [{ pointer, message: 'is taken' }], 'ALREADY_EXISTS');
}
