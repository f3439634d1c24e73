// Users under /api/users on both backends (M8): admins create and change them, bad input
// is a 400 naming the field with nothing stored, a taken name is a 409, passwords never
// come back, and a change applies to the user's very next request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import { expectProblem, startCrmServer, type CrmApi, type CrmServer } from '../crm/crmTestKit';
import { login, pointers, stored } from './adminTestKit';

describe.each(backends())('/api/users on $name', ({ uri }) => {
  let crm: CrmServer;
  let api: CrmApi;

  beforeAll(async () => {
    crm = await startCrmServer(uri, 'admin_users');
    api = crm.api;
    expect((await api.post('/groups', { groupId: 'north', name: 'North' })).status).toBe(201);
  });

  afterAll(async () => {
    await crm?.server.close();
  });

  it('lists the demo users without any password or hash', async () => {
    // when
    const listed = await api.get('/users');

    // then
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((user: any) => user.username)).toEqual([
      'admin',
      'analyst',
      'demo',
      'staff',
    ]);
    expect(listed.body.items.find((user: any) => user.username === 'staff')).toEqual({
      username: 'staff',
      displayName: 'Staff',
      email: null,
      roles: ['staff'],
      groups: ['sales', 'service'],
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(JSON.stringify(listed.body)).not.toMatch(/password|hash|scrypt/i);
  });

  it('creates a user with roles and groups, who can then sign in with that role', async () => {
    // when
    const created = await api.post('/users', {
      username: 'ada',
      password: 'analytical engine',
      displayName: 'Ada Lovelace',
      email: 'ada@example.com',
      roles: ['staff'],
      groups: ['north', 'sales'],
    });

    // then
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('location')).toBe('/api/users/ada');
    expect(created.body).toEqual({
      username: 'ada',
      displayName: 'Ada Lovelace',
      email: 'ada@example.com',
      roles: ['staff'],
      groups: ['north', 'sales'],
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password|hash/i);
    expect((await api.get('/users/ada')).body).toEqual(created.body);
    const ada = login(api, 'ada', 'analytical engine');
    expect((await ada.get('/fields')).status).toBe(200);
    expect((await ada.get('/users')).status).toBe(403);
  });

  it.each([
    ['no username', { password: 'long enough', roles: ['staff'] }, '/username'],
    [
      'an upper-case username',
      { username: 'Grace', password: 'long enough', roles: ['staff'] },
      '/username',
    ],
    [
      'a username with a space',
      { username: 'gr ace', password: 'long enough', roles: ['staff'] },
      '/username',
    ],
    ['no password', { username: 'grace', roles: ['staff'] }, '/password'],
    ['a short password', { username: 'grace', password: 'short', roles: ['staff'] }, '/password'],
    [
      'a numeric password',
      { username: 'grace', password: 12345678, roles: ['staff'] },
      '/password',
    ],
    [
      'a display name that is no text',
      { username: 'grace', password: 'long enough', roles: ['staff'], displayName: 7 },
      '/displayName',
    ],
    [
      'a bad email',
      { username: 'grace', password: 'long enough', roles: ['staff'], email: 'grace-at-navy' },
      '/email',
    ],
    ['no roles', { username: 'grace', password: 'long enough' }, '/roles'],
    ['an empty role list', { username: 'grace', password: 'long enough', roles: [] }, '/roles'],
    [
      'an unknown role',
      { username: 'grace', password: 'long enough', roles: ['staff', 'root'] },
      '/roles/1',
    ],
    [
      'the worker role, which is for API clients',
      { username: 'grace', password: 'long enough', roles: ['worker'] },
      '/roles/0',
    ],
    [
      'a repeated group',
      { username: 'grace', password: 'long enough', roles: ['staff'], groups: ['sales', 'sales'] },
      '/groups',
    ],
    [
      'a group id that is not one',
      { username: 'grace', password: 'long enough', roles: ['staff'], groups: ['Sales'] },
      '/groups/0',
    ],
    [
      'a password hash',
      { username: 'grace', password: 'long enough', roles: ['staff'], passwordHash: 'x' },
      '/passwordHash',
    ],
    ['a body that is no object', ['grace'], ''],
  ])('answers 400 for %s, naming the field and storing nothing', async (_case, body, pointer) => {
    // given
    const before = await stored(api);

    // when
    const answer = await api.post('/users', body);

    // then
    expectProblem(answer, 400);
    expect(pointers(answer.body)).toContain(pointer);
    expect(answer.body.detail).toContain(pointer || '/');
    expect(await stored(api)).toEqual(before);
    expect((await api.get('/users/grace')).status).toBe(404);
  });

  it('answers 400 naming a group that does not exist, and stores nothing', async () => {
    // given
    const before = await stored(api);

    // when
    const answer = await api.post('/users', {
      username: 'grace',
      password: 'long enough',
      roles: ['staff'],
      groups: ['sales', 'ghosts'],
    });

    // then
    expectProblem(answer, 400, ['/groups/1']);
    expect(answer.body.errors[0].message).toBe("group 'ghosts' does not exist");
    expect(await stored(api)).toEqual(before);
  });

  it('answers 409 for a taken username and keeps the user as they were', async () => {
    // given
    const before = await stored(api);

    // when
    const answer = await api.post('/users', {
      username: 'analyst',
      password: 'a new password',
      displayName: 'Impostor',
      roles: ['admin'],
    });

    // then
    expectProblem(answer, 409, ['/username']);
    expect(await stored(api)).toEqual(before);
    expect((await api.as('analyst').get('/users')).status).toBe(403);
  });

  it('changes name, email, roles and groups; groups added and removed at once', async () => {
    // given
    await api.post('/users', {
      username: 'brian',
      password: 'long enough',
      roles: ['staff'],
      groups: ['sales'],
    });

    // when
    const changed = await api.patch('/users/brian', {
      displayName: 'Brian K.',
      email: 'brian@example.com',
      roles: ['staff', 'analyst'],
      groups: ['service', 'north'],
    });

    // then
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      username: 'brian',
      displayName: 'Brian K.',
      email: 'brian@example.com',
      roles: ['staff', 'analyst'],
      groups: ['service', 'north'],
    });
    expect((await api.get('/users/brian')).body).toEqual(changed.body);
    const cleared = await api.patch('/users/brian', { email: null, groups: [] });
    expect(cleared.body).toMatchObject({ email: null, groups: [], displayName: 'Brian K.' });
  });

  it('resets a password: the old one stops working at once, the new one works', async () => {
    // given a user whose credentials the server has just verified (and cached)
    await api.post('/users', { username: 'carol', password: 'first password', roles: ['staff'] });
    expect((await login(api, 'carol', 'first password').get('/fields')).status).toBe(200);

    // when
    const reset = await api.patch('/users/carol', { password: 'second password' });

    // then
    expect(reset.status).toBe(200);
    expect(JSON.stringify(reset.body)).not.toMatch(/password/i);
    expect((await login(api, 'carol', 'first password').get('/fields')).status).toBe(401);
    expect((await login(api, 'carol', 'second password').get('/fields')).status).toBe(200);
  });

  it('applies a role change to the next request of that user', async () => {
    // given
    await api.post('/users', { username: 'dave', password: 'long enough', roles: ['analyst'] });
    const dave = login(api, 'dave', 'long enough');
    expect((await dave.get('/users')).status).toBe(403);

    // when
    await api.patch('/users/dave', { roles: ['admin'] });

    // then
    expect((await dave.get('/users')).status).toBe(200);
  });

  describe('a refused change', () => {
    beforeAll(async () => {
      const erin = { username: 'erin', password: 'long enough', roles: ['staff'] };
      expect((await api.post('/users', erin)).status).toBe(201);
    });

    it.each([
      ['an empty change', {}, ''],
      ['a new username', { username: 'erin2' }, '/username'],
      ['an unknown role', { roles: ['boss'] }, '/roles/0'],
      ['no roles at all', { roles: [] }, '/roles'],
      ['a short password', { password: 'tiny' }, '/password'],
      ['a bad email', { email: 'erin@' }, '/email'],
      ['a group that does not exist', { groups: ['north', 'ghosts'] }, '/groups/1'],
      ['a server-set field', { createdAt: '2020-01-01T00:00:00Z' }, '/createdAt'],
    ])('answers 400 to a change with %s, and changes nothing', async (_case, body, pointer) => {
      // given
      const before = await api.get('/users/erin');

      // when
      const answer = await api.patch('/users/erin', body);

      // then
      expectProblem(answer, 400, [pointer]);
      expect((await api.get('/users/erin')).body).toEqual(before.body);
      expect((await login(api, 'erin', 'long enough').get('/fields')).status).toBe(200);
    });
  });

  it('answers 404 to a change of a user that does not exist', async () => {
    const answer = await api.patch('/users/nobody', { displayName: 'Nobody' });
    expectProblem(answer, 404);
    expect((await api.get('/users/nobody')).status).toBe(404);
  });

  it('lets only admins in: 401 without credentials, 403 for every other role', async () => {
    // given
    const before = await stored(api);
    const calls = [
      () => ['GET', '/users'],
      () => ['POST', '/users', { username: 'mallory', password: 'long enough', roles: ['admin'] }],
      () => ['GET', '/users/staff'],
      () => ['PATCH', '/users/staff', { roles: ['admin'] }],
    ] as const;

    for (const call of calls) {
      const [method, path, body] = call() as [string, string, unknown?];
      // when / then
      expectProblem(await api.as(null).request(method, path, body), 401);
      for (const role of ['analyst', 'staff', 'worker'] as const) {
        expectProblem(await api.as(role).request(method, path, body), 403);
      }
    }
    expect(await stored(api)).toEqual(before);
  });

  it('keeps one admin: the last admin cannot lose the admin role', async () => {
    // given only `admin` left as an admin (the other admins lose the role)
    for (const user of (await api.get('/users')).body.items) {
      if (user.username !== 'admin' && user.roles.includes('admin'))
        expect((await api.patch(`/users/${user.username}`, { roles: ['analyst'] })).status).toBe(
          200,
        );
    }

    // when
    const answer = await api.patch('/users/admin', { roles: ['analyst'], displayName: 'Former' });

    // then
    expectProblem(answer, 409, ['/roles']);
    expect((await api.get('/users/admin')).body).toMatchObject({
      roles: ['admin'],
      displayName: 'Admin',
    });
    expect((await api.patch('/users/admin', { roles: ['admin', 'staff'] })).status).toBe(200);
  });
});
