// A client edited in many places at once loses nothing (DESIGN.md D3): revisions are
// inserts, so a conditional write loses with 409 and an unconditional one re-applies its
// patch on top of the winner's. Two server processes share one database here.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import { CrmApi, expectProblem } from './crmTestKit';

const FIELDS = Array.from({ length: 20 }, (_, index) => `note${index + 1}`);

describe.each(backends())('concurrent client writes on $name', ({ uri }) => {
  let dbUri: string;
  let servers: TestServer[] = [];
  let apis: CrmApi[] = [];

  beforeAll(async () => {
    dbUri = databaseUri(uri, freshDbName('crm_concurrency'));
    servers = [await startTestServer(dbUri), await startTestServer(dbUri)];
    apis = servers.map((server) => new CrmApi(server.url));
    for (const name of FIELDS) await apis[0]!.defineField({ name, label: name, type: 'text' });
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('keeps every one of 20 concurrent patches of different fields without If-Match', async () => {
    // given
    const client = await apis[0]!.createClient({ name: 'Contended' });

    // when
    const results = await Promise.all(
      FIELDS.map((name, index) =>
        apis[index % 2]!.patch(`/clients/${client.id}`, { custom: { [name]: `value of ${name}` } }),
      ),
    );

    // then
    expect(results.map((result) => result.status)).toEqual(FIELDS.map(() => 200));
    const read = await apis[1]!.get(`/clients/${client.id}`);
    expect(read.body.rev).toBe(1 + FIELDS.length);
    expect(read.body.custom).toEqual(
      Object.fromEntries(FIELDS.map((name) => [name, `value of ${name}`])),
    );
    expect(read.body.name).toBe('Contended');
  });

  it('lets one of two concurrent patches with the same If-Match win and answers 409 to the other', async () => {
    // given
    const client = await apis[0]!.createClient({ name: 'Guarded twice' });

    // when
    const [a, b] = await Promise.all([
      apis[0]!.patch(`/clients/${client.id}`, { segment: 'from A' }, '"1"'),
      apis[1]!.patch(`/clients/${client.id}`, { region: 'from B' }, '"1"'),
    ]);

    // then
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expectProblem(loser, 409);
    const winner = a.status === 200 ? a : b;
    const read = await apis[0]!.get(`/clients/${client.id}`);
    expect(read.body).toEqual(winner.body);
    expect(read.body.rev).toBe(2);
  });

  it('repairs a projection a crashed writer left behind on the next read', async () => {
    // given: revision 2 inserted, but the process died before projecting it
    const client = await apis[0]!.createClient({ name: 'Half written' });
    const mongo = await MongoClient.connect(dbUri);
    try {
      const revision = await mongo
        .db()
        .collection<any>('clientRevisions')
        .findOne({ _id: `${client.id}:0000000001` });
      await mongo
        .db()
        .collection<any>('clientRevisions')
        .insertOne({
          ...revision,
          _id: `${client.id}:0000000002`,
          rev: 2,
          change: 'update',
          client: { ...revision.client, segment: 'unprojected' },
        });

      // when
      const read = await apis[1]!.get(`/clients/${client.id}`);

      // then
      expect(read.body).toMatchObject({ rev: 2, segment: 'unprojected' });
      const row = await mongo.db().collection<any>('clients').findOne({ _id: client.id });
      expect(row).toMatchObject({ rev: 2, segment: 'unprojected' });
      const patched = await apis[0]!.patch(
        `/clients/${client.id}`,
        { region: 'after repair' },
        '"2"',
      );
      expect(patched.body).toMatchObject({
        rev: 3,
        segment: 'unprojected',
        region: 'after repair',
      });
    } finally {
      await mongo.close();
    }
  });
});
