// Clients under /api on both FerretDB backends: create, read, merge patches with ETags,
// If-Match, archive instead of delete, validation that names the field and stores nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import { expectProblem, ids, startCrmServer, type CrmApi, type CrmServer } from './crmTestKit';

describe.each(backends())('/api/clients on $name', ({ uri }) => {
  let crm: CrmServer;
  let api: CrmApi;

  beforeAll(async () => {
    crm = await startCrmServer(uri, 'clients');
    api = crm.api;
  });

  afterAll(async () => {
    await crm?.server.close();
  });

  it('creates a client with server-set fields and reads it back with its ETag', async () => {
    // when
    const created = await api.post('/clients', {
      name: 'Acme Ltd',
      kind: 'company',
      email: 'sales@acme.example',
      phone: '+44 (20) 7946-0958',
      lifecycleStage: 'identification',
    });

    // then
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/clients/${created.body.id}`);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[0-9]{16}$/),
      rev: 1,
      name: 'Acme Ltd',
      owner: 'admin',
      custom: {},
      archived: false,
      createdBy: 'admin',
    });
    expect(created.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const read = await api.get(`/clients/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toEqual(created.body);
  });

  it('applies a merge patch: values replace, null removes, and the revision moves on', async () => {
    // given
    const client = await api.createClient({
      name: 'Patchable',
      email: 'a@b.example',
      region: 'North',
    });

    // when
    const patched = await api.patch(`/clients/${client.id}`, { region: null, segment: 'SMB' });

    // then
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(patched.body).toMatchObject({
      rev: 2,
      name: 'Patchable',
      email: 'a@b.example',
      segment: 'SMB',
    });
    expect(patched.body).not.toHaveProperty('region');
    expect((await api.get(`/clients/${client.id}`)).body).toEqual(patched.body);
  });

  it('stores no revision for a patch that changes nothing', async () => {
    const client = await api.createClient({ name: 'Unchanged', segment: 'SMB' });
    const same = await api.patch(`/clients/${client.id}`, { segment: 'SMB' });
    expect(same.status).toBe(200);
    expect(same.body.rev).toBe(1);
  });

  it('writes with a current If-Match and answers 409 to a stale one, storing nothing', async () => {
    // given
    const client = await api.createClient({ name: 'Guarded' });
    const first = await api.patch(`/clients/${client.id}`, { segment: 'A' }, '"1"');
    expect(first.status).toBe(200);

    // when
    const stale = await api.patch(`/clients/${client.id}`, { segment: 'B' }, '"1"');

    // then
    expectProblem(stale, 409);
    const read = await api.get(`/clients/${client.id}`);
    expect(read.body).toMatchObject({ rev: 2, segment: 'A' });
  });

  it('refuses an If-Match that is not a strong ETag with 400', async () => {
    const client = await api.createClient({ name: 'Weak tag' });
    expectProblem(await api.patch(`/clients/${client.id}`, { segment: 'A' }, 'W/"1"'), 400);
    expectProblem(await api.patch(`/clients/${client.id}`, { segment: 'A' }, '1'), 400);
  });

  it('names each bad or unknown field with a pointer and stores nothing', async () => {
    // when
    const bad = await api.post('/clients', {
      name: 'Invalid',
      kind: 'robot',
      email: 'not-an-email',
      phone: 'call me',
      lifecycleStage: 'dormant',
      owner: 'Not A User',
      nickname: 'x',
      createdAt: '2020-01-01T00:00:00Z',
    });

    // then
    expectProblem(bad, 400, [
      '/kind',
      '/email',
      '/phone',
      '/lifecycleStage',
      '/owner',
      '/nickname',
      '/createdAt',
    ]);
    const messages = Object.fromEntries(bad.body.errors.map((e: any) => [e.pointer, e.message]));
    expect(messages['/email']).toBe('must be an email address');
    expect(messages['/nickname']).toBe('is not a known field');
    expect(messages['/createdAt']).toBe('is set by the server');
    const found = await api.post('/clients/search', { filter: { name: 'Invalid' } });
    expect(found.body.items).toEqual([]);
  });

  it('requires a name, refuses NUL characters and removing the name', async () => {
    expectProblem(await api.post('/clients', { email: 'x@y.example' }), 400, ['/name']);
    expectProblem(await api.post('/clients', { name: 'a\u0000b' }), 400, ['/name']);
    expectProblem(await api.post('/clients', { name: '   ' }), 400, ['/name']);
    expectProblem(await api.post('/clients', [{ name: 'array' }]), 400);
    const client = await api.createClient({ name: 'Named' });
    expectProblem(await api.patch(`/clients/${client.id}`, { name: null }), 400, ['/name']);
    expect((await api.get(`/clients/${client.id}`)).body.rev).toBe(1);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expectProblem(await api.get('/clients/9007199254740000'), 404);
    expectProblem(await api.get('/clients/not-a-key'), 404);
    expectProblem(await api.patch('/clients/9007199254740000', { segment: 'A' }), 404);
  });

  it('archives instead of deleting: GET shows it, lists and searches leave it out', async () => {
    // given
    const client = await api.createClient({ name: 'Archivable Co' });

    // when
    const archived = await api.delete(`/clients/${client.id}`);

    // then
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ rev: 2, archived: true });
    expect(archived.headers.get('etag')).toBe('"2"');
    expect((await api.get(`/clients/${client.id}`)).body).toMatchObject({ archived: true });
    expect(ids(await api.post('/clients/search', { q: 'Archivable' }))).toEqual([]);
    expect(ids(await api.get('/clients?q=Archivable'))).toEqual([]);
    const withArchived = await api.post('/clients/search', {
      q: 'Archivable',
      includeArchived: true,
    });
    expect(ids(withArchived)).toEqual([client.id]);
    expect(ids(await api.get('/clients?q=Archivable&includeArchived=true'))).toEqual([client.id]);
    // archiving again changes nothing; an archived client takes no more changes
    expect((await api.delete(`/clients/${client.id}`)).body.rev).toBe(2);
    expectProblem(await api.patch(`/clients/${client.id}`, { segment: 'A' }), 409);
  });

  it('lets staff, analysts and API clients read and write clients, and nobody in without credentials', async () => {
    for (const login of ['staff', 'analyst', 'worker'] as const) {
      const as = api.as(login);
      const created = await as.post('/clients', { name: `By ${login}` });
      expect(created.status, login).toBe(201);
      expect((await as.patch(`/clients/${created.body.id}`, { segment: login })).status).toBe(200);
      expect((await as.get(`/clients/${created.body.id}`)).body.updatedBy).toBe(
        login === 'worker' ? 'demo-worker' : login,
      );
    }
    const anonymous = await api.as(null).get('/clients');
    expectProblem(anonymous, 401);
  });
});
