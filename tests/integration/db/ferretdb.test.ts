// The one storage guarantee Relata builds on (DESIGN.md D3): an insert against a unique
// index is atomic on every backend. Conditional updates are not atomic on FerretDB, so
// nothing here (or anywhere) relies on them; races are decided by inserts.
import { MongoClient, MongoServerError, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';

const duplicateKey = 11000;

describe.each(backends())('FerretDB on $name', ({ uri }) => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await MongoClient.connect(uri, { maxPoolSize: 25 });
    db = client.db(freshDbName('ferretdb'));
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('rejects a second insert of the same _id with E11000', async () => {
    // given
    const commits = db.collection<{ _id: string; command: string }>('commits');
    await commits.insertOne({ _id: '2251799813685249:0000000001', command: 'create' });

    // when
    const second = commits.insertOne({ _id: '2251799813685249:0000000001', command: 'complete' });

    // then
    await expect(second).rejects.toBeInstanceOf(MongoServerError);
    await expect(second).rejects.toMatchObject({ code: duplicateKey });
    expect(await commits.find().toArray()).toEqual([
      { _id: '2251799813685249:0000000001', command: 'create' },
    ]);
  });

  it('lets exactly one of 20 concurrent inserts of one _id win', async () => {
    // given
    const claims = db.collection<{ _id: string; worker: number }>('claims');
    const workers = Array.from({ length: 20 }, (_, worker) => worker);

    // when
    const results = await Promise.allSettled(
      workers.map((worker) => claims.insertOne({ _id: '2251799813685300:lease:1', worker })),
    );

    // then
    const winners = results.flatMap((result, worker) =>
      result.status === 'fulfilled' ? [worker] : [],
    );
    const losers = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason] : [],
    );
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    for (const loser of losers) expect(loser).toMatchObject({ code: duplicateKey });
    expect(await claims.find().toArray()).toEqual([
      { _id: '2251799813685300:lease:1', worker: winners[0] },
    ]);
  });
});
