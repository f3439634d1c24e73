/**
 * What every scenario offers the runner, and how it is measured: a warm-up that also
 * estimates the rate, a timed run of N instances sized to last about `targetSeconds`,
 * and the heap taken by M instances waiting at their first task.
 */

export type Backend = 'memory' | 'sqlite' | 'postgresql';

export interface Scenario {
  /** a, b, c or d, as in bench/README.md */
  id: string;
  label: string;
  backend: Backend;
  /** Runs `count` instances from start to end (each of its tasks completed). */
  run(count: number): Promise<void>;
  /**
   * Creates `count` instances that wait at their first task and keeps them alive;
   * the returned function lets them go. Absent when the scenario holds nothing.
   */
  hold?(count: number): Promise<() => Promise<void>>;
  /** Counts since the last call, for the table (for example driver commands). */
  takeCounters?(): Counters;
  close(): Promise<void>;
}

export interface Counters {
  /** MongoDB commands sent (all of them, background ones included) */
  commands: number;
  /** the same, by `<command> <collection>`: how many, and their summed round trips in ms */
  byCommand: Map<string, CommandStats>;
}

export interface CommandStats {
  count: number;
  ms: number;
}

export interface Sizing {
  /** a fixed N (BENCH_N), or undefined to size from the warm-up */
  fixedN: number | undefined;
  targetSeconds: number;
  warmupSeconds: number;
  /** instances the warm-up runs at least */
  minWarmup: number;
  minN: number;
  /** the timed run is cut into this many chunks, taken in turn by the scenarios of a group */
  chunks: number;
  /** instances for the heap measurement */
  heapInstances: number;
}

export interface ThroughputResult {
  n: number;
  seconds: number;
  perSecond: number;
  /** instances per second of each chunk, in order: a trend shows state that grows */
  chunkRates: number[];
  commandsPerInstance: number | null;
  byCommand: Map<string, CommandStats> | null;
}

/**
 * Measures a group of scenarios that are compared with each other: the first is the
 * subject. Its warm-up (JIT, connection pools, first key block) sizes N; every peer warms
 * up with as many instances and then runs the same N, so each starts from and grows to
 * the same amount of stored data. The timed run is cut into chunks taken in turn
 * (c, d, d', c, d, d', ...), so a machine that drifts (disk, other load) drifts for all.
 * Counters are taken per chunk, so one scenario's background work during another's chunk
 * is not counted.
 */
export async function measureGroup(
  scenarios: Scenario[],
  sizing: Sizing,
): Promise<ThroughputResult[]> {
  const [subject, ...peers] = scenarios;
  if (!subject) return [];
  const warmupStart = performance.now();
  let warmed = 0;
  let batch = 1;
  while (
    performance.now() - warmupStart < sizing.warmupSeconds * 1000 ||
    warmed < sizing.minWarmup
  ) {
    await subject.run(batch);
    warmed += batch;
    batch = Math.min(batch * 2, 64);
  }
  const warmupRate = warmed / ((performance.now() - warmupStart) / 1000);
  for (const peer of peers) await peer.run(warmed);

  const n = sizing.fixedN ?? Math.max(sizing.minN, Math.round(warmupRate * sizing.targetSeconds));
  const chunkCount = Math.max(1, Math.min(sizing.chunks, n));
  const chunkSizes = Array.from(
    { length: chunkCount },
    (_, i) => Math.floor((n * (i + 1)) / chunkCount) - Math.floor((n * i) / chunkCount),
  );
  const totals = scenarios.map(() => ({
    seconds: 0,
    chunkRates: [] as number[],
    commands: 0,
    byCommand: new Map<string, CommandStats>(),
  }));
  for (const size of chunkSizes) {
    for (const [index, scenario] of scenarios.entries()) {
      const total = totals[index]!;
      collectGarbage();
      scenario.takeCounters?.();
      const started = performance.now();
      await scenario.run(size);
      const seconds = (performance.now() - started) / 1000;
      total.seconds += seconds;
      total.chunkRates.push(size / seconds);
      const counters = scenario.takeCounters?.();
      if (!counters) continue;
      total.commands += counters.commands;
      for (const [name, stats] of counters.byCommand) {
        const sum = total.byCommand.get(name) ?? { count: 0, ms: 0 };
        total.byCommand.set(name, { count: sum.count + stats.count, ms: sum.ms + stats.ms });
      }
    }
  }
  return scenarios.map((scenario, index) => {
    const total = totals[index]!;
    const counted = scenario.takeCounters !== undefined;
    return {
      n,
      seconds: total.seconds,
      perSecond: n / total.seconds,
      chunkRates: total.chunkRates,
      commandsPerInstance: counted ? total.commands / n : null,
      byCommand: counted ? total.byCommand : null,
    };
  });
}

export interface HeapResult {
  instances: number;
  /** bytes of heap per waiting instance, or null without --expose-gc */
  bytesPerInstance: number | null;
}

export async function measureHeap(scenario: Scenario, instances: number): Promise<HeapResult> {
  if (!scenario.hold) return { instances: 0, bytesPerInstance: null };
  if (!hasGc()) return { instances, bytesPerInstance: null };
  // One small hold first, so lazily created structures are not charged to the measurement.
  await (
    await scenario.hold(Math.min(10, instances))
  )();
  const before = settledHeap();
  const release = await scenario.hold(instances);
  const after = settledHeap();
  await release();
  return { instances, bytesPerInstance: (after - before) / instances };
}

export function hasGc(): boolean {
  return typeof globalThis.gc === 'function';
}

function collectGarbage() {
  if (!hasGc()) return;
  for (let i = 0; i < 3; i++) globalThis.gc!();
}

function settledHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

interface MonitoredClient {
  on(event: 'commandStarted', listener: (event: StartedEvent) => void): unknown;
  on(event: 'commandSucceeded' | 'commandFailed', listener: (event: EndedEvent) => void): unknown;
}
interface StartedEvent {
  requestId: number;
  commandName: string;
  command: Record<string, unknown>;
}
interface EndedEvent {
  requestId: number;
  /** ms from sending the command to its answer */
  duration: number;
}

/**
 * Counts the driver commands of a MongoClient created with `monitorCommands: true`, by
 * command and collection, with their round-trip times (which overlap when commands run
 * in parallel, as a projection's bulk writes do).
 */
export class CommandCounter {
  private commands = 0;
  private byCommand = new Map<string, CommandStats>();
  private readonly inFlight = new Map<number, CommandStats>();

  attach(client: MonitoredClient): void {
    client.on('commandStarted', (event) => {
      this.commands++;
      const target = event.command[event.commandName];
      const name = `${event.commandName} ${typeof target === 'string' ? target : ''}`.trim();
      let stats = this.byCommand.get(name);
      if (!stats) this.byCommand.set(name, (stats = { count: 0, ms: 0 }));
      stats.count++;
      this.inFlight.set(event.requestId, stats);
    });
    const ended = (event: EndedEvent) => {
      const stats = this.inFlight.get(event.requestId);
      this.inFlight.delete(event.requestId);
      if (stats) stats.ms += event.duration;
    };
    client.on('commandSucceeded', ended);
    client.on('commandFailed', ended);
  }

  take(): Counters {
    const counters = { commands: this.commands, byCommand: this.byCommand };
    this.commands = 0;
    this.byCommand = new Map();
    return counters;
  }
}
