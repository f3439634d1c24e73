/**
 * Demo mode's clients: a dozen of them, with purchases, created once on a database that
 * has no clients — not again on a restart, not twice when two servers start together,
 * never into a database with clients of its own, and never in production mode.
 */
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config';
import { openCrm } from '../../../server/src/crm/openCrm';
import { engineCollections } from '../../../server/src/db/collections';
import { seedDemoClients } from '../../../server/src/demo/seedClients';
import { boundInstancesOf } from '../../../server/src/engine/boundInstances';
import { KeyAllocator } from '../../../server/src/storage/KeyAllocator';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import { CrmApi } from '../crm/crmTestKit';

const sqlite = backends()[0]!;

/** What one server process seeds with: its own connections, key blocks and CRM services. */
async function openSeeder(uri: string) {
  const connection = await MongoClient.connect(uri);
  const c = engineCollections(connection.db());
  const clock = { now: () => Date.now() };
  const crm = await openCrm(uri, {
    keys: new KeyAllocator(c),
    clock,
    instances: boundInstancesOf(c),
  });
  return {
    seed: () => seedDemoClients(c, crm.deps, clock),
    count: async () =>
      (await crm.deps.clients.search({ includeArchived: true, page: { limit: 1 } })).page
        .totalItems,
    async close() {
      await crm.close();
      await connection.close();
    },
  };
}

interface Client {
  id: string;
  name: string;
  kind?: string;
  segment?: string;
  lifecycleStage?: string;
  email?: string;
  phone?: string;
}

describe('demo clients', () => {
  const running: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close()));
  });

  const start = async (uri: string, overrides: Parameters<typeof startTestServer>[1]) => {
    const server = await startTestServer(uri, overrides);
    running.push(server);
    return server;
  };

  const clientsOf = async (server: TestServer): Promise<Client[]> => {
    const response = await new CrmApi(server.url).post('/clients/search', {
      includeArchived: true,
      page: { limit: 100 },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items;
  };

  it('seeds a dozen varied clients with purchases on the first start, and none on a restart', async () => {
    // given a fresh database
    const uri = databaseUri(sqlite.uri, freshDbName('demo_clients'));

    // when a demo server starts on it
    const first = await start(uri, { demoClients: true });
    const seeded = await clientsOf(first);

    // then there are twelve clients of every kind, segment and lifecycle stage
    expect(seeded).toHaveLength(12);
    expect(new Set(seeded.map((client) => client.name)).size).toBe(12);
    expect(new Set(seeded.map((client) => client.kind))).toEqual(new Set(['person', 'company']));
    expect(new Set(seeded.map((client) => client.segment))).toEqual(
      new Set(['vip', 'enterprise', 'smb', 'consumer']),
    );
    expect(new Set(seeded.map((client) => client.lifecycleStage))).toEqual(
      new Set(['identification', 'attraction', 'sale', 'service', 'loyalty', 'retention']),
    );
    expect(seeded.filter((client) => client.email).length).toBeGreaterThanOrEqual(10);
    expect(seeded.filter((client) => client.phone).length).toBeGreaterThanOrEqual(10);
    // and some of them have bought something, in integer minor units of a real currency
    const crm = new CrmApi(first.url);
    const purchases = (
      await Promise.all(
        seeded.map(async (client) => (await crm.get(`/clients/${client.id}/purchases`)).body.items),
      )
    ).flat();
    expect(purchases.length).toBeGreaterThanOrEqual(5);
    for (const purchase of purchases) {
      expect(Number.isInteger(purchase.amount)).toBe(true);
      expect(purchase.currency).toMatch(/^[A-Z]{3}$/);
    }
    const buyers = new Set(purchases.map((purchase: { clientId: string }) => purchase.clientId));
    expect(buyers.size).toBeGreaterThan(1);
    expect(buyers.size).toBeLessThan(12);

    // when the server restarts on the same database
    await running.pop()!.close();
    const second = await start(uri, { demoClients: true });

    // then the same twelve are there, and no more
    expect((await clientsOf(second)).map((client) => client.id).sort()).toEqual(
      seeded.map((client) => client.id).sort(),
    );
  });

  it('seeds them once when two servers start on one database at the same time', async () => {
    // given
    const uri = databaseUri(sqlite.uri, freshDbName('demo_clients_race'));

    // when
    const [one, two] = await Promise.all([
      start(uri, { demoClients: true }),
      start(uri, { demoClients: true }),
    ]);

    // then
    expect(await clientsOf(one)).toHaveLength(12);
    expect(await clientsOf(two)).toHaveLength(12);
  });

  it('lets only one of two processes seeding at the same moment create the clients', async () => {
    // given two processes on one fresh database
    const uri = databaseUri(sqlite.uri, freshDbName('demo_clients_claim'));
    const [one, two] = await Promise.all([openSeeder(uri), openSeeder(uri)]);
    try {
      // when both seed at once (both find no clients yet)
      const created = await Promise.all([one.seed(), two.seed()]);

      // then one of them created the dozen and the other none
      expect(created.sort((a, b) => a - b)).toEqual([0, 12]);
      expect(await one.count()).toBe(12);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('leaves a database with clients of its own alone, and seeds nothing when off or in production', async () => {
    // given a database that already has a client, and two fresh ones
    const withClient = databaseUri(sqlite.uri, freshDbName('demo_clients_own'));
    const setup = await start(withClient, { demoClients: false });
    await new CrmApi(setup.url).createClient({ name: 'Own Client Ltd' });
    await running.pop()!.close();
    const turnedOff = databaseUri(sqlite.uri, freshDbName('demo_clients_off'));
    const production = databaseUri(sqlite.uri, freshDbName('demo_clients_production'));

    // when servers start on them: demo ones, and one in production mode
    const own = await start(withClient, { demoClients: true });
    const off = await start(turnedOff, { demoClients: false });
    const live = await start(production, { demo: false, demoClients: true, adminPassword: 'demo' });

    // then
    expect((await clientsOf(own)).map((client) => client.name)).toEqual(['Own Client Ltd']);
    expect(await clientsOf(off)).toEqual([]);
    expect(await clientsOf(live)).toEqual([]);
  });

  it('is on by default, and RELATA_DEMO_CLIENTS takes only true or false', () => {
    expect(loadConfig({}).demoClients).toBe(true);
    expect(loadConfig({ RELATA_DEMO_CLIENTS: 'false' }).demoClients).toBe(false);
    expect(() => loadConfig({ RELATA_DEMO_CLIENTS: 'no' })).toThrow(
      "RELATA_DEMO_CLIENTS must be 'true' or 'false', got 'no'",
    );
  });
});
