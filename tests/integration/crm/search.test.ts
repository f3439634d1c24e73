// POST /api/clients/search on both backends: the /v2 filter, sort and page grammar over
// built-in fields and custom fields (`custom.<name>`, a dotted path into the nested
// document), plus `q`, an anchored, escaped, case-insensitive prefix of name or email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import {
  expectProblem,
  startCrmServer,
  type CrmApi,
  type CrmResponse,
  type CrmServer,
} from './crmTestKit';

const CLIENTS = [
  {
    name: 'Acme Ltd',
    email: 'sales@acme.example',
    region: 'North',
    lifecycleStage: 'sale',
    custom: { tier: 'gold', score: 2.5, renewal: '2026-01-15', vip: true },
  },
  {
    name: 'acme (test)',
    email: 'qa@acme.example',
    region: 'South',
    lifecycleStage: 'identification',
    custom: { tier: 'silver', score: 10, renewal: '2026-06-01' },
  },
  { name: 'Beta GmbH', email: 'info@beta.example', lifecycleStage: 'sale', custom: { score: 7 } },
  {
    name: 'Gamma.Inc',
    email: 'ACME.partner@gamma.example',
    region: 'North',
    lifecycleStage: 'loyalty',
    custom: { tier: 'gold', vip: false },
  },
  { name: 'GammaXray', lifecycleStage: 'retention' },
];

const names = (response: CrmResponse): string[] => {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items.map((item: { name: string }) => item.name);
};

describe.each(backends())('/api/clients/search on $name', ({ uri }) => {
  let crm: CrmServer;
  let api: CrmApi;
  const search = (body: unknown) => api.post('/clients/search', body);
  const byName = (filter: unknown, extra: Record<string, unknown> = {}) =>
    search({ filter, sort: [{ field: 'name' }], ...extra });

  beforeAll(async () => {
    crm = await startCrmServer(uri, 'search');
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
    for (const client of CLIENTS) await api.createClient(client);
    const archived = await api.createClient({ name: 'Acme Archived', region: 'North' });
    await api.delete(`/clients/${archived.id}`);
  });

  afterAll(async () => {
    await crm?.server.close();
  });

  it('matches built-in fields with $eq, $neq, $in, $notIn, $exists and $like (anchored)', async () => {
    expect(names(await byName({ region: 'North' }))).toEqual(['Acme Ltd', 'Gamma.Inc']);
    expect(names(await byName({ region: { $neq: 'North' } }))).toEqual([
      'Beta GmbH',
      'GammaXray',
      'acme (test)',
    ]);
    expect(names(await byName({ lifecycleStage: { $in: ['sale', 'loyalty'] } }))).toEqual([
      'Acme Ltd',
      'Beta GmbH',
      'Gamma.Inc',
    ]);
    expect(names(await byName({ lifecycleStage: { $notIn: ['sale', 'identification'] } }))).toEqual(
      ['Gamma.Inc', 'GammaXray'],
    );
    expect(names(await byName({ email: { $exists: false } }))).toEqual(['GammaXray']);
    expect(names(await byName({ name: { $like: 'Acme*' } }))).toEqual(['Acme Ltd']);
    expect(names(await byName({ name: { $like: 'Gamma?Inc' } }))).toEqual(['Gamma.Inc']);
    expect(names(await byName({ name: { $like: 'cme*' } }))).toEqual([]);
  });

  it('matches custom fields by their dotted path, each type with its operators', async () => {
    expect(names(await byName({ 'custom.tier': 'gold' }))).toEqual(['Acme Ltd', 'Gamma.Inc']);
    expect(names(await byName({ 'custom.tier': { $exists: false } }))).toEqual([
      'Beta GmbH',
      'GammaXray',
    ]);
    expect(names(await byName({ 'custom.score': { $gte: 7 } }))).toEqual([
      'Beta GmbH',
      'acme (test)',
    ]);
    expect(names(await byName({ 'custom.score': { $gt: 2, $lt: 5 } }))).toEqual(['Acme Ltd']);
    expect(names(await byName({ 'custom.score': { $in: [2.5, 7] } }))).toEqual([
      'Acme Ltd',
      'Beta GmbH',
    ]);
    expect(names(await byName({ 'custom.score': 10 }))).toEqual(['acme (test)']);
    expect(names(await byName({ 'custom.renewal': { $lt: '2026-03-01T00:00:00Z' } }))).toEqual([
      'Acme Ltd',
    ]);
    expect(
      names(await byName({ 'custom.renewal': { $gte: '2026-03-01T00:00:00+01:00' } })),
    ).toEqual(['acme (test)']);
    expect(names(await byName({ 'custom.vip': false }))).toEqual(['Gamma.Inc']);
  });

  it('combines branches with $or', async () => {
    const either = await byName({ $or: [{ region: 'South' }, { 'custom.tier': 'gold' }] });
    expect(names(either)).toEqual(['Acme Ltd', 'Gamma.Inc', 'acme (test)']);
  });

  it('finds by q: a case-insensitive prefix of name or email, metacharacters literal', async () => {
    expect(names(await byName({}, { q: 'acme' }))).toEqual([
      'Acme Ltd',
      'Gamma.Inc',
      'acme (test)',
    ]);
    expect(names(await byName({}, { q: 'ACME (' }))).toEqual(['acme (test)']);
    expect(names(await byName({}, { q: 'gamma.' }))).toEqual(['Gamma.Inc']);
    expect(names(await byName({}, { q: '.*' }))).toEqual([]);
    expect(names(await byName({}, { q: 'ltd' }))).toEqual([]);
    expect(names(await byName({ region: 'North' }, { q: 'acme', includeArchived: true }))).toEqual([
      'Acme Archived',
      'Acme Ltd',
      'Gamma.Inc',
    ]);
  });

  it('sorts by built-in and custom fields and pages with cursors', async () => {
    // when
    const sort = [
      { field: 'custom.tier', order: 'DESC' },
      { field: 'name', order: 'ASC' },
    ];
    const first = await search({ sort, page: { limit: 2 } });
    const second = await search({ sort, page: { limit: 2, after: first.body.page.endCursor } });
    const third = await search({ sort, page: { limit: 2, after: second.body.page.endCursor } });

    // then
    expect([...names(first), ...names(second), ...names(third)]).toEqual([
      'acme (test)',
      'Acme Ltd',
      'Gamma.Inc',
      'Beta GmbH',
      'GammaXray',
    ]);
    expect(first.body.page.totalItems).toBe(5);
    const back = await search({ sort, page: { limit: 2, before: second.body.page.startCursor } });
    expect(names(back)).toEqual(names(first));
    const newestFirst = [
      { field: 'createdAt', order: 'DESC' },
      { field: 'id', order: 'DESC' },
    ];
    const newest = await search({ sort: newestFirst, page: { limit: 1 } });
    expect(names(newest)).toEqual(['GammaXray']);
  });

  it('filters by creation time', async () => {
    // given: the clients in creation order (keys grow with creation; times may tie)
    const all = await search({ sort: [{ field: 'createdAt' }] });
    expect(names(all)).toEqual(CLIENTS.map((client) => client.name));
    const third = all.body.items[2];

    // when
    const since = await search({
      filter: { createdAt: { $gte: third.createdAt } },
      sort: [{ field: 'createdAt' }],
    });
    const before = await search({ filter: { createdAt: { $lt: third.createdAt } } });

    // then
    const expected = all.body.items.filter((item: any) => item.createdAt >= third.createdAt);
    expect(names(since)).toEqual(expected.map((item: any) => item.name));
    expect(names(since)).toEqual(expect.arrayContaining(['Beta GmbH', 'Gamma.Inc', 'GammaXray']));
    expect(since.body.page.totalItems + before.body.page.totalItems).toBe(CLIENTS.length);
  });

  it('answers 400 naming the property for unknown fields, operators and sort fields', async () => {
    expectProblem(await search({ filter: { nickname: 'x' } }), 400, ['/filter/nickname']);
    expectProblem(await search({ filter: { 'custom.score': { $like: '1*' } } }), 400, [
      '/filter/custom.score/$like',
    ]);
    expectProblem(await search({ filter: { 'custom.score': 'ten' } }), 400, [
      '/filter/custom.score',
    ]);
    expectProblem(await search({ filter: { name: { $gt: 'A' } } }), 400, ['/filter/name/$gt']);
    expectProblem(await search({ sort: [{ field: 'custom.score' }] }), 400, ['/sort/0/field']);
    expectProblem(await search({ q: 'a\u0000' }), 400, ['/q']);
    expectProblem(await search({ q: 'x'.repeat(201) }), 400, ['/q']);
    expectProblem(await search({ query: 'x' }), 400, ['/query']);
    expectProblem(await search({ page: { limit: 5000 } }), 400, ['/page/limit']);
  });
});
