// Starts one FerretDB on SQLite for the browser tests; each file uses a database of its
// own on it. With MONGODB_URI set, that server is used instead.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startFerretDb, stopOnExit } from '../../../server/src/db/FerretDbProcess';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MONGODB_URI;
  if (external) {
    project.provide('browserMongoUri', external);
    return async () => {};
  }
  const tempDir = await mkdtemp(join(tmpdir(), 'relata-browser-'));
  const ferret = await startFerretDb({
    handler: 'sqlite',
    sqliteDir: join(tempDir, 'sqlite'),
    logFile: join(tempDir, 'ferretdb.log'),
  });
  const forget = stopOnExit(ferret);
  project.provide('browserMongoUri', ferret.uri);
  return async () => {
    forget();
    await ferret.stop();
    await rm(tempDir, { recursive: true, force: true });
  };
}
