import type { JobState } from '../../model/InstanceState';
import type { UserTaskJobResult, Variables } from '../../model/Command';
import type { Execution } from '../Execution';
import { raiseIncident } from '../incidents';
import { isActivatable, recordJob } from '../jobs';
import { stepElement } from '../stepElement';
import { setLocalVariables } from '../variables';
import { throwFrom } from '../throwEvents';
import { completeListenerJob } from '../executionListeners';
import { completeTaskListenerJob } from '../taskListeners';
import { accepted, reject, type CommandOutcome } from './CommandOutcome';

function findJob(
  exec: Execution,
  jobKey: number,
  verb: string,
): { job: JobState } | { outcome: CommandOutcome } {
  const job = exec.state.jobs[String(jobKey)];
  if (!job) {
    return {
      outcome: reject(
        'NOT_FOUND',
        `Expected to ${verb} job with key '${jobKey}', but no such job was found`,
      ),
    };
  }
  if (!isActivatable(exec, job)) {
    return {
      outcome: reject(
        'INVALID_STATE',
        `Expected to ${verb} job with key '${jobKey}', but it is in state 'FAILED' with an incident`,
      ),
    };
  }
  return { job };
}

export function completeJob(
  exec: Execution,
  jobKey: number,
  variables: Variables,
  result?: UserTaskJobResult,
): CommandOutcome {
  const found = findJob(exec, jobKey, 'complete');
  if ('outcome' in found) return found.outcome;
  const instance = exec.element(found.job.elementInstanceKey);
  if (!instance) return reject('NOT_FOUND', `the element of job '${jobKey}' is not active`);
  if (found.job.kind === 'TASK_LISTENER')
    return completeTaskListenerJob(exec, instance, found.job, variables, result);
  if (found.job.kind === 'EXECUTION_LISTENER') {
    completeListenerJob(exec, instance, found.job, variables);
    stepElement(exec, instance, 'LISTENER_DONE');
    return accepted;
  }
  instance.resultVariables = variables;
  if (!stepElement(exec, instance, 'WORK_DONE')) {
    delete instance.resultVariables;
    return reject(
      'INVALID_STATE',
      `Expected to complete job with key '${jobKey}', but its element is not waiting`,
    );
  }
  return accepted;
}

export function failJob(
  exec: Execution,
  command: {
    jobKey: number;
    retries: number;
    errorMessage: string;
    retryBackOff: number;
    variables: Variables;
  },
): CommandOutcome {
  const found = findJob(exec, command.jobKey, 'fail');
  if ('outcome' in found) return found.outcome;
  const { job } = found;
  const instance = exec.element(job.elementInstanceKey);
  if (!instance) return reject('NOT_FOUND', `the element of job '${job.key}' is not active`);
  job.retries = command.retries;
  job.errorMessage = command.errorMessage;
  job.status = 'FAILED';
  job.notBefore =
    command.retries > 0 && command.retryBackOff > 0 ? exec.now + command.retryBackOff : null;
  setLocalVariables(exec, instance.key, command.variables);
  if (command.retries <= 0) {
    const message = command.errorMessage || 'No more retries left.';
    raiseIncident(exec, instance, 'JOB_NO_RETRIES', message, 'JOB', job.key);
  }
  recordJob(exec, job, 'FAILED');
  return accepted;
}

export function updateJobRetries(exec: Execution, jobKey: number, retries: number): CommandOutcome {
  const job = exec.state.jobs[String(jobKey)];
  if (!job) {
    return reject(
      'NOT_FOUND',
      `Expected to update retries for job with key '${jobKey}', but no such job was found`,
    );
  }
  if (retries < 1) {
    return reject(
      'INVALID_ARGUMENT',
      `Expected retries to be greater than zero, but was ${retries}`,
    );
  }
  job.retries = retries;
  recordJob(exec, job, 'RETRIES_UPDATED');
  return accepted;
}

/**
 * A worker throws a BPMN error for its job: the nearest catcher takes it (an error
 * boundary event on the task, an error event subprocess around it, …). Uncaught, the job
 * waits on an `UNHANDLED_ERROR_EVENT` incident; resolving it makes the job activatable.
 */
export function throwJobError(
  exec: Execution,
  command: { jobKey: number; errorCode: string; errorMessage: string; variables: Variables },
): CommandOutcome {
  const found = findJob(exec, command.jobKey, 'throw an error for');
  if ('outcome' in found) return found.outcome;
  const { job } = found;
  const instance = exec.element(job.elementInstanceKey);
  if (!instance) return reject('NOT_FOUND', `the element of job '${job.key}' is not active`);
  if (job.kind === 'EXECUTION_LISTENER' || job.kind === 'TASK_LISTENER') {
    const listener = job.kind === 'TASK_LISTENER' ? 'task listener' : 'execution listener';
    return reject(
      'INVALID_STATE',
      `Expected to throw an error for job with key '${job.key}', but it is ${job.kind === 'TASK_LISTENER' ? 'a' : 'an'} ${listener} job; ${listener}s cannot throw BPMN errors`,
    );
  }
  job.status = 'ERROR_THROWN';
  job.errorCode = command.errorCode;
  job.errorMessage = command.errorMessage;
  // The job ends by its error, not by the termination of its task when that is caught.
  delete exec.state.jobs[String(job.key)];
  delete instance.jobKey;
  const thrown = throwFrom(exec, instance, {
    kind: 'error',
    code: command.errorCode,
    message: command.errorMessage,
    variables: command.variables,
  });
  if (!thrown.ok) {
    exec.state.jobs[String(job.key)] = job;
    instance.jobKey = job.key;
    raiseIncident(exec, instance, thrown.errorType, thrown.message, 'JOB', job.key);
  }
  recordJob(exec, job, 'ERROR_THROWN');
  return accepted;
}
