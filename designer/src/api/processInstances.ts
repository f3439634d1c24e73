/**
 * Process instances of the orchestration API (`/v2`): search with counts, one instance,
 * cancellation.
 *
 *   POST /v2/process-instances/search          {filter, sort, page} → { items, page }
 *   GET  /v2/process-instances/{key}                                → the instance
 *   POST /v2/process-instances/{key}/cancellation                   → 204
 */
import { request, requestJson } from './http';
import type { SearchAnswer } from './searchAll';

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** A process instance in Camunda's 8.9 shape (the fields the app reads). */
export interface ProcessInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionName: string | null;
  processDefinitionVersion: number;
  startDate: string;
  endDate: string | null;
  state: ProcessInstanceState;
  hasIncident: boolean;
  /** the instance whose call activity started this one */
  parentProcessInstanceKey: string | null;
  /** that call activity's element instance */
  parentElementInstanceKey: string | null;
}

/** The filter fields of the instance search the monitor uses. */
export interface ProcessInstanceFilter {
  processDefinitionId?: string;
  processDefinitionVersion?: number;
  state?: ProcessInstanceState;
  hasIncident?: boolean;
  parentProcessInstanceKey?: string;
}

/** One page of instances and how many match in all. */
export interface ProcessInstancePage {
  items: ProcessInstance[];
  totalItems: number;
}

const SEARCH_PATH = '/v2/process-instances/search';
const instancePath = (key: string) => `/v2/process-instances/${encodeURIComponent(key)}`;

/**
 * The instances matching `filter`, newest first, `limit` of them from offset `from`.
 *
 * @example
 * const { items, totalItems } = await searchProcessInstances({ state: 'ACTIVE' }, 0, 20);
 */
export async function searchProcessInstances(
  filter: ProcessInstanceFilter,
  from: number,
  limit: number,
): Promise<ProcessInstancePage> {
  const answer = await requestJson<SearchAnswer<ProcessInstance>>('POST', SEARCH_PATH, {
    json: { filter, sort: [{ field: 'startDate', order: 'DESC' }], page: { from, limit } },
  });
  return { items: answer.items, totalItems: answer.page.totalItems };
}

/** How many instances match `filter`. */
export async function countProcessInstances(filter: ProcessInstanceFilter): Promise<number> {
  const answer = await requestJson<SearchAnswer<ProcessInstance>>('POST', SEARCH_PATH, {
    json: { filter, page: { limit: 1 } },
  });
  return answer.page.totalItems;
}

/** One instance by its key. */
export function getProcessInstance(key: string): Promise<ProcessInstance> {
  return requestJson<ProcessInstance>('GET', instancePath(key));
}

/** Cancels a running instance: its open tasks and jobs are withdrawn. */
export async function cancelProcessInstance(key: string): Promise<void> {
  await request('POST', `${instancePath(key)}/cancellation`, { json: {} });
}
