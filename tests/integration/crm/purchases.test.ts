// Purchases of a client on both backends: one insert each under a server key, money in
// integer minor units with an ISO 4217 currency, listed newest first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import { expectProblem, startCrmServer, type CrmApi, type CrmServer } from './crmTestKit';

describe.each(backends())('/api/clients/{id}/purchases on $name', ({ uri }) => {
  let crm: CrmServer;
  let api: CrmApi;

  beforeAll(async () => {
    crm = await startCrmServer(uri, 'purchases');
    api = crm.api;
  });

  afterAll(async () => {
    await crm?.server.close();
  });

  it('records purchases and lists them newest first', async () => {
    // given
    const client = await api.createClient({ name: 'Buyer' });
    const path = `/clients/${client.id}/purchases`;

    // when
    const older = await api.post(path, {
      amount: 1999,
      currency: 'EUR',
      date: '2025-01-10',
      product: 'Starter',
    });
    const newer = await api.as('worker').post(path, {
      amount: 0,
      currency: 'UAH',
      date: '2025-02-01T09:30:00+02:00',
      product: 'Trial',
    });

    // then
    expect(older.status).toBe(201);
    expect(older.body).toMatchObject({
      id: expect.stringMatching(/^[0-9]{16}$/),
      clientId: client.id,
      amount: 1999,
      currency: 'EUR',
      date: '2025-01-10T00:00:00.000Z',
      product: 'Starter',
      createdBy: 'admin',
    });
    expect(newer.body).toMatchObject({
      date: '2025-02-01T07:30:00.000Z',
      createdBy: 'demo-worker',
    });
    const listed = await api.as('staff').get(path);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((p: any) => p.id)).toEqual([newer.body.id, older.body.id]);
    expect(listed.body.page.totalItems).toBe(2);
  });

  it('dates a purchase without a date at the time it is recorded', async () => {
    const client = await api.createClient({ name: 'Buyer now' });
    const created = await api.post(`/clients/${client.id}/purchases`, {
      amount: 5,
      currency: 'USD',
      product: 'Pen',
    });
    expect(created.status).toBe(201);
    expect(created.body.date).toBe(created.body.createdAt);
  });

  it('answers 400 naming each bad field and stores nothing', async () => {
    // given
    const client = await api.createClient({ name: 'Careful buyer' });
    const path = `/clients/${client.id}/purchases`;

    // when
    const bad = await api.post(path, {
      amount: 19.99,
      currency: 'eur',
      date: 'yesterday',
      product: '',
      tax: 1,
    });

    // then
    expectProblem(bad, 400, ['/amount', '/currency', '/date', '/product', '/tax']);
    expectProblem(await api.post(path, { amount: 1, currency: 'ABC', product: 'x' }), 400, [
      '/currency',
    ]);
    expectProblem(await api.post(path, { amount: -1, currency: 'EUR', product: 'x' }), 400, [
      '/amount',
    ]);
    expectProblem(
      await api.post(path, '{"amount": 1e400, "currency": "EUR", "product": "x"}'),
      400,
    );
    expectProblem(await api.post(path, { amount: 1, currency: 'EUR', product: 'x\u0000' }), 400, [
      '/product',
    ]);
    expectProblem(await api.post(path, { currency: 'EUR', product: 'x' }), 400, ['/amount']);
    expect((await api.get(path)).body.items).toEqual([]);
  });

  it('answers 404 for an unknown client and 409 for an archived one', async () => {
    const purchase = { amount: 1, currency: 'EUR', product: 'x' };
    expectProblem(await api.post('/clients/9007199254740000/purchases', purchase), 404);
    expectProblem(await api.get('/clients/9007199254740000/purchases'), 404);
    const client = await api.createClient({ name: 'Gone' });
    await api.delete(`/clients/${client.id}`);
    expectProblem(await api.post(`/clients/${client.id}/purchases`, purchase), 409);
    expect((await api.get(`/clients/${client.id}/purchases`)).status).toBe(200);
  });
});
