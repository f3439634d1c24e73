import { inject } from 'vitest';

export interface Backend {
  /** The storage under FerretDB; with MONGODB_URI set, both point at that server. */
  name: 'sqlite' | 'postgresql';
  uri: string;
}

/**
 * The databases every integration test runs against, as started by globalSetup.ts.
 *
 * @example
 * describe.each(backends())('on $name', ({ uri }) => { ... });
 */
export function backends(): Backend[] {
  return [
    { name: 'sqlite', uri: inject('mongoUriSqlite') },
    { name: 'postgresql', uri: inject('mongoUriPostgres') },
  ];
}

let issued = 0;

/**
 * A database name no other test file (or earlier run) uses, so tests sharing one
 * FerretDB never see each other's data. FerretDB allows `[a-zA-Z0-9_-]{1,63}`.
 *
 * @example
 * const db = client.db(freshDbName('commits'));
 */
export function freshDbName(prefix: string): string {
  const unique = `${Date.now().toString(36)}${process.pid.toString(36)}${(issued++).toString(36)}`;
  const safePrefix = prefix.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 62 - unique.length);
  return `${safePrefix}_${unique}`;
}
