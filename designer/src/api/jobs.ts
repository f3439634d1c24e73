/**
 * Jobs of the orchestration API (`/v2`) as an operator sees them: one job's retries,
 * and setting them.
 *
 *   POST  /v2/jobs/search  {filter:{jobKey}}              → { items, page }
 *   PATCH /v2/jobs/{key}   {changeset:{retries}}          → 204
 */
import { request, requestJson } from './http';
import type { SearchAnswer } from './searchAll';

/** A job in Camunda's 8.9 shape (the fields the app reads). */
export interface Job {
  jobKey: string;
  type: string;
  state: string;
  retries: number;
  errorMessage: string | null;
  elementId: string;
  processInstanceKey: string;
}

/** One job by its key (the API offers no GET for jobs), or null when there is none. */
export async function findJob(jobKey: string): Promise<Job | null> {
  const answer = await requestJson<SearchAnswer<Job>>('POST', '/v2/jobs/search', {
    json: { filter: { jobKey }, page: { limit: 1 } },
  });
  return answer.items[0] ?? null;
}

/**
 * Gives the job `retries` more attempts.
 *
 * @example
 * await updateJobRetries(incident.jobKey, 1);
 */
export async function updateJobRetries(jobKey: string, retries: number): Promise<void> {
  await request('PATCH', `/v2/jobs/${encodeURIComponent(jobKey)}`, {
    json: { changeset: { retries } },
  });
}
