/**
 * A probe, not part of `npm run bench`: how the cost of one exact-`_id` command on
 * FerretDB 1.24 grows with the size of the collection it touches, on SQLite and on
 * PostgreSQL. The projection updates `jobs` and `elementInstances`, which keep every
 * job and element instance ever run, so this is how the hot path ages with history.
 *
 *   npx tsx bench/probeWriteScaling.ts            (PROBE_SIZES=100,1000,5000,20000)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Collection } from 'mongodb';
import { dropPostgresDatabase, startFerretDb, stopOnExit } from '../server/src/db/FerretDbProcess';

type Doc = { _id: string; n: number; text: string };

const sizes = (process.env.PROBE_SIZES ?? '100,1000,5000,20000').split(',').map(Number);
const samples = 50;
const postgresServer = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/';

const operations: [string, (c: Collection<Doc>, id: string, i: number) => Promise<unknown>][] = [
  ['findOne {_id}', (c, id) => c.findOne({ _id: id })],
  ['insertOne', (c, _id, i) => c.insertOne({ _id: `new:${i}`, n: i, text: 'x'.repeat(300) })],
  ['updateOne {_id} $set', (c, id, i) => c.updateOne({ _id: id }, { $set: { n: -i } })],
  [
    'replaceOne {_id} upsert',
    (c, id, i) => c.replaceOne({ _id: id }, { n: i, text: 'y'.repeat(300) }, { upsert: true }),
  ],
  ['deleteOne {_id}', (c, id) => c.deleteOne({ _id: id })],
];

async function probe(handler: 'sqlite' | 'postgresql', tempDir: string) {
  const postgresUrl = new URL(`relata_probe_${Date.now()}`, postgresServer).href;
  const ferret = await startFerretDb(
    handler === 'sqlite'
      ? { handler, sqliteDir: join(tempDir, 'sqlite'), logFile: join(tempDir, 'sqlite.log') }
      : { handler, postgresUrl, logFile: join(tempDir, 'postgresql.log') },
  );
  const forget = stopOnExit(ferret);
  const client = await MongoClient.connect(ferret.uri);
  const rows: string[][] = [];
  try {
    const db = client.db('probe');
    for (const size of sizes) {
      const c = db.collection<Doc>(`size_${size}`);
      for (let start = 0; start < size; start += 1000) {
        const docs = [];
        for (let n = start; n < Math.min(size, start + 1000); n++)
          docs.push({ _id: `doc:${n}`, n, text: 'x'.repeat(300) });
        await c.insertMany(docs);
      }
      const row = [handler, String(size)];
      for (const [, operation] of operations) {
        const started = performance.now();
        for (let i = 0; i < samples; i++) await operation(c, `doc:${(i * 7919) % size}`, i);
        row.push(((performance.now() - started) / samples).toFixed(2));
      }
      rows.push(row);
      console.log(row.join('\t'));
    }
  } finally {
    await client.close();
    forget();
    await ferret.stop();
    if (handler === 'postgresql') dropPostgresDatabase(postgresUrl);
  }
  return rows;
}

const tempDir = await mkdtemp(join(tmpdir(), 'relata-probe-'));
try {
  console.log(['backend', 'docs', ...operations.map(([name]) => `${name} ms`)].join('\t'));
  await probe('sqlite', tempDir);
  await probe('postgresql', tempDir);
} finally {
  await rm(tempDir, { recursive: true, force: true });
}
