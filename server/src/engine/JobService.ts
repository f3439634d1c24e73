/**
 * Job activation for workers: long polling, leases claimed by insert. A job is leased
 * by inserting `<jobKey>:<leaseNo>` into `jobLeases`; the insert that fails lost the
 * job to another request or process, so two workers never hold one job (D3, D8).
 * A lease whose deadline passed on the shared clock makes the job activatable again.
 */
import { USER_TASK_HEADERS, visibleVariablesOf, type JobState } from '../../../runtime/src';
import {
  isDuplicateKey,
  pad,
  type ActivatableJob,
  type EngineCollections,
} from '../db/collections';
import type { EngineService } from './EngineService';
import type { SharedClock } from './SharedClock';
import { TENANT } from '../storage/rowDocuments';
import { listenerUserTask, type ListenerUserTask } from './listenerUserTask';

export interface ActivationRequest {
  type: string;
  worker: string;
  timeout: number;
  maxJobsToActivate: number;
  fetchVariable: string[] | null;
  /** ms to hold the request open when there is nothing to activate */
  requestTimeout: number;
  /**
   * How often to look again while waiting (ms). Jobs this process creates wake the wait
   * at once; the look-again finds jobs from other processes and expired leases.
   */
  pollIntervalMs?: number;
}

export interface ActivatedJob {
  jobKey: string;
  type: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  elementId: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  deadline: number;
  variables: Record<string, unknown>;
  tenantId: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  elementInstanceKey: string;
  kind: 'BPMN_ELEMENT' | NonNullable<JobState['kind']>;
  listenerEventType: 'UNSPECIFIED' | NonNullable<JobState['listenerEventType']>;
  /** task listener jobs: the user task as the listener sees it */
  userTask: ListenerUserTask | null;
  tags: string[];
  rootProcessInstanceKey: string;
}

const POLL_MS = 200;
const leaseId = (jobKey: string, leaseNo: number) => `${jobKey}:${pad(leaseNo, 8)}`;

export class JobService {
  constructor(
    private readonly c: EngineCollections,
    private readonly engine: EngineService,
    private readonly clock: SharedClock,
  ) {}

  async activate(request: ActivationRequest, signal?: AbortSignal): Promise<ActivatedJob[]> {
    const until = Date.now() + Math.max(0, request.requestTimeout);
    for (;;) {
      const jobs = await this.tryActivate(request);
      if (jobs.length > 0 || Date.now() >= until || signal?.aborted) {
        if (signal?.aborted && jobs.length > 0) await this.release(jobs);
        return signal?.aborted ? [] : jobs;
      }
      const poll = request.pollIntervalMs ?? POLL_MS;
      await this.waitForWork(request.type, Math.min(poll, until - Date.now()), signal);
    }
  }

  /** New lease deadline for an activated job (`PATCH /v2/jobs/{key}` with a timeout). */
  async extendLease(jobKey: string, timeout: number): Promise<void> {
    const deadline = this.clock.now() + timeout;
    await this.c.activatableJobs.updateOne({ _id: jobKey }, { $set: { deadline } });
    await this.c.jobs.updateOne(
      { _id: jobKey },
      { $set: { deadline: new Date(deadline).toISOString() } },
    );
  }

  private async tryActivate(request: ActivationRequest): Promise<ActivatedJob[]> {
    const now = this.clock.now();
    const candidates = await this.c.activatableJobs.find({ type: request.type }).toArray();
    const ready = candidates
      .filter((job) => !job.blocked && (job.notBefore ?? 0) <= now && (job.deadline ?? 0) <= now)
      .sort((a, b) => (a._id < b._id ? -1 : 1));
    const activated: ActivatedJob[] = [];
    for (const candidate of ready) {
      if (activated.length >= request.maxJobsToActivate) break;
      const job = await this.lease(candidate, request, now);
      if (job) activated.push(job);
    }
    return activated;
  }

  private async lease(candidate: ActivatableJob, request: ActivationRequest, now: number) {
    const leaseNo = (candidate.leaseNo ?? 0) + 1;
    const deadline = now + request.timeout;
    try {
      await this.c.jobLeases.insertOne({
        _id: leaseId(candidate._id, leaseNo),
        jobKey: candidate._id,
        deadline,
        worker: request.worker,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.repairLeaseRow(candidate);
      return null;
    }
    await this.c.activatableJobs.updateOne({ _id: candidate._id }, { $set: { leaseNo, deadline } });
    const loaded = await this.engine.load(candidate.processInstanceKey, { verify: true });
    const job = loaded?.state.jobs[candidate._id];
    if (!loaded || !job) {
      // Completed or cancelled since the row was read: the row is stale.
      await this.c.activatableJobs.deleteOne({ _id: candidate._id });
      return null;
    }
    const { state } = loaded;
    const all = visibleVariablesOf(state, job.elementInstanceKey);
    const variables: Record<string, unknown> = {};
    if (request.fetchVariable && request.fetchVariable.length > 0) {
      for (const name of request.fetchVariable) if (name in all) variables[name] = all[name];
    } else {
      Object.assign(variables, all);
    }
    await this.c.jobs.updateOne(
      { _id: candidate._id },
      {
        $set: {
          worker: request.worker,
          deadline: new Date(deadline).toISOString(),
          lastUpdateTime: new Date(now).toISOString(),
        },
      },
    );
    const formKey = job.kind === 'TASK_LISTENER' ? await this.formKeyOf(job) : null;
    const activated: ActivatedJob = {
      jobKey: candidate._id,
      type: job.type,
      processDefinitionId: state.processDefinitionId,
      processDefinitionVersion: state.processDefinitionVersion,
      elementId: job.elementId,
      customHeaders: formKey
        ? { ...job.customHeaders, [USER_TASK_HEADERS.formKey]: formKey }
        : job.customHeaders,
      worker: request.worker,
      retries: job.retries,
      deadline,
      variables,
      tenantId: TENANT,
      processInstanceKey: String(state.processInstanceKey),
      processDefinitionKey: String(state.processDefinitionKey),
      elementInstanceKey: String(job.elementInstanceKey),
      kind: job.kind ?? 'BPMN_ELEMENT',
      listenerEventType: job.listenerEventType ?? 'UNSPECIFIED',
      userTask: job.kind === 'TASK_LISTENER' ? listenerUserTask(job, formKey) : null,
      tags: [],
      rootProcessInstanceKey: String(
        state.parent?.rootProcessInstanceKey ??
          state.parent?.processInstanceKey ??
          state.processInstanceKey,
      ),
    };
    return activated;
  }

  /** The linked form's key of a task listener's user task (fixed when the task was created). */
  private async formKeyOf(job: JobState): Promise<string | null> {
    const userTaskKey = job.customHeaders[USER_TASK_HEADERS.userTaskKey];
    if (!userTaskKey) return null;
    const row = await this.c.userTasks.findOne(
      { _id: userTaskKey },
      { projection: { formKey: 1 } },
    );
    return typeof row?.formKey === 'string' ? row.formKey : null;
  }

  /** The row's lease number fell behind the lease log: bring it up to the latest lease. */
  private async repairLeaseRow(candidate: ActivatableJob) {
    let leaseNo = candidate.leaseNo ?? 0;
    let deadline = candidate.deadline ?? 0;
    for (;;) {
      const next = await this.c.jobLeases.findOne({ _id: leaseId(candidate._id, leaseNo + 1) });
      if (!next) break;
      leaseNo++;
      deadline = next.deadline;
    }
    await this.c.activatableJobs.updateOne({ _id: candidate._id }, { $set: { leaseNo, deadline } });
  }

  /** The client went away before it got its jobs: hand them back at once. */
  private async release(jobs: ActivatedJob[]) {
    for (const job of jobs)
      await this.c.activatableJobs.updateOne({ _id: job.jobKey }, { $set: { deadline: 0 } });
  }

  private waitForWork(type: string, ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.engine.events.off('job.activatable', onJob);
        stopClock();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const onJob = (jobType: string) => {
        if (jobType === type) done();
      };
      const timer = setTimeout(done, ms);
      this.engine.events.on('job.activatable', onJob);
      const stopClock = this.clock.onChange(done);
      signal?.addEventListener('abort', done);
    });
  }
}
