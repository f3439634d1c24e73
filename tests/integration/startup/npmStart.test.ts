// `npm start` as a user runs it (DESIGN.md D3): server/src/main.ts in a process of its
// own. Without MONGODB_URI it runs FerretDB on SQLite in RELATA_DATA_DIR, stops it on
// exit and clears one that a crash left behind; with MONGODB_URI it starts none.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDbName } from '../../support/backends';
import { Api, databaseUri, REPO } from '../../support/testServer';

const startTimeoutMs = 60_000;
const exitTimeoutMs = 15_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface MainProcess {
  child: ChildProcess;
  exited: Promise<Exit>;
  /** stdout and stderr, interleaved. */
  output(): string;
}

interface Relata extends MainProcess {
  url: string;
  api: Api;
  banner: string;
}

const running = new Set<ChildProcess>();
const tempDirs: string[] = [];

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await within(exitTimeoutMs, Promise.all([...running].map(exitOf)), 'servers to die');
  // A FerretDB serving one of this file's temp folders can only be this file's.
  for (const dir of tempDirs) for (const pid of ferretDbPidsServing(dir)) kill(pid, 'SIGKILL');
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('npm start without MONGODB_URI', () => {
  let dataDir: string;
  let relata: Relata;

  beforeAll(async () => {
    dataDir = await tempDir('start');
    relata = await startRelata({ RELATA_DATA_DIR: dataDir });
  });

  afterAll(() => relata && stop(relata));

  it('names the URL, the database and the demo users in its banner', () => {
    const port = new URL(relata.url).port;
    const { uri } = readPidFile(dataDir);
    expect(relata.banner).toContain(`  Relata is running at http://localhost:${port}\n`);
    expect(bannerField(relata.banner, 'Orchestration API')).toBe(`http://localhost:${port}/v2`);
    expect(bannerField(relata.banner, 'Database')).toBe(
      `FerretDB 1.24.2 on SQLite in ${join(dataDir, 'sqlite')} (${uri})`,
    );
    expect(demoLogins(relata.banner)).toEqual([
      'user demo / demo (admin)',
      'user admin / demo (admin)',
      'user analyst / demo (analyst)',
      'user staff / demo (staff)',
      'API client demo-worker / demo-secret (worker)',
    ]);
  });

  it('runs its FerretDB on that folder and records it in ferretdb.pid', () => {
    const recorded = readPidFile(dataDir);
    expect(recorded).toMatchObject({ ownerPid: relata.child.pid });
    expect(ferretDbPidsServing(dataDir)).toEqual([recorded.pid]);
    expect(existsSync(join(dataDir, 'sqlite', 'relata.sqlite'))).toBe(true);
  });

  it('answers GET /v2/topology for demo/demo', async () => {
    const topology = await relata.api.get('/topology');
    expect(topology.status).toBe(200);
    expect(topology.body).toMatchObject({ clusterSize: 1, brokers: [{ nodeId: 0 }] });
    expect((await relata.api.as('demo', 'wrong').get('/topology')).status).toBe(401);
  });

  it('keeps a waiting instance across a restart and stops FerretDB with the server', async () => {
    // given an instance waiting at its first user task
    const created = await relata.api.post('/process-instances', {
      processDefinitionId: 'complaint-handling',
    });
    expect(created.status).toBe(200);
    const key: string = created.body.processInstanceKey;

    // when the server is stopped
    await stop(relata);

    // then its FerretDB is gone with it
    expect(existsSync(join(dataDir, 'ferretdb.pid'))).toBe(false);
    await waitUntil(() => ferretDbPidsServing(dataDir).length === 0, 'FerretDB to stop');

    // and after a new start the instance still waits at that task
    relata = await startRelata({ RELATA_DATA_DIR: dataDir });
    const instance = await relata.api.get(`/process-instances/${key}`);
    expect(instance.status).toBe(200);
    expect(instance.body).toMatchObject({
      processDefinitionId: 'complaint-handling',
      state: 'ACTIVE',
    });
    const tasks = await relata.api.post('/user-tasks/search', {
      filter: { processInstanceKey: key },
    });
    expect(tasks.body.items).toMatchObject([
      { elementId: 'Task_RegisterComplaint', state: 'CREATED' },
    ]);
  });

  it('clears the FerretDB a crashed server left behind', async () => {
    // given a server killed outright, which leaves its FerretDB running
    const orphan = readPidFile(dataDir).pid;
    relata.child.kill('SIGKILL');
    await within(exitTimeoutMs, relata.exited, 'the killed server to exit');
    expect(ferretDbPidsServing(dataDir)).toEqual([orphan]);

    // when it is started again
    relata = await startRelata({ RELATA_DATA_DIR: dataDir });

    // then the orphan is gone and a new FerretDB serves the folder
    const recorded = readPidFile(dataDir);
    expect(recorded.pid).not.toBe(orphan);
    expect(recorded.ownerPid).toBe(relata.child.pid);
    expect(ferretDbPidsServing(dataDir)).toEqual([recorded.pid]);
    expect((await relata.api.get('/topology')).status).toBe(200);
  });

  it('refuses a second server on the folder while the first one runs', async () => {
    // given
    const ferretDbPid = readPidFile(dataDir).pid;

    // when
    const second = spawnMain({ RELATA_DATA_DIR: dataDir });
    const exit = await within(startTimeoutMs, second.exited, 'the second server to give up');

    // then
    expect(exit.code).toBe(1);
    expect(second.output()).toContain(
      `FerretDB (pid ${ferretDbPid}) started by the running process ${relata.child.pid} already serves this data`,
    );
    expect(ferretDbPidsServing(dataDir)).toEqual([ferretDbPid]);
    expect((await relata.api.get('/topology')).status).toBe(200);
  });
});

describe('npm start with RELATA_MODE=production', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await tempDir('production');
  });

  it('creates no demo users in an empty database', async () => {
    const relata = await startRelata({ RELATA_DATA_DIR: dataDir, RELATA_MODE: 'production' });
    try {
      expect(bannerField(relata.banner, 'Demo mode')).toBe('off');
      expect(relata.banner).not.toContain('Demo users');
      expect((await relata.api.get('/topology')).status).toBe(401);
      expect((await relata.api.as('admin', 'demo').get('/topology')).status).toBe(401);
    } finally {
      await stop(relata);
    }
  });

  it('creates the user admin with RELATA_ADMIN_PASSWORD when there are no users', async () => {
    const relata = await startRelata({
      RELATA_DATA_DIR: dataDir,
      RELATA_MODE: 'production',
      RELATA_ADMIN_PASSWORD: 'first-admin-secret',
    });
    try {
      const me = await relata.api.as('admin', 'first-admin-secret').get('/authentication/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'admin', roles: ['admin'] });
      expect((await relata.api.get('/topology')).status).toBe(401);
      expect(relata.banner).not.toContain('Demo users');
    } finally {
      await stop(relata);
    }
  });
});

describe('npm start with MONGODB_URI', () => {
  it('uses that database and starts no FerretDB', async () => {
    // given
    const mongoUri = databaseUri(inject('mongoUriSqlite'), freshDbName('npm_start'));
    const dataDir = await tempDir('external');
    const client = await MongoClient.connect(mongoUri);
    try {
      // when
      const relata = await startRelata({ MONGODB_URI: mongoUri, RELATA_DATA_DIR: dataDir });
      try {
        // then
        expect(bannerField(relata.banner, 'Database')).toBe(
          `MongoDB at ${mongoUri.replace(/\/\/[^@/]*@/, '//***@')}`,
        );
        expect(childCommands(relata.child.pid!).filter((cmd) => cmd.includes('ferretdb'))).toEqual(
          [],
        );
        expect(readdirSync(dataDir)).toEqual([]);
        expect((await relata.api.get('/topology')).status).toBe(200);
        expect(await client.db().listCollections().toArray()).not.toEqual([]);
      } finally {
        await stop(relata);
      }
    } finally {
      await client.db().dropDatabase();
      await client.close();
    }
  });
});

/** Runs `server/src/main.ts` as `npm start` does, on a free port, without MONGODB_URI unless given. */
function spawnMain(env: Record<string, string>): MainProcess {
  const { MONGODB_URI: _inherited, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO,
    env: { ...inherited, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = exitOf(child).finally(() => running.delete(child));
  return { child, exited, output: () => output };
}

/** Starts main.ts and resolves once it has printed its whole banner. */
async function startRelata(env: Record<string, string>): Promise<Relata> {
  const main = spawnMain(env);
  // The banner is one console.log: from "running at" to the first blank line.
  const bannerPattern = /\n {2}Relata is running at (http:\/\/localhost:\d+)\n[\s\S]*?\n\n/;
  const banner = new Promise<RegExpExecArray>((resolve, reject) => {
    const check = () => {
      const match = bannerPattern.exec(main.output());
      if (match) resolve(match);
    };
    main.child.stdout!.on('data', check);
    void main.exited.then((exit) =>
      reject(new Error(`main.ts exited (${exit.signal ?? exit.code})`)),
    );
  });
  try {
    const match = await within(startTimeoutMs, banner, 'the banner of main.ts');
    const url = match[1]!;
    return { ...main, url, api: new Api(url), banner: match[0] };
  } catch (error) {
    main.child.kill('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${main.output()}`);
  }
}

/** SIGTERM, as `kill` or a process manager sends it; bounded. */
async function stop(relata: MainProcess): Promise<void> {
  if (relata.child.exitCode !== null || relata.child.signalCode !== null) return;
  relata.child.kill('SIGTERM');
  await within(exitTimeoutMs, relata.exited, 'the server to stop on SIGTERM');
}

function exitOf(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** The value after `label:` on its banner line. */
function bannerField(banner: string, label: string): string | undefined {
  const line = banner.split('\n').find((text) => text.trimStart().startsWith(`${label}:`));
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** The lines under "Demo users:", with runs of spaces collapsed. */
function demoLogins(banner: string): string[] {
  const lines = banner.split('\n');
  const start = lines.indexOf('  Demo users:');
  if (start < 0) return [];
  return lines
    .slice(start + 1)
    .filter((line) => line.startsWith('    '))
    .map((line) => line.trim().replace(/\s+/g, ' '));
}

function readPidFile(dataDir: string): { pid: number; ownerPid: number; uri: string } {
  return JSON.parse(readFileSync(join(dataDir, 'ferretdb.pid'), 'utf8'));
}

/** Live FerretDB processes whose SQLite folder lies in `dir` (a zombie has no cmdline). */
function ferretDbPidsServing(dir: string): number[] {
  return processes()
    .filter(({ args }) => args[0]?.endsWith('/ferretdb') && args.some((arg) => arg.includes(dir)))
    .map(({ pid }) => pid);
}

/** The command lines of the direct children of `parentPid`. */
function childCommands(parentPid: number): string[] {
  return processes()
    .filter(({ ppid }) => ppid === parentPid)
    .map(({ args }) => args.join(' '));
}

function processes(): { pid: number; ppid: number; args: string[] }[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return args.length ? [{ pid: Number(name), ppid, args }] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function tempDir(purpose: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `relata-${purpose}-`));
  tempDirs.push(dir);
  return dir;
}

async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitUntil(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
