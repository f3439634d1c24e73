/** Element instances of one process instance: `POST /v2/element-instances/search`. */
import { searchAll } from './searchAll';

export type ElementInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** An element instance in Camunda's 8.9 shape (the fields the app reads). */
export interface ElementInstance {
  elementInstanceKey: string;
  processInstanceKey: string;
  elementId: string;
  elementName: string | null;
  type: string;
  state: ElementInstanceState;
  hasIncident: boolean;
  incidentKey: string | null;
  startDate: string;
  endDate: string | null;
}

/**
 * Every element instance of the process instance, in the order they started.
 *
 * @example
 * const history = await elementInstancesOf(processInstanceKey);
 */
export function elementInstancesOf(processInstanceKey: string): Promise<ElementInstance[]> {
  return searchAll<ElementInstance>('/v2/element-instances/search', {
    filter: { processInstanceKey },
    sort: [{ field: 'startDate', order: 'ASC' }],
  });
}
