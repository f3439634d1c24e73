// Groups under /api/groups on both backends (M8): admins create and list them, bad input
// is a 400 naming the field with nothing stored, a taken id is a 409, and members come
// and go through each user's `groups`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import { expectProblem, startCrmServer, type CrmApi, type CrmServer } from '../crm/crmTestKit';
import { pointers, stored } from './adminTestKit';

describe.each(backends())('/api/groups on $name', ({ uri }) => {
  let crm: CrmServer;
  let api: CrmApi;

  beforeAll(async () => {
    crm = await startCrmServer(uri, 'admin_groups');
    api = crm.api;
  });

  afterAll(async () => {
    await crm?.server.close();
  });

  it('lists the demo groups by id', async () => {
    const listed = await api.get('/groups');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      { groupId: 'sales', name: 'Sales' },
      { groupId: 'service', name: 'Service' },
      { groupId: 'supervisors', name: 'Supervisors' },
    ]);
  });

  it('creates a group, named after its id when no name is given', async () => {
    // when
    const named = await api.post('/groups', { groupId: 'key-accounts', name: 'Key accounts' });
    const unnamed = await api.post('/groups', { groupId: 'backoffice' });

    // then
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    expect(named.body).toEqual({ groupId: 'key-accounts', name: 'Key accounts' });
    expect(unnamed.body).toEqual({ groupId: 'backoffice', name: 'backoffice' });
    const ids = (await api.get('/groups')).body.items.map((group: any) => group.groupId);
    expect(ids).toEqual(expect.arrayContaining(['key-accounts', 'backoffice']));
  });

  it.each([
    ['no group id', { name: 'Nameless' }, '/groupId'],
    ['an upper-case group id', { groupId: 'Marketing' }, '/groupId'],
    ['a group id with a space', { groupId: 'field sales' }, '/groupId'],
    ['a numeric group id', { groupId: 42 }, '/groupId'],
    ['an empty name', { groupId: 'marketing', name: '' }, '/name'],
    ['a blank name', { groupId: 'marketing', name: '   ' }, '/name'],
    ['a name of 201 characters', { groupId: 'marketing', name: 'x'.repeat(201) }, '/name'],
    ['an unknown field', { groupId: 'marketing', members: ['staff'] }, '/members'],
    ['a body that is no object', '"marketing"', ''],
  ])('answers 400 for %s, naming the field and storing nothing', async (_case, body, pointer) => {
    // given
    const before = await stored(api);

    // when
    const answer = await api.post('/groups', body);

    // then
    expectProblem(answer, 400);
    expect(pointers(answer.body)).toContain(pointer);
    expect(await stored(api)).toEqual(before);
  });

  it('answers 409 for a taken group id and keeps the group as it was', async () => {
    // given
    const before = await stored(api);

    // when
    const answer = await api.post('/groups', { groupId: 'sales', name: 'Other sales' });

    // then
    expectProblem(answer, 409, ['/groupId']);
    expect(await stored(api)).toEqual(before);
  });

  it("adds and removes members through the user's groups", async () => {
    // given
    await api.post('/groups', { groupId: 'retention', name: 'Retention' });

    // when staff joins retention and leaves sales
    const joined = await api.patch('/users/staff', { groups: ['service', 'retention'] });

    // then
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    const members = (await api.get('/users')).body.items
      .filter((user: any) => user.groups.includes('retention'))
      .map((user: any) => user.username);
    expect(members).toEqual(['staff']);
    expect((await api.get('/users/staff')).body.groups).toEqual(['service', 'retention']);
  });

  it('lets only admins in: 401 without credentials, 403 for every other role', async () => {
    // given
    const before = await stored(api);

    for (const [method, body] of [['GET'], ['POST', { groupId: 'rogue' }]] as const) {
      // when / then
      expectProblem(await api.as(null).request(method, '/groups', body), 401);
      for (const role of ['analyst', 'staff', 'worker'] as const) {
        expectProblem(await api.as(role).request(method, '/groups', body), 403);
      }
    }
    expect(await stored(api)).toEqual(before);
  });
});
