/**
 * The server's own job worker for the registered `crm.…` task types. It takes jobs
 * through the same activation and lease protocol as external workers (D3, D8), so a
 * job is worked by one process at a time and returns to the pool when a process dies
 * holding it; the side effect's idempotency key (the job key) makes the retry after
 * such a crash find the first effect instead of applying it twice.
 *
 *   activate(type) ──▶ lease ──▶ execute(task) ──▶ side effect (keyed) ──▶ job.complete
 *                                       └─ CrmTaskIncident ──▶ job.fail retries 0 ──▶ incident
 *                                       └─ other error ──▶ job.fail retries − 1, back-off
 */
import { localVariablesOf } from '../../../runtime/src';
import type { CrmDeps } from '../crm/crmRoutes';
import type { EngineCollections } from '../db/collections';
import type { EngineService } from '../engine/EngineService';
import type { ActivatedJob, JobService } from '../engine/JobService';
import { ProblemError } from '../http/ProblemError';
import type { DefinitionRepository } from '../storage/DefinitionRepository';
import { CrmTaskIncident, type CrmTask, type CrmTaskType } from './CrmTaskType';

export const CRM_WORKER_NAME = 'relata-crm';

export interface CrmTaskWorkerOptions {
  /** how long a lease lasts before the job returns to the pool (ms) */
  leaseMs: number;
  /** back-off before a job that failed for an unexpected reason is retried (ms) */
  retryBackOffMs: number;
}

const POLL_REQUEST_MS = 10_000;
/**
 * Jobs this process creates wake the worker at once, so it looks again only for jobs
 * other processes created (their own workers take those first) and for expired leases.
 */
const LOOK_AGAIN_MS = 2_000;
const BATCH = 8;

export class CrmTaskWorker {
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];
  /** Test hook: runs after the side effect, before the job is completed (the crash tests). */
  afterSideEffect: ((task: CrmTask) => Promise<void> | void) | null = null;

  constructor(
    private readonly types: readonly CrmTaskType[],
    private readonly deps: {
      jobs: JobService;
      engine: EngineService;
      definitions: DefinitionRepository;
      c: EngineCollections;
      crm: CrmDeps;
    },
    private readonly options: CrmTaskWorkerOptions,
  ) {}

  start() {
    this.loops = this.types.map((type) => this.loop(type));
  }

  async stop() {
    this.abort.abort();
    await Promise.all(this.loops);
  }

  private async loop(type: CrmTaskType) {
    const { signal } = this.abort;
    while (!signal.aborted) {
      try {
        const jobs = await this.deps.jobs.activate(
          {
            type: type.type,
            worker: CRM_WORKER_NAME,
            timeout: this.options.leaseMs,
            maxJobsToActivate: BATCH,
            fetchVariable: [],
            requestTimeout: POLL_REQUEST_MS,
            pollIntervalMs: LOOK_AGAIN_MS,
          },
          signal,
        );
        for (const job of jobs) {
          if (signal.aborted) break;
          await this.work(type, job);
        }
      } catch (error) {
        if (signal.aborted) break;
        console.error(`${CRM_WORKER_NAME}: activating ${type.type} failed`, error);
        await sleep(1_000, signal);
      }
    }
  }

  private async work(type: CrmTaskType, job: ActivatedJob) {
    const task = await this.taskOf(job);
    if (!task) return;
    let variables: Record<string, unknown>;
    try {
      variables = await type.execute(task, this.deps.crm);
    } catch (error) {
      await this.fail(job, error);
      return;
    }
    await this.afterSideEffect?.(task);
    await this.settle(job, () =>
      this.deps.engine.execute(job.processInstanceKey, {
        type: 'job.complete',
        jobKey: Number(job.jobKey),
        variables,
      }),
    );
  }

  private async fail(job: ActivatedJob, error: unknown) {
    const incident = error instanceof CrmTaskIncident;
    const message = error instanceof Error ? error.message : String(error);
    if (!incident) console.error(`${CRM_WORKER_NAME}: ${job.type} ${job.jobKey} failed`, error);
    await this.settle(job, () =>
      this.deps.engine.execute(job.processInstanceKey, {
        type: 'job.fail',
        jobKey: Number(job.jobKey),
        retries: incident ? 0 : Math.max(0, job.retries - 1),
        errorMessage: message,
        retryBackOff: incident ? 0 : this.options.retryBackOffMs,
        variables: {},
      }),
    );
  }

  /** Completion or failure; a job cancelled meanwhile (404/409) needs nothing more. */
  private async settle(job: ActivatedJob, command: () => Promise<unknown>) {
    try {
      await command();
    } catch (error) {
      if (error instanceof ProblemError && (error.status === 404 || error.status === 409)) return;
      console.error(`${CRM_WORKER_NAME}: settling ${job.type} ${job.jobKey} failed`, error);
    }
  }

  private async taskOf(job: ActivatedJob): Promise<CrmTask | null> {
    const loaded = await this.deps.engine.load(job.processInstanceKey);
    if (!loaded?.state.jobs[job.jobKey]) return null;
    const { state } = loaded;
    const definition = await this.deps.definitions.get(job.processDefinitionKey);
    const element = definition?.definition.elements[job.elementId];
    return {
      jobKey: job.jobKey,
      type: job.type,
      processInstanceKey: job.processInstanceKey,
      processDefinitionId: job.processDefinitionId,
      elementId: job.elementId,
      elementName: element?.name ?? null,
      clientId: state.clientId ?? null,
      inputs: localVariablesOf(state, Number(job.elementInstanceKey)),
      actingFor: await this.actingFor(job.processInstanceKey, loaded.startedBy),
      idempotencyKey: `job:${job.jobKey}`,
    };
  }

  /** The assignee of the instance's most recently completed user task, else its starter. */
  private async actingFor(processInstanceKey: string, startedBy: string | null) {
    const [last] = await this.deps.c.userTasks
      .find({ processInstanceKey, state: 'COMPLETED', assignee: { $type: 'string' } })
      .sort({ completionDate: -1 })
      .limit(1)
      .toArray();
    return (last?.assignee as string | undefined) ?? startedBy;
  }
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
