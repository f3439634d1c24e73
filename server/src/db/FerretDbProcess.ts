import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensurePostgresDatabase } from './postgresDatabase';

export { dropPostgresDatabase, ensurePostgresDatabase } from './postgresDatabase';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where `npm run setup` (scripts/setup.mjs) builds the embedded FerretDB. */
export const ferretDbBinary = resolve(repoRoot, 'tools/bin/ferretdb');

const host = '127.0.0.1';
const stopGraceMs = 5_000;
const stderrTailBytes = 8_192;

export interface FerretDbOptions {
  handler: 'sqlite' | 'postgresql';
  /** SQLite data folder, created when missing (default `<repo>/data`). */
  sqliteDir?: string;
  /** PostgreSQL URL; its database is created when missing (required for `postgresql`). */
  postgresUrl?: string;
  /** Create the PostgreSQL database with `psql`/`createdb` when it is missing (default true). */
  createDatabase?: boolean;
  /** TCP port on 127.0.0.1; 0 or undefined picks a free one. */
  port?: number;
  /** Records the child's pid, so a FerretDB orphaned by a crash is stopped on the next start. */
  pidFile?: string;
  /** Appends FerretDB's output here; without it, its stderr goes to this process's stderr. */
  logFile?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** How long to wait for FerretDB to accept connections (default 30 s). */
  startTimeoutMs?: number;
}

export interface FerretDbHandle {
  /** MongoDB connection string, for example `mongodb://127.0.0.1:27017/`. */
  readonly uri: string;
  readonly pid: number;
  readonly pidFile: string | undefined;
  /** Settles when the child exits, for whatever reason. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 5 s; removes the pid file. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts FerretDB as a child process and resolves once it accepts connections.
 *
 * @example
 * const ferret = await startFerretDb({ handler: 'sqlite', sqliteDir: './data', pidFile: './data/ferretdb.pid' });
 * stopOnExit(ferret);
 * await mongoose.connect(ferret.uri);
 */
export async function startFerretDb(options: FerretDbOptions): Promise<FerretDbHandle> {
  if (!existsSync(ferretDbBinary)) {
    throw new Error(`${ferretDbBinary} is missing: run \`npm run setup\` (needs Go 1.22+).`);
  }
  for (const file of [options.pidFile, options.logFile]) {
    if (file) mkdirSync(dirname(resolve(file)), { recursive: true });
  }
  const backendArgs = prepareBackend(options);
  if (options.pidFile) await stopOrphan(options.pidFile);

  // A free port found by the OS can be taken by someone else before FerretDB binds it: retry.
  const attempts = options.port ? 1 : 3;
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    try {
      return await launch(options, port, backendArgs);
    } catch (error) {
      const portTaken = error instanceof Error && /address already in use/i.test(error.message);
      if (!portTaken || attempt >= attempts) throw error;
    }
  }
}

function prepareBackend(options: FerretDbOptions): string[] {
  if (options.handler === 'sqlite') {
    const dir = resolve(options.sqliteDir ?? resolve(repoRoot, 'data'));
    mkdirSync(dir, { recursive: true });
    // FerretDB wants a file: URI of an existing folder, ending in '/'.
    return ['-sqlite-url', pathToFileURL(dir).href.replace(/\/?$/, '/')];
  }
  if (!options.postgresUrl) throw new Error('startFerretDb: postgresql needs a postgresUrl.');
  if (options.createDatabase ?? true) ensurePostgresDatabase(options.postgresUrl);
  return ['-postgresql-url', options.postgresUrl];
}

async function launch(
  options: FerretDbOptions,
  port: number,
  backendArgs: string[],
): Promise<FerretDbHandle> {
  const args = [
    '-listen-addr',
    `${host}:${port}`,
    '-handler',
    options.handler,
    ...backendArgs,
    '-log-level',
    options.logLevel ?? 'error',
  ];
  const child = spawn(ferretDbBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('close', (code, signal) => done({ code, signal })),
  );
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  void exited.then(() => log?.end());

  let stderrTail = '';
  let listening = false;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-stderrTailBytes);
    if (log) log.write(chunk);
    else if (listening) process.stderr.write(chunk.replace(/^(?=.)/gm, '[ferretdb] '));
  });
  const ready = new Promise<string>((done) => {
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      log?.write(chunk);
      if (listening) return;
      stdout += chunk;
      const uri = /ferretdb listening (mongodb:\/\/\S+)/.exec(stdout)?.[1];
      if (uri) {
        listening = true;
        done(uri);
      }
    });
  });

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const failure = new Promise<never>((_, fail) => {
    const describe = (what: string) =>
      new Error(`FerretDB (${options.handler}, port ${port}) ${what}.\n${stderrTail.trim()}`);
    child.once('error', (error) => fail(describe(`could not be started: ${error.message}`)));
    void exited.then(({ code, signal }) => fail(describe(`exited early (${signal ?? code})`)));
    timer = setTimeout(
      () => fail(describe(`did not accept connections in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  failure.catch(() => undefined); // it also rejects when the child exits after a good start

  let uri: string;
  try {
    uri = await Promise.race([ready, failure]);
    await Promise.race([waitForPort(port, failure), failure]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const pid = child.pid as number;
  if (options.pidFile) {
    await writeFile(options.pidFile, JSON.stringify({ pid, ownerPid: process.pid, uri }) + '\n');
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
        await exited;
        clearTimeout(killer);
      }
      if (options.pidFile) removePidFile(options.pidFile, pid);
    })());
  return { uri, pid, pidFile: options.pidFile, exited, stop };
}

/**
 * Stops FerretDB when this process exits or receives SIGINT/SIGTERM. On a signal this
 * process then exits, unless another listener of that signal takes care of it.
 * Returns a function that undoes the registration.
 *
 * @example
 * const ferret = await startFerretDb({ handler: 'sqlite' });
 * const forget = stopOnExit(ferret);
 */
export function stopOnExit(handle: FerretDbHandle): () => void {
  const onExit = () => {
    // Only synchronous work is possible here: signal the child and let it go.
    try {
      process.kill(handle.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    if (handle.pidFile) removePidFile(handle.pidFile, handle.pid);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void handle.stop().finally(() => {
      if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
    });
    forget();
  };
  const forget = () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  void handle.exited.then(forget);
  return forget;
}

async function stopOrphan(pidFile: string): Promise<void> {
  const recorded = readPidFile(pidFile);
  if (!recorded) return;
  const { pid, ownerPid } = recorded;
  if (pid && isFerretDb(pid)) {
    // A FerretDB whose owner still runs is no orphan: another server process uses it.
    if (ownerPid !== undefined && parentPid(pid) === ownerPid) {
      throw new Error(
        `FerretDB (pid ${pid}) started by the running process ${ownerPid} already serves this data (${pidFile}); connect to it through MONGODB_URI instead.`,
      );
    }
    await terminate(pid);
  }
  removePidFile(pidFile, pid);
}

function isFerretDb(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('ferretdb');
  } catch {
    return false;
  }
}

function parentPid(pid: number): number | undefined {
  try {
    // Field 4 of /proc/<pid>/stat, after the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

async function terminate(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return isFerretDb(pid);
    } catch {
      return false;
    }
  };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + stopGraceMs;
  while (alive() && Date.now() < deadline) await sleep(50);
  if (alive()) process.kill(pid, 'SIGKILL');
  for (let waited = 0; alive() && waited < stopGraceMs; waited += 20) await sleep(20);
}

function readPidFile(pidFile: string): { pid?: number; ownerPid?: number } | undefined {
  try {
    const text = readFileSync(pidFile, 'utf8').trim();
    if (/^\d+$/.test(text)) return { pid: Number(text) };
    const { pid, ownerPid } = JSON.parse(text) as Record<string, unknown>;
    return {
      pid: typeof pid === 'number' ? pid : undefined,
      ownerPid: typeof ownerPid === 'number' ? ownerPid : undefined,
    };
  } catch {
    return undefined; // no pid file, or an unreadable one
  }
}

function removePidFile(pidFile: string, pid: number | undefined): void {
  const recorded = readPidFile(pidFile);
  if (!recorded || (pid !== undefined && recorded.pid !== pid)) return;
  try {
    unlinkSync(pidFile);
  } catch {
    // already removed
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitForPort(port: number, failure: Promise<never>): Promise<void> {
  let failed = false;
  failure.catch(() => (failed = true));
  while (!failed) {
    const open = await new Promise<boolean>((done) => {
      const socket = createConnection({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (open) return;
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
