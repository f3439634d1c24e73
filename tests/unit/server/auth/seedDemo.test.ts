import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../../server/src/auth/passwords';
import { ensureFirstAdmin, seedDemoUsers } from '../../../../server/src/auth/seedDemo';
import { InMemoryUserRepository } from './InMemoryUserRepository';

describe('seedDemoUsers', () => {
  it('creates the demo users, groups and worker client on an empty database', async () => {
    // given
    const repo = new InMemoryUserRepository();

    // when
    const credentials = await seedDemoUsers(repo);

    // then
    const users = await repo.listUsers();
    expect(users.map(({ username, roles, groups }) => ({ username, roles, groups }))).toEqual([
      { username: 'admin', roles: ['admin'], groups: ['supervisors'] },
      { username: 'analyst', roles: ['analyst'], groups: [] },
      { username: 'demo', roles: ['admin'], groups: [] },
      { username: 'staff', roles: ['staff'], groups: ['sales', 'service'] },
    ]);
    expect((await repo.listGroups()).map((group) => group.groupId).sort()).toEqual([
      'sales',
      'service',
      'supervisors',
    ]);
    const worker = await repo.findApiClientCredentials('demo-worker');
    expect(worker && (await verifyPassword('demo-secret', worker.secretHash))).toBe(true);
    expect(credentials).toContainEqual({
      kind: 'user',
      name: 'demo',
      secret: 'demo',
      roles: ['admin'],
    });
    expect(credentials).toContainEqual({
      kind: 'client',
      name: 'demo-worker',
      secret: 'demo-secret',
      roles: ['worker'],
    });
  });

  it('stores the demo passwords hashed', async () => {
    // given
    const repo = new InMemoryUserRepository();

    // when
    await seedDemoUsers(repo);

    // then
    const stored = await repo.findUserCredentials('staff');
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword('demo', stored?.passwordHash ?? '')).toBe(true);
  });

  it('creates nothing twice when run again or concurrently', async () => {
    // given
    const repo = new InMemoryUserRepository();

    // when
    const runs = await Promise.all([seedDemoUsers(repo), seedDemoUsers(repo)]);
    const again = await seedDemoUsers(repo);

    // then
    expect(await repo.countUsers()).toBe(4);
    expect(repo.clients.size).toBe(1);
    expect(runs[0]).toHaveLength(5);
    expect(again).toHaveLength(5);
  });

  it('leaves a database with real users alone', async () => {
    // given
    const repo = new InMemoryUserRepository();
    await repo.createUser({ username: 'ceo', password: 'long secret', roles: ['admin'] });

    // when
    const credentials = await seedDemoUsers(repo);

    // then
    expect(credentials).toEqual([]);
    expect(await repo.countUsers()).toBe(1);
    expect(repo.clients.size).toBe(0);
  });

  it('completes a seed that was cut short', async () => {
    // given
    const repo = new InMemoryUserRepository();
    await repo.createUser({ username: 'demo', password: 'demo', roles: ['admin'] });

    // when
    await seedDemoUsers(repo);

    // then
    expect(await repo.countUsers()).toBe(4);
  });
});

describe('ensureFirstAdmin', () => {
  it('creates admin with the given password when there are no users', async () => {
    // given
    const repo = new InMemoryUserRepository();

    // when
    const created = await ensureFirstAdmin(repo, 'first-password');

    // then
    expect(created).toBe(true);
    const admin = await repo.findUserCredentials('admin');
    expect(admin?.user.roles).toEqual(['admin']);
    expect(await verifyPassword('first-password', admin?.passwordHash ?? '')).toBe(true);
  });

  it('does nothing once any user exists', async () => {
    // given
    const repo = new InMemoryUserRepository();
    await repo.createUser({ username: 'ceo', password: 'pw', roles: ['analyst'] });

    // when
    const created = await ensureFirstAdmin(repo, 'first-password');

    // then
    expect(created).toBe(false);
    expect(await repo.findUser('admin')).toBeNull();
  });

  it('creates one admin when two processes start at once', async () => {
    // given
    const repo = new InMemoryUserRepository();

    // when
    const results = await Promise.all([ensureFirstAdmin(repo, 'a'), ensureFirstAdmin(repo, 'b')]);

    // then
    expect(results.sort()).toEqual([false, true]);
    expect(await repo.countUsers()).toBe(1);
  });
});
