/**
 * The monitor's URLs, so every view is linkable:
 *
 *   /monitor                                      all instances of all processes
 *   /monitor?process=<id>&version=<n>&state=<s>&from=<offset>   one process, filtered, paged
 *   /monitor?instance=<key>                       one instance
 */
import type { ProcessInstanceFilter } from '../../api/processInstances';

export const MONITOR_PATH = '/monitor';

/** The state chips of the instance list, each a filter of its own. */
export const STATE_FILTERS = ['active', 'incidents', 'completed', 'terminated'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

export interface ListQuery {
  process: string | null;
  version: number | null;
  state: StateFilter | null;
  from: number;
}

export function parseListQuery(query: URLSearchParams): ListQuery {
  const version = Number(query.get('version'));
  const from = Number(query.get('from'));
  const state = query.get('state');
  return {
    process: query.get('process') || null,
    version: Number.isInteger(version) && version > 0 ? version : null,
    state: STATE_FILTERS.find((filter) => filter === state) ?? null,
    from: Number.isInteger(from) && from > 0 ? from : 0,
  };
}

/** The URL of a list view; a change of process drops version, state and page unless given. */
export function listUrl(query: Partial<ListQuery>): string {
  const params = new URLSearchParams();
  if (query.process) params.set('process', query.process);
  if (query.process && query.version) params.set('version', String(query.version));
  if (query.state) params.set('state', query.state);
  if (query.from) params.set('from', String(query.from));
  const search = params.toString();
  return search ? `${MONITOR_PATH}?${search}` : MONITOR_PATH;
}

export function instanceUrl(processInstanceKey: string): string {
  return `${MONITOR_PATH}?${new URLSearchParams({ instance: processInstanceKey })}`;
}

/** The search filter of a state chip. */
export function stateFilter(state: StateFilter | null): ProcessInstanceFilter {
  switch (state) {
    case 'active':
      return { state: 'ACTIVE' };
    case 'incidents':
      return { state: 'ACTIVE', hasIncident: true };
    case 'completed':
      return { state: 'COMPLETED' };
    case 'terminated':
      return { state: 'TERMINATED' };
    default:
      return {};
  }
}

/** The search filter of a list view. */
export function listFilter(query: ListQuery): ProcessInstanceFilter {
  return {
    ...(query.process ? { processDefinitionId: query.process } : {}),
    ...(query.process && query.version ? { processDefinitionVersion: query.version } : {}),
    ...stateFilter(query.state),
  };
}
