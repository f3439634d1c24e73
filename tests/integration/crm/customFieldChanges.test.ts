// Changing a custom field under PATCH /api/fields/{name} on both backends: the label, the
// required flag and an enum's options change at once for every later client write; the
// name, the type and existing options stay; bad changes are a 400 naming the part.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import { expectProblem, startCrmServer, type CrmApi, type CrmServer } from './crmTestKit';

describe.each(backends())('PATCH /api/fields/{name} on $name', ({ uri }) => {
  let crm: CrmServer;
  let api: CrmApi;

  const field = async (name: string) =>
    (await api.get('/fields')).body.items.find((item: any) => item.name === name);

  beforeAll(async () => {
    crm = await startCrmServer(uri, 'field_changes');
    api = crm.api;
    await api.defineField({
      name: 'loyaltyTier',
      label: 'Tier',
      type: 'enum',
      options: ['gold', 'silver'],
    });
    await api.defineField({ name: 'region2', label: 'Region', type: 'text' });
  });

  afterAll(async () => {
    await crm?.server.close();
  });

  it('changes the label and adds an option that clients may use at once', async () => {
    // when
    const changed = await api.patch('/fields/loyaltyTier', {
      label: 'Loyalty tier',
      options: ['platinum', 'gold', 'silver'],
    });

    // then
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'loyaltyTier',
      label: 'Loyalty tier',
      type: 'enum',
      required: false,
      options: ['platinum', 'gold', 'silver'],
      createdBy: 'admin',
    });
    expect(await field('loyaltyTier')).toEqual(changed.body);
    const client = await api.post('/clients', {
      name: 'Platinum Ltd',
      custom: { loyaltyTier: 'platinum' },
    });
    expect(client.status, JSON.stringify(client.body)).toBe(201);
  });

  it('makes a field required for every later write', async () => {
    // given
    const earlier = await api.createClient({ name: 'Before region was required' });

    // when
    const changed = await api.patch('/fields/region2', { required: true });

    // then
    expect(changed.body.required).toBe(true);
    expectProblem(await api.post('/clients', { name: 'No region' }), 400, ['/custom/region2']);
    expectProblem(await api.patch(`/clients/${earlier.id}`, { segment: 'B' }), 400, [
      '/custom/region2',
    ]);
    expect((await api.patch('/fields/region2', { required: false })).body.required).toBe(false);
    expect((await api.post('/clients', { name: 'No region again' })).status).toBe(201);
  });

  it.each([
    ['an empty change', {}, ''],
    ['a new name', { name: 'tier' }, '/name'],
    ['a new type', { type: 'text' }, '/type'],
    ['an empty label', { label: '' }, '/label'],
    ['a required flag that is no boolean', { required: 'yes' }, '/required'],
    ['repeated options', { options: ['gold', 'gold', 'silver', 'platinum'] }, '/options'],
    ['an option removed', { options: ['gold', 'platinum'] }, '/options'],
  ])('answers 400 to %s, naming it, and changes nothing', async (_case, body, pointer) => {
    // given
    const before = await field('loyaltyTier');

    // when
    const answer = await api.patch('/fields/loyaltyTier', body);

    // then
    expectProblem(answer, 400, [pointer]);
    expect(await field('loyaltyTier')).toEqual(before);
  });

  it('names the missing options when a change would drop some', async () => {
    const answer = await api.patch('/fields/loyaltyTier', { options: ['platinum'] });
    expectProblem(answer, 400, ['/options']);
    expect(answer.body.errors[0].message).toBe(
      'must keep every existing option (missing: gold, silver)',
    );
  });

  it('refuses options for a field that is not an enum', async () => {
    const answer = await api.patch('/fields/region2', { options: ['north'] });
    expectProblem(answer, 400, ['/options']);
    expect(await field('region2')).not.toHaveProperty('options');
  });

  it('answers 404 for a field that does not exist or was deleted', async () => {
    // given
    await api.defineField({ name: 'retired', label: 'Retired', type: 'text' });
    expect((await api.request('DELETE', '/fields/retired')).status).toBe(204);

    // when / then
    expectProblem(await api.patch('/fields/retired', { label: 'Back' }), 404);
    expectProblem(await api.patch('/fields/nothing', { label: 'New' }), 404);
    expect(await field('retired')).toBeUndefined();
  });

  it('lets only admins change fields', async () => {
    // given
    const before = await field('loyaltyTier');

    // when / then
    expectProblem(await api.as(null).patch('/fields/loyaltyTier', { label: 'x' }), 401);
    for (const login of ['staff', 'analyst', 'worker'] as const) {
      expectProblem(await api.as(login).patch('/fields/loyaltyTier', { label: 'x' }), 403);
    }
    expect(await field('loyaltyTier')).toEqual(before);
  });
});
