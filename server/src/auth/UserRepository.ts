import { MongoServerError, type Collection, type Db } from 'mongodb';
import { ProblemError } from '../http/ProblemError';
import { hashPassword, randomSecret } from './passwords';
import { USER_ROLES, type UserRole } from './Principal';

/** Usernames, group ids and client ids: lower-case, 1–64 characters. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export interface User {
  username: string;
  displayName: string | null;
  email: string | null;
  roles: UserRole[];
  groups: string[];
  createdAt: Date;
}

export interface Group {
  groupId: string;
  name: string;
}

export interface ApiClient {
  clientId: string;
  roles: ['worker'];
  createdAt: Date;
}

export interface NewUser {
  username: string;
  password: string;
  displayName?: string | null;
  email?: string | null;
  roles: UserRole[];
  groups?: string[];
}

/** What {@link UserRepository.updateUser} changes; absent fields stay as they are. */
export interface UserChanges {
  /** A new password (a reset); only its hash is stored. */
  password?: string;
  displayName?: string | null;
  email?: string | null;
  roles?: UserRole[];
  /** The whole list: groups left out are left. */
  groups?: string[];
}

/**
 * Users, groups and API clients. Reads return plain objects; only the `…Credentials`
 * reads return password or secret hashes, for the authentication middleware.
 */
export interface UserRepository {
  /** @throws ProblemError 409 `ALREADY_EXISTS` when the username is taken, 400 on bad input. */
  createUser(input: NewUser): Promise<User>;
  findUser(username: string): Promise<User | null>;
  findUserCredentials(username: string): Promise<{ user: User; passwordHash: string } | null>;
  listUsers(filter?: { group?: string; limit?: number }): Promise<User[]>;
  /** @throws ProblemError 404 when the user does not exist, 400 naming a bad role or group. */
  updateUser(username: string, changes: UserChanges): Promise<User>;
  countUsers(): Promise<number>;
  /** @throws ProblemError 409 when the group exists. */
  createGroup(input: { groupId: string; name?: string }): Promise<Group>;
  listGroups(): Promise<Group[]>;
  /** @throws ProblemError 404 when the user or the group does not exist. */
  addUserToGroup(username: string, groupId: string): Promise<User>;
  /** Stores only the secret's hash; the plain secret is returned this once. */
  createApiClient(input: {
    clientId: string;
    secret?: string;
  }): Promise<{ client: ApiClient; secret: string }>;
  findApiClient(clientId: string): Promise<ApiClient | null>;
  findApiClientCredentials(
    clientId: string,
  ): Promise<{ client: ApiClient; secretHash: string } | null>;
  /** Calls `listener` with the username or client id after each change; returns an unsubscribe. */
  onChange(listener: (name: string) => void): () => void;
}

interface UserDoc {
  _id: string;
  displayName: string | null;
  email: string | null;
  roles: UserRole[];
  groups: string[];
  passwordHash: string;
  createdAt: Date;
}
interface GroupDoc {
  _id: string;
  name: string;
}
interface ApiClientDoc {
  _id: string;
  secretHash: string;
  roles: ['worker'];
  createdAt: Date;
}

const DUPLICATE_KEY = 11000;
const MAX_LIST = 1000;

/** Whether the error is the 409 a create answers for an existing user, group or client. */
export function isAlreadyExists(error: unknown): boolean {
  return error instanceof ProblemError && error.status === 409;
}

/** Lower-cases a name and checks it against {@link NAME_PATTERN}. */
export function normalizeName(name: string, pointer: string): string {
  const normalized = name.trim().toLowerCase();
  if (!NAME_PATTERN.test(normalized)) {
    throw ProblemError.invalidField(
      pointer,
      'must be 1–64 characters of a-z, 0-9, ".", "_", "@" or "-", starting with a letter or digit',
    );
  }
  return normalized;
}

async function insertOnce<T extends { _id: string }>(
  collection: Collection<T>,
  doc: T,
  what: string,
) {
  try {
    // An insert against the unique _id is atomic on FerretDB too (DESIGN.md D3).
    await collection.insertOne(doc as Parameters<Collection<T>['insertOne']>[0]);
  } catch (error) {
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
      throw new ProblemError(409, `${what} already exists.`, [], 'ALREADY_EXISTS');
    }
    throw error;
  }
}

/** Without repeats; 400 naming the first role that is not a {@link USER_ROLES} one. */
function checkRoles(roles: readonly UserRole[]): UserRole[] {
  const unique = [...new Set(roles)];
  const badRole = unique.findIndex((role) => !USER_ROLES.includes(role));
  if (badRole >= 0) {
    throw ProblemError.invalidField(`/roles/${badRole}`, `must be one of ${USER_ROLES.join(', ')}`);
  }
  return unique;
}

function toUser(doc: UserDoc): User {
  return {
    username: doc._id,
    displayName: doc.displayName ?? null,
    email: doc.email ?? null,
    roles: [...(doc.roles ?? [])],
    groups: [...(doc.groups ?? [])],
    createdAt: doc.createdAt,
  };
}

function toClient(doc: ApiClientDoc): ApiClient {
  return { clientId: doc._id, roles: ['worker'], createdAt: doc.createdAt };
}

/**
 * {@link UserRepository} over MongoDB (or FerretDB): collections `users`, `groups` and
 * `apiClients`, each keyed by its lower-case name.
 *
 * @example
 * const users = await MongoUserRepository.open(db);
 * await users.createUser({ username: 'ada', password: 's3cret', roles: ['analyst'] });
 */
export class MongoUserRepository implements UserRepository {
  private readonly users: Collection<UserDoc>;
  private readonly groups: Collection<GroupDoc>;
  private readonly clients: Collection<ApiClientDoc>;
  private readonly listeners = new Set<(name: string) => void>();

  constructor(
    db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.users = db.collection<UserDoc>('users');
    this.groups = db.collection<GroupDoc>('groups');
    this.clients = db.collection<ApiClientDoc>('apiClients');
  }

  /** Creates the repository and its indexes. */
  static async open(db: Db, now?: () => Date): Promise<MongoUserRepository> {
    const repository = new MongoUserRepository(db, now);
    await repository.ensureIndexes();
    return repository;
  }

  async ensureIndexes(): Promise<void> {
    await this.users.createIndex({ groups: 1 }, { name: 'groups_1' });
  }

  async createUser(input: NewUser): Promise<User> {
    const username = normalizeName(input.username, '/username');
    const roles = checkRoles(input.roles);
    if (!input.password) throw ProblemError.invalidField('/password', 'must not be empty');
    const groups = await this.existingGroups(input.groups ?? []);
    const doc: UserDoc = {
      _id: username,
      displayName: input.displayName ?? null,
      email: input.email ?? null,
      roles,
      groups,
      passwordHash: await hashPassword(input.password),
      createdAt: this.now(),
    };
    await insertOnce(this.users, doc, `User '${username}'`);
    this.changed(username);
    return toUser(doc);
  }

  async findUser(username: string): Promise<User | null> {
    const doc = await this.users.findOne({ _id: username.toLowerCase() });
    return doc ? toUser(doc) : null;
  }

  async findUserCredentials(username: string) {
    const doc = await this.users.findOne({ _id: username.toLowerCase() });
    return doc ? { user: toUser(doc), passwordHash: doc.passwordHash } : null;
  }

  async listUsers(filter: { group?: string; limit?: number } = {}): Promise<User[]> {
    const query = filter.group ? { groups: filter.group } : {};
    const limit = Math.min(Math.max(filter.limit ?? MAX_LIST, 1), MAX_LIST);
    const docs = await this.users.find(query).sort({ _id: 1 }).limit(limit).toArray();
    return docs.map(toUser);
  }

  async countUsers(): Promise<number> {
    return this.users.countDocuments({});
  }

  async updateUser(username: string, changes: UserChanges): Promise<User> {
    const set: Partial<UserDoc> = {};
    if (changes.roles !== undefined) set.roles = checkRoles(changes.roles);
    if (changes.groups !== undefined) set.groups = await this.existingGroups(changes.groups);
    if (changes.displayName !== undefined) set.displayName = changes.displayName;
    if (changes.email !== undefined) set.email = changes.email;
    if (changes.password !== undefined) {
      if (!changes.password) throw ProblemError.invalidField('/password', 'must not be empty');
      set.passwordHash = await hashPassword(changes.password);
    }
    const id = username.toLowerCase();
    if (Object.keys(set).length > 0) {
      // `$set` of the named fields only; on FerretDB it reads and writes back by _id, so two
      // admins editing one user at the same moment could lose an edit (see addUserToGroup).
      const { matchedCount } = await this.users.updateOne({ _id: id }, { $set: set });
      if (matchedCount === 0) throw ProblemError.notFound(`User '${username}' not found.`);
    }
    const doc = await this.users.findOne({ _id: id });
    if (!doc) throw ProblemError.notFound(`User '${username}' not found.`);
    this.changed(id);
    return toUser(doc);
  }

  async createGroup(input: { groupId: string; name?: string }): Promise<Group> {
    const groupId = normalizeName(input.groupId, '/groupId');
    const doc: GroupDoc = { _id: groupId, name: input.name?.trim() || groupId };
    await insertOnce(this.groups, doc, `Group '${groupId}'`);
    return { groupId, name: doc.name };
  }

  async listGroups(): Promise<Group[]> {
    const docs = await this.groups.find({}).sort({ _id: 1 }).limit(MAX_LIST).toArray();
    return docs.map((doc) => ({ groupId: doc._id, name: doc.name }));
  }

  async addUserToGroup(username: string, groupId: string): Promise<User> {
    const group = await this.groups.findOne({ _id: groupId.toLowerCase() });
    if (!group) throw ProblemError.notFound(`Group '${groupId}' not found.`);
    const doc = await this.users.findOne({ _id: username.toLowerCase() });
    if (!doc) throw ProblemError.notFound(`User '${username}' not found.`);
    if (!doc.groups.includes(group._id)) {
      // Read-modify-write: on FerretDB `$addToSet` reads and writes back by _id, so two
      // admins editing one user at the same moment could lose an edit. Acceptable for
      // rare admin edits; state that processes race on is kept by insert instead (D3).
      await this.users.updateOne({ _id: doc._id }, { $addToSet: { groups: group._id } });
      doc.groups = [...doc.groups, group._id];
    }
    this.changed(doc._id);
    return toUser(doc);
  }

  async createApiClient(input: { clientId: string; secret?: string }) {
    const clientId = normalizeName(input.clientId, '/clientId');
    const secret = input.secret ?? randomSecret();
    const doc: ApiClientDoc = {
      _id: clientId,
      secretHash: await hashPassword(secret),
      roles: ['worker'],
      createdAt: this.now(),
    };
    await insertOnce(this.clients, doc, `API client '${clientId}'`);
    this.changed(clientId);
    return { client: toClient(doc), secret };
  }

  async findApiClient(clientId: string): Promise<ApiClient | null> {
    const doc = await this.clients.findOne({ _id: clientId.toLowerCase() });
    return doc ? toClient(doc) : null;
  }

  async findApiClientCredentials(clientId: string) {
    const doc = await this.clients.findOne({ _id: clientId.toLowerCase() });
    return doc ? { client: toClient(doc), secretHash: doc.secretHash } : null;
  }

  onChange(listener: (name: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Normalised, without repeats; 400 naming the first group that does not exist. */
  private async existingGroups(groupIds: readonly string[]): Promise<string[]> {
    const groups = new Set<string>();
    for (const [index, given] of groupIds.entries()) {
      const groupId = normalizeName(given, `/groups/${index}`);
      if (groups.has(groupId)) continue;
      if (!(await this.groups.findOne({ _id: groupId }))) {
        throw ProblemError.invalidField(`/groups/${index}`, `group '${groupId}' does not exist`);
      }
      groups.add(groupId);
    }
    return [...groups];
  }

  private changed(name: string) {
    for (const listener of this.listeners) listener(name);
  }
}
