// Purchases of a client on both backends: one insert each under a server key, money in
// integer minor units with an ISO 4217 currency, listed newest first.
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../api/apiTestKit';
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

  /** An instance bound to the client, waiting for its next purchase (`purchase-recorded`). */
  async function awaitNextPurchase(clientId: string): Promise<string> {
    const xml = readFileSync(new URL('./purchases.announced.bpmn', import.meta.url), 'utf8');
    expect((await crm.server.api.deploy({ 'purchases.announced.bpmn': xml })).status).toBe(200);
    const started = await crm.server.api.post('/process-instances', {
      processDefinitionId: 'await-next-purchase',
      variables: { clientId },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    return started.body.processInstanceKey as string;
  }

  const completed = (key: string) =>
    waitFor(async () => {
      const instance = await crm.server.api.get(`/process-instances/${key}`);
      return instance.body.state === 'COMPLETED' ? instance.body : undefined;
    }, `instance ${key} completes`);

  it('announces a recorded purchase to the processes waiting for the client', async () => {
    // given an instance waiting for the client's next purchase
    const client = await api.createClient({ name: 'Returning buyer' });
    const key = await awaitNextPurchase(client.id);

    // when a purchase is recorded
    const recorded = await api.post(`/clients/${client.id}/purchases`, {
      amount: 4500,
      currency: 'EUR',
      product: 'Refill',
    });

    // then the instance heard of it, with the purchase's data
    expect(recorded.status).toBe(201);
    await completed(key);
    const variables = await crm.server.api.post('/variables/search', {
      filter: { processInstanceKey: key, name: 'product' },
    });
    expect(variables.body.items.map((v: { value: string }) => v.value)).toEqual(['"Refill"']);
  });

  it('announces a purchase whose announcement a crash interrupted', async () => {
    // given a purchase stored but never announced (the server died in between)
    const client = await api.createClient({ name: 'Interrupted buyer' });
    const key = await awaitNextPurchase(client.id);
    const db = await MongoClient.connect(crm.server.mongoUri);
    try {
      await db
        .db()
        .collection('purchases')
        .insertOne({
          _id: `9${Date.now()}`.slice(0, 16) as never,
          clientId: client.id,
          amount: 100,
          currency: 'EUR',
          date: '2026-01-01T00:00:00.000Z',
          product: 'Lost in a crash',
          createdAt: '2026-01-01T00:00:00.000Z',
          createdBy: 'admin',
          announced: false,
        });

      // when the sweeper runs
      await crm.server.sweeper.sweepNow();

      // then the waiting instance heard of it, and the purchase is marked announced
      await completed(key);
      const row = await db.db().collection('purchases').findOne({ product: 'Lost in a crash' });
      expect(row?.announced).toBe(true);
    } finally {
      await db.close();
    }
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
