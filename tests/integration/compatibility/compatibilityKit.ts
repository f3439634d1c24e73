/**
 * The pieces of the Camunda compatibility suite: one in-process Relata on SQLite, reached
 * only through the real `@camunda8/sdk` 8.8.13 — its legacy `CamundaRestClient` and its
 * Orchestration Cluster API client, each with a worker identity of its own — and probes
 * that look at an instance the way a Camunda user does in Operate: state, element
 * instances, variables, incidents and user tasks, all through the SDK's searches.
 */
import { fileURLToPath } from 'node:url';
import { Camunda8, type CamundaRestClient } from '@camunda8/sdk';
import { createCamundaClient } from '@camunda8/orchestration-cluster-api';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';

export const WAIT_MS = 15_000;

/** The path of a model under `models/`. */
export const modelPath = (file: string) =>
  fileURLToPath(new URL(`./models/${file}`, import.meta.url));

/** Calls `probe` until it returns a value, for at most `waitMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  waitMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + waitMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await pause(100);
  }
  throw new Error(`timed out after ${waitMs} ms waiting for ${what}`, { cause: last });
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a worker saw of one job. */
export interface SeenJob {
  jobKey: string;
  elementId: string;
  processInstanceKey: string;
  variables: Record<string, any>;
  customHeaders: Record<string, any>;
}

export interface ElementRow {
  elementId: string;
  type: string;
  state: string;
  hasIncident?: boolean;
}

type LegacyHandler = Parameters<CamundaRestClient['createJobWorker']>[0]['jobHandler'];
type OcaClient = ReturnType<typeof createCamundaClient>;
type OcaHandler = Parameters<OcaClient['createJobWorker']>[0]['jobHandler'];

export interface Compatibility {
  server: TestServer;
  /** the legacy CamundaRestClient, as the user `demo` */
  legacy: CamundaRestClient;
  /** the Orchestration Cluster API client, as the user `demo` */
  oca: ReturnType<Camunda8['getOrchestrationClusterApiClient']>;
  /** a job worker of the legacy client, as `demo-worker`; stopped by `stopWorkers` */
  legacyWorker(type: string, handler: LegacyHandler): SeenJob[];
  /** a job worker of the Orchestration Cluster API client, as `demo-worker` */
  ocaWorker(type: string, handler: OcaHandler): SeenJob[];
  /** activates one job of `type` through the Orchestration Cluster API, waiting for it */
  activateOne(type: string, waitMs?: number): Promise<ActivatedJob>;
  stopWorkers(): Promise<void>;
  /** cancels what a test left running, so its jobs reach no later test's worker */
  cancelActiveInstances(): Promise<void>;
  close(): Promise<void>;
  stateOf(processInstanceKey: string): Promise<string | undefined>;
  waitForState(processInstanceKey: string, state: string): Promise<void>;
  elements(processInstanceKey: string, elementId?: string): Promise<ElementRow[]>;
  /** the instance's root-scope variables, as values */
  rootVariables(processInstanceKey: string): Promise<Record<string, unknown>>;
}

export type ActivatedJob = Awaited<ReturnType<OcaClient['activateJobs']>>['jobs'][number];

const sdkConfig = (url: string, username: string, password: string) => ({
  ZEEBE_REST_ADDRESS: url,
  CAMUNDA_AUTH_STRATEGY: 'BASIC' as const,
  CAMUNDA_BASIC_AUTH_USERNAME: username,
  CAMUNDA_BASIC_AUTH_PASSWORD: password,
  CAMUNDA_TENANT_ID: '<default>',
  CAMUNDA_LOG_LEVEL: 'error' as const,
});

const byKey = (a: { elementInstanceKey: string }, b: { elementInstanceKey: string }) =>
  BigInt(a.elementInstanceKey) < BigInt(b.elementInstanceKey) ? -1 : 1;

/** Starts Relata and the SDK clients of the suite. */
export async function startCompatibility(): Promise<Compatibility> {
  const sqlite = backends()[0]!;
  const server = await startTestServer(databaseUri(sqlite.uri, freshDbName('camunda_models')), {
    // No recovery sweep, as in the SDK tests: it re-projects commits a request is still
    // projecting; crash recovery is not what this suite checks. Timers still fire.
    sweepIntervalMs: 3_600_000,
  });
  const c8 = new Camunda8(sdkConfig(server.url, 'demo', 'demo'));
  const workerC8 = new Camunda8(sdkConfig(server.url, 'demo-worker', 'demo-secret'));
  const legacy = c8.getCamundaRestClient();
  const legacyWorkers = workerC8.getCamundaRestClient();
  const oca = c8.getOrchestrationClusterApiClient();
  const ocaWorkers = createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: server.url,
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: 'demo-worker',
      CAMUNDA_BASIC_AUTH_PASSWORD: 'demo-secret',
      CAMUNDA_SDK_LOG_LEVEL: 'error',
    },
  });
  let running: Array<() => Promise<unknown>> = [];

  const seen = (job: any): SeenJob => ({
    jobKey: String(job.jobKey),
    elementId: String(job.elementId),
    processInstanceKey: String(job.processInstanceKey),
    variables: { ...job.variables },
    customHeaders: { ...job.customHeaders },
  });

  async function stopWorkers() {
    const stopping = running;
    running = [];
    await Promise.all(stopping.map((stop) => stop()));
  }

  async function stateOf(processInstanceKey: string) {
    const found = await legacy.searchProcessInstances({ filter: { processInstanceKey } });
    return found.items[0]?.state;
  }

  return {
    server,
    legacy,
    oca,
    legacyWorker(type, handler) {
      const jobs: SeenJob[] = [];
      const worker = legacyWorkers.createJobWorker({
        type,
        worker: `legacy-${type}`,
        timeout: 10_000,
        maxJobsToActivate: 5,
        pollIntervalMs: 100,
        jobHandler: (job, log) => {
          jobs.push(seen(job));
          return handler(job, log);
        },
      });
      running.push(() => worker.stop(5_000).catch(() => undefined));
      return jobs;
    },
    ocaWorker(type, handler) {
      const jobs: SeenJob[] = [];
      const worker = ocaWorkers.createJobWorker({
        jobType: type,
        workerName: `oca-${type}`,
        jobTimeoutMs: 10_000,
        maxParallelJobs: 5,
        pollTimeoutMs: 1_000,
        jobHandler: (job) => {
          jobs.push(seen(job));
          return handler(job);
        },
      });
      running.push(async () => worker.stop());
      return jobs;
    },
    activateOne(type, waitMs = WAIT_MS) {
      return until(
        `a ${type} job`,
        async () => {
          const { jobs } = await oca.activateJobs({
            type,
            worker: 'compatibility-test',
            timeout: 60_000,
            maxJobsToActivate: 1,
            requestTimeout: 500,
          });
          return jobs[0];
        },
        waitMs,
      );
    },
    stopWorkers,
    async cancelActiveInstances() {
      const active = await legacy.searchProcessInstances({
        filter: { state: 'ACTIVE' },
        page: { from: 0, limit: 100 },
      });
      for (const instance of active.items) {
        if (instance.parentProcessInstanceKey) continue;
        await legacy
          .cancelProcessInstance({ processInstanceKey: instance.processInstanceKey })
          .catch(() => undefined);
      }
    },
    async close() {
      await stopWorkers();
      // A cancelled long poll ends on the server within one activation attempt.
      await pause(300);
      await c8.closeAllClients();
      await workerC8.closeAllClients();
      await server.close();
    },
    stateOf,
    async waitForState(processInstanceKey, state) {
      let last: string | undefined;
      try {
        await until(`instance ${processInstanceKey} to be ${state}`, async () => {
          last = await stateOf(processInstanceKey);
          return last === state ? last : undefined;
        });
      } catch (error) {
        throw new Error(`${(error as Error).message}; it is ${last}`, { cause: error });
      }
    },
    async elements(processInstanceKey, elementId) {
      const found = await legacy.searchElementInstances({
        filter: { processInstanceKey, ...(elementId ? { elementId } : {}) },
        page: { from: 0, limit: 100 },
      } as any);
      return [...found.items].sort(byKey).map((item: any) => ({
        elementId: item.elementId,
        type: item.type,
        state: item.state,
        hasIncident: item.hasIncident,
      }));
    },
    async rootVariables(processInstanceKey) {
      const found = await legacy.searchVariables({
        filter: { processInstanceKey, scopeKey: processInstanceKey },
        page: { from: 0, limit: 100 },
      } as any);
      return Object.fromEntries(found.items.map((item) => [item.name, JSON.parse(item.value)]));
    },
  };
}
