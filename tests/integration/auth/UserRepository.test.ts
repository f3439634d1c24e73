// The user store on a real FerretDB: creates are inserts on a unique _id, so a second
// create (or a concurrent seed) conflicts instead of overwriting (DESIGN.md D3).
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../server/src/auth/passwords';
import { seedDemoUsers } from '../../../server/src/auth/seedDemo';
import { MongoUserRepository } from '../../../server/src/auth/UserRepository';
import { backends, freshDbName } from '../../support/backends';

describe.each(backends())('MongoUserRepository on $name', ({ uri }) => {
  let client: MongoClient;
  let db: Db;
  let repo: MongoUserRepository;

  beforeAll(async () => {
    client = await MongoClient.connect(uri);
    db = client.db(freshDbName('auth_users'));
    repo = await MongoUserRepository.open(db, () => new Date('2025-01-02T03:04:05Z'));
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('creates a user under its lower-case name and returns a plain object', async () => {
    // given
    await repo.createGroup({ groupId: 'crm', name: 'CRM' });

    // when
    const created = await repo.createUser({
      username: 'Grace',
      password: 'hopper',
      displayName: 'Grace Hopper',
      roles: ['analyst'],
      groups: ['crm'],
    });

    // then
    const expected = {
      username: 'grace',
      displayName: 'Grace Hopper',
      email: null,
      roles: ['analyst'],
      groups: ['crm'],
      createdAt: new Date('2025-01-02T03:04:05Z'),
    };
    expect(created).toEqual(expected);
    expect(await repo.findUser('GRACE')).toEqual(expected);
    expect(await repo.listUsers({ group: 'crm' })).toEqual([expected]);
  });

  it('answers 409 ALREADY_EXISTS to a second create of one username', async () => {
    // given
    await repo.createUser({ username: 'twice', password: 'a', roles: ['staff'] });

    // when
    const second = repo.createUser({ username: 'twice', password: 'b', roles: ['admin'] });

    // then
    await expect(second).rejects.toMatchObject({ status: 409, title: 'ALREADY_EXISTS' });
    expect((await repo.findUser('twice'))?.roles).toEqual(['staff']);
  });

  it('rejects bad usernames, unknown roles and unknown groups with 400', async () => {
    await expect(
      repo.createUser({ username: 'a b', password: 'x', roles: ['staff'] }),
    ).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/username' }] });
    await expect(
      repo.createUser({ username: 'ok', password: 'x', roles: ['root' as 'admin'] }),
    ).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/roles/0' }] });
    await expect(
      repo.createUser({ username: 'ok', password: 'x', roles: ['staff'], groups: ['nope'] }),
    ).rejects.toMatchObject({ status: 400, errors: [{ pointer: '/groups/0' }] });
    expect(await repo.findUser('ok')).toBeNull();
  });

  it('adds a user to a group once and finds them by it', async () => {
    // given
    await repo.createGroup({ groupId: 'field' });
    await repo.createUser({ username: 'lin', password: 'x', roles: ['staff'] });

    // when
    await repo.addUserToGroup('lin', 'field');
    const again = await repo.addUserToGroup('lin', 'field');

    // then
    expect(again.groups).toEqual(['field']);
    expect((await repo.listUsers({ group: 'field' })).map((user) => user.username)).toEqual([
      'lin',
    ]);
    await expect(repo.addUserToGroup('lin', 'missing')).rejects.toMatchObject({ status: 404 });
    await expect(repo.addUserToGroup('missing', 'field')).rejects.toMatchObject({ status: 404 });
  });

  it('stores only the hash of an API client secret and returns the secret once', async () => {
    // when
    const { client: created, secret } = await repo.createApiClient({ clientId: 'etl' });

    // then
    expect(created).toEqual({ clientId: 'etl', roles: ['worker'], createdAt: expect.any(Date) });
    const stored = await db.collection<{ _id: string }>('apiClients').findOne({ _id: 'etl' });
    expect(JSON.stringify(stored)).not.toContain(secret);
    const credentials = await repo.findApiClientCredentials('etl');
    expect(await verifyPassword(secret, credentials?.secretHash ?? '')).toBe(true);
    expect(await repo.findApiClient('etl')).toEqual(created);
  });

  it('declares the index on groups', async () => {
    const indexes = await db.collection('users').listIndexes().toArray();
    expect(indexes.map((index) => index.key)).toContainEqual({ groups: 1 });
  });
});

describe.each(backends())('seedDemoUsers on $name', ({ uri }) => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await MongoClient.connect(uri);
    db = client.db(freshDbName('auth_seed'));
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('creates each demo record once when two servers seed at the same time', async () => {
    // given: two server processes, each with its own repository
    const [first, second] = await Promise.all([
      MongoUserRepository.open(db),
      MongoUserRepository.open(db),
    ]);

    // when
    const [a, b] = await Promise.all([seedDemoUsers(first), seedDemoUsers(second)]);

    // then
    const users = await db
      .collection<{ _id: string; groups: string[] }>('users')
      .find()
      .sort({ _id: 1 })
      .toArray();
    expect(users.map((user) => user._id)).toEqual(['admin', 'analyst', 'demo', 'staff']);
    expect(await db.collection('groups').countDocuments()).toBe(3);
    expect(await db.collection('apiClients').countDocuments()).toBe(1);
    expect(a).toEqual(b);
    expect(users.find((user) => user._id === 'staff')?.groups).toEqual(['sales', 'service']);
  });

  it('stores the passwords hashed, never in plain text', async () => {
    const docs = [
      ...(await db.collection('users').find().toArray()),
      ...(await db.collection('apiClients').find().toArray()),
    ];
    for (const doc of docs) {
      const { _id, ...rest } = doc;
      expect(JSON.stringify(rest), String(_id)).not.toMatch(/"demo"|demo-secret/);
      expect(doc.passwordHash ?? doc.secretHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    }
  });
});
