/**
 * Incidents of the orchestration API (`/v2`): the open ones of an instance, resolution.
 *
 *   POST /v2/incidents/search            {filter} → { items, page }
 *   POST /v2/incidents/{key}/resolution           → 204 (the failed step runs again)
 */
import { request } from './http';
import { searchAll } from './searchAll';

/** An incident in Camunda's 8.9 shape (the fields the app reads). */
export interface Incident {
  incidentKey: string;
  processInstanceKey: string;
  errorType: string;
  errorMessage: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey: string | null;
  creationTime: string;
  state: 'ACTIVE' | 'MIGRATED' | 'PENDING' | 'RESOLVED' | 'UNKNOWN';
}

/**
 * The open incidents of the process instance, oldest first.
 *
 * @example
 * const open = await activeIncidentsOf(processInstanceKey);
 */
export function activeIncidentsOf(processInstanceKey: string): Promise<Incident[]> {
  return searchAll<Incident>('/v2/incidents/search', {
    filter: { processInstanceKey, state: 'ACTIVE' },
    sort: [{ field: 'creationTime', order: 'ASC' }],
  });
}

/**
 * Resolves the incident, so its step runs again. A job incident needs retries left on
 * its job first ({@link updateJobRetries}).
 */
export async function resolveIncident(incidentKey: string): Promise<void> {
  await request('POST', `/v2/incidents/${encodeURIComponent(incidentKey)}/resolution`, {
    json: {},
  });
}
