// Admin-defined custom fields under /api/fields on both backends: definitions compile to
// the schema every client write is validated against; deleting a field hides its values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import { expectProblem, startCrmServer, type CrmApi, type CrmServer } from './crmTestKit';

describe.each(backends())('/api/fields on $name', ({ uri }) => {
  let crm: CrmServer;
  let api: CrmApi;

  beforeAll(async () => {
    crm = await startCrmServer(uri, 'fields');
    api = crm.api;
    await api.defineField({
      name: 'tier',
      label: 'Tier',
      type: 'enum',
      options: ['gold', 'silver'],
    });
    await api.defineField({ name: 'score', label: 'Score', type: 'number' });
    await api.defineField({ name: 'renewal', label: 'Renewal', type: 'date' });
    await api.defineField({ name: 'vip', label: 'VIP', type: 'boolean' });
    await api.defineField({ name: 'billingEmail', label: 'Billing email', type: 'email' });
    await api.defineField({ name: 'fax', label: 'Fax', type: 'phone' });
    await api.defineField({ name: 'notes', label: 'Notes', type: 'text' });
  });

  afterAll(async () => {
    await crm?.server.close();
  });

  it('lists the defined fields in the order they were made', async () => {
    const listed = await api.as('staff').get('/fields');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((field: any) => field.name)).toEqual([
      'tier',
      'score',
      'renewal',
      'vip',
      'billingEmail',
      'fax',
      'notes',
    ]);
    expect(listed.body.items[0]).toMatchObject({
      label: 'Tier',
      type: 'enum',
      required: false,
      options: ['gold', 'silver'],
      createdBy: 'admin',
    });
  });

  it('stores valid custom values, with dates as UTC instants', async () => {
    // when
    const created = await api.post('/clients', {
      name: 'Custom Co',
      custom: {
        tier: 'gold',
        score: 4.5,
        renewal: '2026-02-28',
        vip: true,
        billingEmail: 'billing@custom.example',
        fax: '+1 555 0100',
        notes: 'first contact at the fair',
      },
    });

    // then
    expect(created.status).toBe(201);
    expect(created.body.custom).toEqual({
      tier: 'gold',
      score: 4.5,
      renewal: '2026-02-28T00:00:00.000Z',
      vip: true,
      billingEmail: 'billing@custom.example',
      fax: '+1 555 0100',
      notes: 'first contact at the fair',
    });
    const patched = await api.patch(`/clients/${created.body.id}`, {
      custom: { renewal: '2026-03-01T12:00:00+02:00', notes: null },
    });
    expect(patched.body.custom).toMatchObject({ renewal: '2026-03-01T10:00:00.000Z' });
    expect(patched.body.custom).not.toHaveProperty('notes');
  });

  it('answers 400 naming each bad custom value and each unknown custom field', async () => {
    // when
    const bad = await api.post('/clients', {
      name: 'Bad custom',
      custom: {
        tier: 'bronze',
        score: 'high',
        renewal: '2026-02-30',
        vip: 'yes',
        billingEmail: 'nope',
        fax: 'fax me',
        colour: 'blue',
      },
    });

    // then
    expectProblem(bad, 400, [
      '/custom/tier',
      '/custom/score',
      '/custom/renewal',
      '/custom/vip',
      '/custom/billingEmail',
      '/custom/fax',
      '/custom/colour',
    ]);
    const messages = Object.fromEntries(bad.body.errors.map((e: any) => [e.pointer, e.message]));
    expect(messages['/custom/tier']).toBe('must be one of: gold, silver');
    expect(messages['/custom/colour']).toBe('is not a custom field of clients (see /api/fields)');
    const found = await api.post('/clients/search', { filter: { name: 'Bad custom' } });
    expect(found.body.page.totalItems).toBe(0);
  });

  it('enforces a required custom field on create and on every later write', async () => {
    // given
    const before = await api.createClient({ name: 'Made before the rule' });
    await api.defineField({ name: 'contractNo', label: 'Contract', type: 'text', required: true });
    try {
      // when / then
      expectProblem(await api.post('/clients', { name: 'No contract' }), 400, [
        '/custom/contractNo',
      ]);
      expect(
        (await api.post('/clients', { name: 'Contract', custom: { contractNo: 'C-1' } })).status,
      ).toBe(201);
      expectProblem(await api.patch(`/clients/${before.id}`, { segment: 'X' }), 400, [
        '/custom/contractNo',
      ]);
      const fixed = await api.patch(`/clients/${before.id}`, { custom: { contractNo: 'C-2' } });
      expect(fixed.status).toBe(200);
    } finally {
      expect((await api.request('DELETE', '/fields/contractNo')).status).toBe(204);
    }
  });

  it('hides the values of a deleted field but keeps them stored, and keeps its name taken', async () => {
    // given
    await api.defineField({ name: 'legacyCode', label: 'Legacy', type: 'text' });
    const client = await api.createClient({ name: 'Legacy Co', custom: { legacyCode: 'L-7' } });

    // when
    const deleted = await api.request('DELETE', '/fields/legacyCode');

    // then
    expect(deleted.status).toBe(204);
    const read = await api.get(`/clients/${client.id}`);
    expect(read.body.custom).not.toHaveProperty('legacyCode');
    expectProblem(
      await api.patch(`/clients/${client.id}`, { custom: { legacyCode: 'L-8' } }),
      400,
      ['/custom/legacyCode'],
    );
    expectProblem(
      await api.post('/clients/search', { filter: { 'custom.legacyCode': 'L-7' } }),
      400,
    );
    expectProblem(
      await api.post('/fields', { name: 'legacycode', label: 'Again', type: 'text' }),
      409,
    );
    expectProblem(await api.request('DELETE', '/fields/legacyCode'), 404);
  });

  it('refuses bad definitions with 400 naming the field, and a taken name with 409', async () => {
    expectProblem(await api.post('/fields', { name: '1st', label: 'x', type: 'text' }), 400, [
      '/name',
    ]);
    expectProblem(await api.post('/fields', { name: 'Email', label: 'x', type: 'text' }), 400, [
      '/name',
    ]);
    expectProblem(await api.post('/fields', { name: 'custom', label: 'x', type: 'text' }), 400, [
      '/name',
    ]);
    expectProblem(await api.post('/fields', { name: 'a', label: 'x', type: 'money' }), 400, [
      '/type',
    ]);
    expectProblem(await api.post('/fields', { name: 'a', label: 'x', type: 'enum' }), 400, [
      '/options',
    ]);
    expectProblem(
      await api.post('/fields', { name: 'a', label: 'x', type: 'text', options: ['y'] }),
      400,
      ['/options'],
    );
    expectProblem(
      await api.post('/fields', { name: 'a', label: 'x', type: 'enum', options: ['y', 'y'] }),
      400,
      ['/options'],
    );
    expectProblem(await api.post('/fields', { name: 'a', type: 'text', extra: 1 }), 400, [
      '/label',
      '/extra',
    ]);
    expectProblem(await api.post('/fields', { name: 'TIER', label: 'x', type: 'text' }), 409, [
      '/name',
    ]);
  });

  it('lets only admins define and delete fields', async () => {
    for (const login of ['staff', 'analyst', 'worker'] as const) {
      expectProblem(
        await api.as(login).post('/fields', { name: 'nope', label: 'x', type: 'text' }),
        403,
      );
      expectProblem(await api.as(login).request('DELETE', '/fields/tier'), 403);
    }
    expect((await api.get('/fields')).body.items.map((f: any) => f.name)).not.toContain('nope');
  });
});
