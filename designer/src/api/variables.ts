/** Variables of one process instance, in every scope: `POST /v2/variables/search`. */
import { searchAll } from './searchAll';

/** A variable in Camunda's 8.9 shape; `value` is its JSON text. */
export interface Variable {
  variableKey: string;
  name: string;
  value: string;
  scopeKey: string;
  processInstanceKey: string;
}

/**
 * The variables of the process instance, by name.
 *
 * @example
 * const variables = await variablesOf(processInstanceKey);
 */
export function variablesOf(processInstanceKey: string): Promise<Variable[]> {
  return searchAll<Variable>('/v2/variables/search', {
    filter: { processInstanceKey },
    sort: [{ field: 'name', order: 'ASC' }],
  });
}
