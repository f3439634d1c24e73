// Starts the databases of the integration project once per run (DESIGN.md D3): one
// FerretDB on SQLite and one on PostgreSQL, each on a free port. Test files keep
// apart by using databases of their own (see backends.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import {
  dropPostgresDatabase,
  startFerretDb,
  stopOnExit,
} from '../../server/src/db/FerretDbProcess';

/** The PostgreSQL server the tests use; its database name is replaced per run. */
const postgresServer = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MONGODB_URI;
  if (external) {
    project.provide('mongoUriSqlite', external);
    project.provide('mongoUriPostgres', external);
    return async () => {};
  }

  const tempDir = await mkdtemp(join(tmpdir(), 'relata-test-'));
  const postgresUrl = new URL(`relata_test_${process.pid}_${Date.now()}`, postgresServer).href;
  const started = await Promise.allSettled([
    startFerretDb({
      handler: 'sqlite',
      sqliteDir: join(tempDir, 'sqlite'),
      logFile: join(tempDir, 'ferretdb-sqlite.log'),
    }),
    startFerretDb({
      handler: 'postgresql',
      postgresUrl,
      logFile: join(tempDir, 'ferretdb-postgresql.log'),
    }),
  ]);
  const handles = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const forgets = handles.map((handle) => stopOnExit(handle));

  const teardown = async () => {
    forgets.forEach((forget) => forget());
    await Promise.all(handles.map((handle) => handle.stop()));
    try {
      dropPostgresDatabase(postgresUrl);
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  };

  const [sqlite, postgres] = started;
  if (sqlite?.status !== 'fulfilled' || postgres?.status !== 'fulfilled') {
    await teardown().catch(() => undefined); // the start failure is the news
    const reasons = started.flatMap((result) =>
      result.status === 'rejected' ? [result.reason] : [],
    );
    throw new AggregateError(reasons, `FerretDB did not start: ${reasons.join('; ')}`);
  }
  project.provide('mongoUriSqlite', sqlite.value.uri);
  project.provide('mongoUriPostgres', postgres.value.uri);
  return teardown;
}
