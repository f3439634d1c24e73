import type { Variables } from '../../model/Command';
import type { Execution } from '../Execution';
import { raiseIncident, resolveIncident } from '../incidents';
import { requestCall } from '../callActivities';
import { requestDecision } from '../businessRules';
import { recordJob } from '../jobs';
import { retryTaskListeners } from '../taskListeners';
import { propagateVariables, setLocalVariables } from '../variables';
import { accepted, reject, type CommandOutcome } from './CommandOutcome';

export function setVariables(
  exec: Execution,
  elementInstanceKey: number,
  variables: Variables,
  local: boolean,
): CommandOutcome {
  const instance = exec.element(elementInstanceKey);
  if (!instance) {
    return reject(
      'NOT_FOUND',
      `Expected to set variables on element instance '${elementInstanceKey}', but it is not active`,
    );
  }
  if (local) setLocalVariables(exec, instance.key, variables);
  else propagateVariables(exec, instance.key, variables);
  return accepted;
}

/** Resolving re-runs the failed step: a job becomes activatable, an element step is retried. */
export function resolveIncidentCommand(exec: Execution, incidentKey: number): CommandOutcome {
  const incident = exec.state.incidents[String(incidentKey)];
  if (!incident) {
    return reject(
      'NOT_FOUND',
      `Expected to resolve incident with key '${incidentKey}', but no such incident was found`,
    );
  }
  if (incident.jobKey !== null) {
    const job = exec.state.jobs[String(incident.jobKey)];
    if (job && job.retries <= 0) {
      return reject(
        'INVALID_STATE',
        `Expected to resolve incident with key '${incidentKey}', but job '${job.key}' has no retries left; update its retries first`,
      );
    }
    resolveIncident(exec, incident);
    if (job) {
      job.notBefore = null;
      recordJob(exec, job, 'RETRIES_UPDATED');
    }
    return accepted;
  }
  resolveIncident(exec, incident);
  const instance = exec.element(incident.elementInstanceKey);
  if (!instance || incident.retry === 'JOB') return accepted;
  if (incident.retry === 'TASK_LISTENER') {
    retryTaskListeners(exec, instance);
    return accepted;
  }
  if (incident.retry === 'CALL') {
    // Ask again for the called instance or the decision (it may be deployed by now).
    const element = exec.elementDefinition(instance);
    const ask = element.behavior === 'businessRule' ? requestDecision : requestCall;
    const called = ask(exec, instance, element);
    if (!called.ok) raiseIncident(exec, instance, called.errorType, called.message, 'CALL', null);
    return accepted;
  }
  // Queued, not stepped here: the retried step counts against the budgets like any other.
  exec.enqueue(instance.key, incident.retry);
  return accepted;
}
