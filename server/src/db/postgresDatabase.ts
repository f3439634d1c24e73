/** Creating and dropping the PostgreSQL database a FerretDB serves, with the client programs. */
import { spawnSync } from 'node:child_process';

/**
 * Creates the database named in a PostgreSQL URL when it does not exist, with the
 * `psql` and `createdb` client programs.
 */
export function ensurePostgresDatabase(postgresUrl: string): void {
  const { database, maintenanceUrl } = parsePostgresUrl(postgresUrl);
  if (postgresDatabaseExists(database, maintenanceUrl)) return;
  const created = runPostgresTool('createdb', [`--maintenance-db=${maintenanceUrl}`, database]);
  // Someone else may have created it meanwhile.
  if (created.status !== 0 && !postgresDatabaseExists(database, maintenanceUrl)) {
    throw new Error(`Could not create PostgreSQL database ${database}: ${created.stderr.trim()}`);
  }
}

/** Drops the database named in a PostgreSQL URL, if it exists. */
export function dropPostgresDatabase(postgresUrl: string): void {
  const { database, maintenanceUrl } = parsePostgresUrl(postgresUrl);
  const dropped = runPostgresTool('dropdb', [
    '--if-exists',
    '--force',
    `--maintenance-db=${maintenanceUrl}`,
    database,
  ]);
  if (dropped.status !== 0) {
    throw new Error(`Could not drop PostgreSQL database ${database}: ${dropped.stderr.trim()}`);
  }
}

function parsePostgresUrl(postgresUrl: string): { database: string; maintenanceUrl: string } {
  const url = new URL(postgresUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  if (!database) throw new Error(`The PostgreSQL URL ${url.host} names no database.`);
  // Keep only what libpq understands; FerretDB accepts pool parameters psql would reject.
  const libpqParams = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'connect_timeout', 'host'];
  for (const key of [...url.searchParams.keys()]) {
    if (!libpqParams.includes(key)) url.searchParams.delete(key);
  }
  url.pathname = '/postgres';
  return { database, maintenanceUrl: url.href };
}

function postgresDatabaseExists(database: string, maintenanceUrl: string): boolean {
  const literal = `'${database.replaceAll("'", "''")}'`;
  const query = `SELECT 1 FROM pg_database WHERE datname = ${literal}`;
  const result = runPostgresTool('psql', ['-X', '-tA', '-d', maintenanceUrl, '-c', query]);
  if (result.status !== 0) {
    throw new Error(
      `Could not reach PostgreSQL to check database ${database}: ${result.stderr.trim()}`,
    );
  }
  return result.stdout.trim() === '1';
}

function runPostgresTool(program: string, args: string[]) {
  const result = spawnSync(program, args, { encoding: 'utf8', timeout: 30_000 });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? `${program} is not installed: install the PostgreSQL client programs (Debian: postgresql-client), or create the database yourself and pass createDatabase: false.`
        : `${program} failed: ${result.error.message}`,
    );
  }
  return result;
}
