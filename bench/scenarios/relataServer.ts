/**
 * (c) Relata persisted on FerretDB: the real server stack of `startServer` (demo off,
 * its HTTP port open but idle), instances started through `EngineService.createInstance`
 * and an in-process worker that activates jobs through a `JobService` wired as startServer
 * wires its own (the server's connection, EngineService and clock; startServer does not
 * hand its instance out) and completes them with `EngineService.execute` (`job.complete`).
 * No HTTP on the path: the route would add one `jobs.findOne` per completion and express.
 *
 * To count the driver commands the stack sends, the one MongoClient `startServer`
 * opens is created with `monitorCommands` (MongoClient.connect is wrapped for that
 * call only); (d) counts its commands the same way, so both pay the same for it.
 */
import { MongoClient, type MongoClientOptions } from 'mongodb';
import { loadConfig } from '../../server/src/config';
import { engineCollections } from '../../server/src/db/collections';
import { JobService, type ActivationRequest } from '../../server/src/engine/JobService';
import { startServer, type RunningServer } from '../../server/src/startServer';
import type { DefinitionRecord } from '../../server/src/storage/DefinitionRepository';
import { DefinitionRepository } from '../../server/src/storage/DefinitionRepository';
import { DeploymentLog } from '../../server/src/storage/DeploymentLog';
import { KeyAllocator } from '../../server/src/storage/KeyAllocator';
import { CommandCounter, type Backend, type Scenario } from '../harness';
import { JOB_TYPE, relataXml } from '../processModel';
import { compileBenchProcess } from './relataMemory';

export interface ServerScenarioOptions {
  backend: Exclude<Backend, 'memory'>;
  /** mongodb://… URI of a database of its own */
  uri: string;
  /** instances in flight at once (and worker loops) */
  concurrency: number;
}

export async function relataServerScenario(options: ServerScenarioOptions): Promise<Scenario> {
  const counter = new CommandCounter();
  const { server, client } = await startServerWithMonitoredClient(options.uri);
  counter.attach(client);

  // Deploy as POST /v2/deployments does, on the server's own connection.
  const c = engineCollections(client.db());
  const definitions = new DefinitionRepository(c);
  const deployments = new DeploymentLog(c, definitions, new KeyAllocator(c));
  const xml = relataXml();
  const deployed = await deployments.deploy(
    [{ resourceName: 'bench-sequence.bpmn', xml, definition: await compileBenchProcess() }],
    new Date(server.engine.clock.now()).toISOString(),
  );
  const key = deployed.processes[0]!.processDefinitionKey;
  const definition = (await definitions.record(key)) as DefinitionRecord;

  const { engine } = server;
  const jobs = new JobService(c, engine, engine.clock);
  const activation: ActivationRequest = {
    type: JOB_TYPE,
    worker: 'bench-worker',
    timeout: 60_000,
    maxJobsToActivate: 1,
    fetchVariable: null,
    requestTimeout: 1_000,
  };

  async function run(count: number) {
    let started = 0;
    let ended = 0;
    let failure: unknown = null;
    const waiters = new Map<string, () => void>();
    const endedEarly = new Set<string>();
    const done = new AbortController();
    const instanceEnded = (instanceKey: string) => {
      ended++;
      if (ended === count) done.abort();
      const waiter = waiters.get(instanceKey);
      if (waiter) waiter();
      else endedEarly.add(instanceKey);
    };

    // Starters keep `concurrency` instances in flight ...
    const starter = async () => {
      while (started < count && failure === null) {
        started++;
        const { state } = await engine.createInstance(definition, {}, null);
        const instanceKey = String(state.processInstanceKey);
        if (endedEarly.delete(instanceKey)) continue;
        await new Promise<void>((resolve) => waiters.set(instanceKey, resolve));
        waiters.delete(instanceKey);
      }
    };
    // ... and as many workers activate and complete their jobs, as a job worker would.
    const worker = async () => {
      while (ended < count && failure === null) {
        const activated = await jobs.activate(activation, done.signal);
        for (const job of activated) {
          const { state } = await engine.execute(job.processInstanceKey, {
            type: 'job.complete',
            jobKey: Number(job.jobKey),
            variables: {},
          });
          if (state.state !== 'ACTIVE') instanceEnded(job.processInstanceKey);
        }
      }
    };
    const guard = (task: Promise<void>) =>
      task.catch((error) => {
        failure ??= error;
        done.abort();
        for (const waiter of waiters.values()) waiter();
      });
    const lanes = Math.max(1, Math.min(options.concurrency, count));
    await Promise.all([
      ...Array.from({ length: lanes }, () => guard(starter())),
      ...Array.from({ length: lanes }, () => guard(worker())),
    ]);
    if (failure !== null) throw failure;
  }

  return {
    id: 'c',
    label: 'Relata server stack on FerretDB',
    backend: options.backend,
    run,
    async hold(count) {
      engine.forget(); // drop the cached states of earlier runs
      // Waiting instances live in the database; the server keeps their latest state in
      // EngineService's cache (up to 5,000 instances), which is what this measures.
      for (let i = 0; i < count; i++) await engine.createInstance(definition, {}, null);
      return async () => engine.forget();
    },
    takeCounters: () => counter.take(),
    async close() {
      await server.close();
    },
  };
}

/** startServer, with `monitorCommands` on the one MongoClient it connects. */
async function startServerWithMonitoredClient(
  uri: string,
): Promise<{ server: RunningServer; client: MongoClient }> {
  const config = { ...loadConfig({}), port: 0, demo: false, adminPassword: null };
  const connect = MongoClient.connect;
  let client: MongoClient | undefined;
  MongoClient.connect = async (url: string, clientOptions?: MongoClientOptions) => {
    client = await connect.call(MongoClient, url, { ...clientOptions, monitorCommands: true });
    return client;
  };
  try {
    const server = await startServer(config, uri);
    if (!client) throw new Error('startServer connected no MongoClient');
    return { server, client };
  } finally {
    MongoClient.connect = connect;
  }
}
