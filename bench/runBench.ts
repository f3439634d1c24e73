/**
 * `npm run bench`: a process of 10 service tasks in sequence, run N times by
 *   (a) Relata's pure runtime in memory,        (b) bpmn-engine in memory,
 *   (c) Relata's server stack on FerretDB,      (d) a raw driver loop of the same commands,
 * (c) and (d) on FerretDB over SQLite and over PostgreSQL, each started here and removed
 * at the end. Prints instances per second, heap per waiting instance and the ratios
 * a/b, c/b and c/d measured in this run (DESIGN.md §6): no timed assertions.
 *
 * Environment: BENCH_QUICK=1 (tiny N, a smoke run), BENCH_N (the same N everywhere),
 * BENCH_SECONDS (target length of each timed run, default 15), BENCH_HEAP_N (waiting
 * instances for the heap measurement), BENCH_CONCURRENCY (instances in flight in (c)
 * and (d), default 1), BENCH_BACKENDS (default `sqlite,postgresql`), BENCH_POSTGRES_URL
 * (default postgres://postgres@127.0.0.1:5432/), BENCH_SCENARIOS (default `a,b,c,d,d'`;
 * d' is (d) with the projection's bulk writes awaited one after another).
 *
 * Heap is measured after global.gc(): without --expose-gc this script runs itself
 * again as `node --expose-gc --import tsx bench/runBench.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  dropPostgresDatabase,
  startFerretDb,
  stopOnExit,
  type FerretDbHandle,
} from '../server/src/db/FerretDbProcess';
import { describeEnvironment, REPO, type BenchEnvironment } from './environment';
import {
  hasGc,
  measureHeap,
  measureGroup,
  type Backend,
  type CommandStats,
  type HeapResult,
  type Scenario,
  type Sizing,
  type ThroughputResult,
} from './harness';
import { TASKS } from './processModel';
import { bpmnEngineScenario } from './scenarios/bpmnEngine';
import { rawDriverScenario } from './scenarios/rawDriver';
import { relataMemoryScenario } from './scenarios/relataMemory';
import { relataServerScenario } from './scenarios/relataServer';

type DbBackend = Exclude<Backend, 'memory'>;

interface Settings {
  quick: boolean;
  sizing: { memory: Sizing; database: Sizing; bpmnEngine: Sizing };
  concurrency: number;
  backends: DbBackend[];
  scenarios: Set<string>;
  postgresServer: string;
}

interface Row {
  scenario: Scenario;
  throughput: ThroughputResult;
  heap: HeapResult;
}

if (!hasGc() && process.env.BENCH_REEXEC !== '1') {
  // Re-run with a collectable heap; the child does the work, this process only waits.
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)],
    { cwd: REPO, stdio: 'inherit', env: { ...process.env, BENCH_REEXEC: '1' } },
  );
  process.exit(child.status ?? 1);
} else {
  await main();
}

async function main() {
  const settings = readSettings(process.env);
  const postgresUrl = settings.backends.includes('postgresql')
    ? new URL(`relata_bench_${Date.now()}`, settings.postgresServer).href
    : null;
  const environment = describeEnvironment(postgresUrl);
  printEnvironment(environment, settings);

  const rows: Row[] = [];
  /** Measures scenarios compared with each other together (see measureGroup). */
  const measure = async (entries: [string, () => Promise<Scenario>][], sizing: Sizing) => {
    const scenarios: Scenario[] = [];
    try {
      for (const [id, make] of entries)
        if (settings.scenarios.has(id)) scenarios.push(await make());
      if (scenarios.length === 0) return;
      const names = scenarios.map((scenario) => `(${scenario.id})`).join(' ');
      log(
        `${names} ${scenarios[0]!.backend}: warming up, then ${sizing.chunks} chunk(s) in turn ...`,
      );
      const results = await measureGroup(scenarios, sizing);
      for (const [index, scenario] of scenarios.entries()) {
        const throughput = results[index]!;
        log(
          `(${scenario.id}) ${scenario.label}: ${fmt(throughput.perSecond, 1)} instances/s over ${throughput.n} instances`,
        );
        const heap = await measureHeap(scenario, sizing.heapInstances);
        rows.push({ scenario, throughput, heap });
      }
    } finally {
      for (const scenario of scenarios) await closeQuietly(scenario);
    }
  };

  await measure([['a', relataMemoryScenario]], settings.sizing.memory);
  await measure([['b', bpmnEngineScenario]], settings.sizing.bpmnEngine);

  const tempDir = await mkdtemp(join(tmpdir(), 'relata-bench-'));
  const failures: string[] = [];
  let postgresTouched = false;
  try {
    for (const backend of settings.backends) {
      try {
        // FerretDB logs the E11000s of the insert protocol as errors: keep them out of the table.
        const logFile = join(tempDir, `ferretdb-${backend}.log`);
        if (backend === 'postgresql') postgresTouched = true;
        const ferret = await startFerretDb(
          backend === 'sqlite'
            ? { handler: 'sqlite', sqliteDir: join(tempDir, 'sqlite'), port: 0, logFile }
            : { handler: 'postgresql', postgresUrl: postgresUrl!, port: 0, logFile },
        );
        const forget = stopOnExit(ferret);
        try {
          const options = { backend, concurrency: settings.concurrency };
          const uri = (name: string) => databaseUri(ferret, name);
          await measure(
            [
              ['c', () => relataServerScenario({ ...options, uri: uri('bench_server') })],
              ['d', () => rawDriverScenario({ ...options, uri: uri('bench_raw') })],
              // A diagnostic peer: (d) with the projection's bulk writes awaited one by one.
              [
                "d'",
                () =>
                  rawDriverScenario({
                    ...options,
                    uri: uri('bench_raw_sequential'),
                    sequentialProjection: true,
                  }),
              ],
            ],
            settings.sizing.database,
          );
        } finally {
          forget();
          await ferret.stop();
        }
      } catch (error) {
        // Report what ran; the exit code still says that a backend failed.
        failures.push(`${backend}: ${(error as Error).message}`);
        console.error(`bench: the ${backend} scenarios failed: ${(error as Error).stack}`);
      }
    }
  } finally {
    await rm(tempDir, { recursive: true, force: true });
    if (postgresUrl && postgresTouched) {
      try {
        dropPostgresDatabase(postgresUrl);
      } catch (error) {
        console.error(`bench: ${(error as Error).message}; drop it by hand.`);
      }
    }
  }

  printResults(rows, environment, settings);
  if (failures.length > 0) {
    console.error(
      `bench: failed on ${failures.map((failure) => failure.split(':')[0]).join(', ')}`,
    );
    process.exitCode = 1;
  }
  printResults(rows, environment, settings);
}

/**
 * Closes a scenario. Whatever the server logs to console.error while it shuts down (a
 * background sweep meeting its closed client, say) is summed up in one line.
 */
async function closeQuietly(scenario: Scenario) {
  const messages: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void messages.push(args);
  try {
    await scenario.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    console.error = original;
  }
  if (messages.length > 0) {
    const [first] = messages;
    const detail = first!.map((part) => (part instanceof Error ? part.name : String(part)));
    log(
      `(${scenario.id}) closing: ${messages.length} error message(s), first: ${detail.join(' ')}`,
    );
  }
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  const quick = env.BENCH_QUICK === '1';
  const fixedN = positiveInt(env, 'BENCH_N');
  const targetSeconds = positiveInt(env, 'BENCH_SECONDS') ?? 15;
  const heapN = positiveInt(env, 'BENCH_HEAP_N');
  const sizing = (quickN: number, heapInstances: number, quickHeap: number): Sizing => ({
    fixedN: fixedN ?? (quick ? quickN : undefined),
    targetSeconds,
    warmupSeconds: quick ? 0 : 3,
    minWarmup: quick ? 1 : 2,
    minN: 10,
    chunks: quick ? 1 : 5,
    heapInstances: heapN ?? (quick ? quickHeap : heapInstances),
  });
  const backends = (env.BENCH_BACKENDS ?? 'sqlite,postgresql')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const backend of backends) {
    if (backend !== 'sqlite' && backend !== 'postgresql')
      throw new Error(`BENCH_BACKENDS: unknown backend '${backend}' (sqlite, postgresql)`);
  }
  return {
    quick,
    sizing: {
      memory: sizing(200, 10_000, 200),
      bpmnEngine: sizing(10, 300, 20),
      database: sizing(3, 150, 20),
    },
    concurrency: positiveInt(env, 'BENCH_CONCURRENCY') ?? 1,
    backends: backends as DbBackend[],
    scenarios: new Set((env.BENCH_SCENARIOS ?? "a,b,c,d,d'").split(',').map((id) => id.trim())),
    postgresServer: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/',
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function databaseUri(ferret: FerretDbHandle, name: string): string {
  const url = new URL(ferret.uri);
  url.pathname = `/${name}`;
  return url.href;
}

function printEnvironment(environment: BenchEnvironment, settings: Settings) {
  const lines = [
    '',
    `Relata benchmark: start → ${TASKS} service tasks → end${settings.quick ? '  (BENCH_QUICK: smoke run, numbers are noise)' : ''}`,
    `  machine   ${environment.cpu} × ${environment.cores}, ${environment.memoryGiB} GiB, Node ${environment.node}`,
    `  runtime   xstate ${environment.xstate}, feelin ${environment.feelin}`,
    `  peer      bpmn-engine ${environment.bpmnEngine}`,
    `  database  FerretDB ${environment.ferretDb} on ${settings.backends
      .map((backend) =>
        backend === 'sqlite'
          ? `SQLite (${environment.sqlite})`
          : (environment.postgres ?? 'PostgreSQL'),
      )
      .join(' and on ')}; mongodb driver ${environment.mongodbDriver}`,
    `  load      ${settings.concurrency} instance(s) in flight in (c) and (d); heap after global.gc(); load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')} at start`,
    '',
  ];
  console.log(lines.join('\n'));
}

function printResults(rows: Row[], environment: BenchEnvironment, settings: Settings) {
  const backendName = (backend: Backend) =>
    backend === 'memory'
      ? 'memory'
      : backend === 'sqlite'
        ? 'FerretDB/SQLite'
        : `FerretDB/${environment.postgres ?? 'PostgreSQL'}`;
  const table = [
    [
      '',
      'scenario',
      'backend',
      'N',
      's',
      'inst/s',
      'first→last chunk',
      'ms/cmd',
      'cmds/inst',
      'heap/waiting',
    ],
    ...rows.map(({ scenario, throughput, heap }) => [
      scenario.id,
      scenario.label,
      backendName(scenario.backend),
      String(throughput.n),
      fmt(throughput.seconds, 1),
      fmt(throughput.perSecond, 1),
      `${fmt(throughput.chunkRates[0] ?? 0, 1)}→${fmt(throughput.chunkRates.at(-1) ?? 0, 1)}`,
      // an instance is 1 + TASKS engine commands (create, then one job.complete per task)
      fmt((throughput.seconds * 1000) / (throughput.n * (TASKS + 1)), 3),
      throughput.commandsPerInstance === null ? '—' : fmt(throughput.commandsPerInstance, 1),
      heap.bytesPerInstance === null
        ? '—'
        : `${fmt(heap.bytesPerInstance / 1024, 1)} KiB (M=${heap.instances})`,
    ]),
  ];
  console.log(
    `\nResults (load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')} at the end)\n`,
  );
  console.log(formatTable(table));

  const rate = (id: string, backend?: Backend) =>
    rows.find((row) => row.scenario.id === id && (!backend || row.scenario.backend === backend))
      ?.throughput.perSecond;
  const ratios = [['ratio', 'backend', 'value', 'meaning']];
  const a = rate('a');
  const b = rate('b');
  if (a && b) ratios.push(['a/b', 'memory', `${fmt(a / b, 2)}×`, 'pure runtime vs bpmn-engine']);
  for (const backend of settings.backends) {
    const c = rate('c', backend);
    const d = rate('d', backend);
    if (c && b)
      ratios.push([
        'c/b',
        backendName(backend),
        `${fmt(c / b, 2)}×`,
        'durable Relata vs bpmn-engine in memory',
      ]);
    if (c && d)
      ratios.push([
        'c/d',
        backendName(backend),
        `${fmt(c / d, 2)}×`,
        'durable Relata vs the raw driver floor',
      ]);
    const sequential = rate("d'", backend);
    if (sequential && d)
      ratios.push([
        "d'/d",
        backendName(backend),
        `${fmt(sequential / d, 2)}×`,
        'projection writes in sequence vs in parallel (raw)',
      ]);
  }
  console.log('\nRatios (same run; higher is faster for the numerator)\n');
  console.log(formatTable(ratios));

  const databaseRows = rows.filter((row) => row.throughput.byCommand);
  if (databaseRows.length > 0) {
    console.log(
      '\nDriver commands per instance: count, and summed round trips in ms (bulk writes overlap)\n',
    );
    const names = [
      ...new Set(databaseRows.flatMap((row) => [...row.throughput.byCommand!.keys()])),
    ].sort();
    const header = [
      'command',
      ...databaseRows.map((row) => `${row.scenario.id} ${row.scenario.backend}`),
    ];
    const cell = (count: number, ms: number) =>
      count === 0 ? '·' : `${fmt(count, 2)} ${fmt(ms, 1).padStart(6)} ms`;
    const perInstance = (row: Row, pick: (stats: CommandStats) => number) =>
      [...row.throughput.byCommand!.values()].reduce((sum, stats) => sum + pick(stats), 0) /
      row.throughput.n;
    const lines = names.map((name) => [
      name,
      ...databaseRows.map((row) => {
        const stats = row.throughput.byCommand!.get(name);
        return stats ? cell(stats.count / row.throughput.n, stats.ms / row.throughput.n) : '·';
      }),
    ]);
    lines.push(
      [
        'all commands',
        ...databaseRows.map((row) =>
          cell(
            perInstance(row, (stats) => stats.count),
            perInstance(row, (stats) => stats.ms),
          ),
        ),
      ],
      [
        'wall time per instance',
        ...databaseRows.map(
          (row) => `${fmt((row.throughput.seconds * 1000) / row.throughput.n, 1).padStart(6)} ms`,
        ),
      ],
    );
    console.log(formatTable([header, ...lines]));
  }
  console.log('');
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = (text: string) => /^[\d.,—·×→ ]+( KiB.*| ms)?$/.test(text);
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        numeric(cell) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function log(message: string) {
  console.log(`  ${new Date().toISOString().slice(11, 19)} ${message}`);
}
