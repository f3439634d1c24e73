/**
 * Retrying an incident as Camunda Operate does: a job incident first gets its job one
 * retry back (an incident cannot be resolved while its job has none), then the incident
 * is resolved and its step runs again.
 *
 *   job incident, retries 0 ──PATCH /v2/jobs/{key} {retries: 1}──▶ POST /v2/incidents/{key}/resolution
 */
import { resolveIncident, type Incident } from '../../api/incidents';
import { findJob, updateJobRetries } from '../../api/jobs';

/**
 * @example
 * await retryIncident(incident);
 */
export async function retryIncident(incident: Incident): Promise<void> {
  if (incident.jobKey) {
    const job = await findJob(incident.jobKey);
    if (job && job.retries <= 0) await updateJobRetries(incident.jobKey, 1);
  }
  await resolveIncident(incident.incidentKey);
}
