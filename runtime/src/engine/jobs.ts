/** Jobs of an instance: created when a job-worker element opens, closed when it is done. */
import type { ElementInstanceState, JobState } from '../model/InstanceState';
import type { JobRowState } from '../model/RuntimeRecord';
import type { Execution } from './Execution';

export function createJob(
  exec: Execution,
  instance: ElementInstanceState,
  type: string,
  retries: number,
  customHeaders: Record<string, string>,
  userTask: boolean,
): JobState {
  const job: JobState = {
    key: exec.nextKey(),
    type,
    elementInstanceKey: instance.key,
    elementId: instance.elementId,
    retries,
    customHeaders: { ...customHeaders },
    status: 'CREATED',
    errorMessage: null,
    notBefore: null,
    creationTime: exec.nowIso,
    userTask,
  };
  exec.state.jobs[String(job.key)] = job;
  instance.jobKey = job.key;
  recordJob(exec, job, 'CREATED');
  return job;
}

/** A job is activatable unless it waits on an incident. */
export function isActivatable(exec: Execution, job: JobState): boolean {
  return !Object.values(exec.state.incidents).some((incident) => incident.jobKey === job.key);
}

export function recordJob(exec: Execution, job: JobState, state: JobRowState) {
  const open = state === 'CREATED' || state === 'FAILED' || state === 'RETRIES_UPDATED';
  exec.records.push({
    kind: 'job',
    row: { ...job },
    state,
    activatable: open && job.retries > 0 && isActivatable(exec, job),
    endTime: open ? null : exec.nowIso,
  });
}

export function closeJob(exec: Execution, instance: ElementInstanceState) {
  endJob(exec, instance, 'COMPLETED');
}

export function cancelJob(exec: Execution, instance: ElementInstanceState) {
  endJob(exec, instance, 'CANCELED');
}

function endJob(exec: Execution, instance: ElementInstanceState, state: JobRowState) {
  if (instance.jobKey === undefined) return;
  const job = exec.state.jobs[String(instance.jobKey)];
  if (!job) return;
  delete exec.state.jobs[String(job.key)];
  recordJob(exec, job, state);
}
