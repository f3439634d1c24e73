/** Incidents: a step that failed waits, with the event to send again once resolved. */
import type {
  ElementInstanceState,
  IncidentErrorType,
  IncidentState,
  RetryEvent,
} from '../model/InstanceState';
import type { Execution } from './Execution';

export function raiseIncident(
  exec: Execution,
  instance: ElementInstanceState,
  errorType: IncidentErrorType,
  errorMessage: string,
  retry: RetryEvent,
  jobKey: number | null,
): IncidentState {
  const incident: IncidentState = {
    key: exec.nextKey(),
    elementInstanceKey: instance.key,
    elementId: instance.elementId,
    errorType,
    errorMessage,
    jobKey,
    creationTime: exec.nowIso,
    retry,
  };
  exec.state.incidents[String(incident.key)] = incident;
  instance.incidentKey = incident.key;
  exec.records.push({ kind: 'incident', row: { ...incident }, state: 'ACTIVE' });
  exec.recordElement(instance, 'ACTIVE');
  return incident;
}

export function resolveIncident(exec: Execution, incident: IncidentState) {
  delete exec.state.incidents[String(incident.key)];
  exec.records.push({ kind: 'incident', row: { ...incident }, state: 'RESOLVED' });
  const instance = exec.element(incident.elementInstanceKey);
  if (instance && instance.incidentKey === incident.key) {
    delete instance.incidentKey;
    exec.recordElement(instance, 'ACTIVE');
  }
}

/** An element that ends (terminated) takes its incidents with it. */
export function resolveElementIncidents(exec: Execution, instance: ElementInstanceState) {
  for (const incident of Object.values(exec.state.incidents)) {
    if (incident.elementInstanceKey === instance.key) resolveIncident(exec, incident);
  }
}

export function hasIncident(exec: Execution): boolean {
  return Object.keys(exec.state.incidents).length > 0;
}
