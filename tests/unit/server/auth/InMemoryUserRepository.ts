// An in-memory UserRepository for unit tests: the same rules as the MongoDB one
// (lower-case names, "already exists" conflicts, hashes only), no database.
import { ProblemError } from '../../../../server/src/http/ProblemError';
import { hashPassword, randomSecret } from '../../../../server/src/auth/passwords';
import {
  normalizeName,
  type ApiClient,
  type Group,
  type NewUser,
  type User,
  type UserChanges,
  type UserRepository,
} from '../../../../server/src/auth/UserRepository';

export class InMemoryUserRepository implements UserRepository {
  readonly users = new Map<string, { user: User; passwordHash: string }>();
  readonly groups = new Map<string, Group>();
  readonly clients = new Map<string, { client: ApiClient; secretHash: string }>();
  /** How often each read ran, so tests can see what the cache saved. */
  readonly reads = { users: 0, clients: 0 };
  private readonly listeners = new Set<(name: string) => void>();

  async createUser(input: NewUser): Promise<User> {
    const username = normalizeName(input.username, '/username');
    const passwordHash = await hashPassword(input.password);
    if (this.users.has(username)) throw conflict(`User '${username}'`);
    const user: User = {
      username,
      displayName: input.displayName ?? null,
      email: input.email ?? null,
      roles: [...input.roles],
      groups: [...(input.groups ?? [])],
      createdAt: new Date(),
    };
    this.users.set(username, { user, passwordHash });
    this.changed(username);
    return structuredClone(user);
  }

  async findUser(username: string) {
    return structuredClone(this.users.get(username.toLowerCase())?.user ?? null);
  }

  async findUserCredentials(username: string) {
    this.reads.users += 1;
    return structuredClone(this.users.get(username.toLowerCase()) ?? null);
  }

  async listUsers(filter: { group?: string; limit?: number } = {}) {
    return [...this.users.values()]
      .map(({ user }) => structuredClone(user))
      .filter((user) => !filter.group || user.groups.includes(filter.group))
      .sort((a, b) => a.username.localeCompare(b.username))
      .slice(0, filter.limit ?? 1000);
  }

  async countUsers() {
    return this.users.size;
  }

  async updateUser(username: string, changes: UserChanges) {
    const stored = this.users.get(username.toLowerCase());
    if (!stored) throw ProblemError.notFound(`User '${username}' not found.`);
    const missing = (changes.groups ?? []).findIndex((groupId) => !this.groups.has(groupId));
    if (missing >= 0) {
      const groupId = changes.groups![missing];
      throw ProblemError.invalidField(`/groups/${missing}`, `group '${groupId}' does not exist`);
    }
    const { password, ...fields } = changes;
    if (password !== undefined) stored.passwordHash = await hashPassword(password);
    const given = Object.entries(fields).filter(([, value]) => value !== undefined);
    Object.assign(stored.user, structuredClone(Object.fromEntries(given)));
    this.changed(stored.user.username);
    return structuredClone(stored.user);
  }

  async createGroup(input: { groupId: string; name?: string }) {
    const groupId = normalizeName(input.groupId, '/groupId');
    if (this.groups.has(groupId)) throw conflict(`Group '${groupId}'`);
    const group = { groupId, name: input.name ?? groupId };
    this.groups.set(groupId, group);
    return { ...group };
  }

  async listGroups() {
    return [...this.groups.values()].map((group) => ({ ...group }));
  }

  async addUserToGroup(username: string, groupId: string) {
    const stored = this.users.get(username.toLowerCase());
    if (!stored) throw ProblemError.notFound(`User '${username}' not found.`);
    if (!this.groups.has(groupId)) throw ProblemError.notFound(`Group '${groupId}' not found.`);
    if (!stored.user.groups.includes(groupId)) stored.user.groups.push(groupId);
    this.changed(stored.user.username);
    return structuredClone(stored.user);
  }

  async createApiClient(input: { clientId: string; secret?: string }) {
    const clientId = normalizeName(input.clientId, '/clientId');
    const secret = input.secret ?? randomSecret();
    const secretHash = await hashPassword(secret);
    if (this.clients.has(clientId)) throw conflict(`API client '${clientId}'`);
    const client: ApiClient = { clientId, roles: ['worker'], createdAt: new Date() };
    this.clients.set(clientId, { client, secretHash });
    this.changed(clientId);
    return { client: structuredClone(client), secret };
  }

  async findApiClient(clientId: string) {
    return structuredClone(this.clients.get(clientId.toLowerCase())?.client ?? null);
  }

  async findApiClientCredentials(clientId: string) {
    this.reads.clients += 1;
    return structuredClone(this.clients.get(clientId.toLowerCase()) ?? null);
  }

  onChange(listener: (name: string) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private changed(name: string) {
    for (const listener of this.listeners) listener(name);
  }
}

function conflict(what: string) {
  return new ProblemError(409, `${what} already exists.`, [], 'ALREADY_EXISTS');
}
