import type { Document, Filter } from 'mongodb';
import { SEARCH_LIMITS } from './SearchSpec';
import { pointerTo, SearchIssues } from './SearchQueryError';
import { andFilters } from './buildMongoFilter';
import { buildFieldCondition } from './buildFieldCondition';
import { parseScalar } from './parseScalar';
import { describeJson, isPlainObject, scanBody } from './scanBody';

/** One `VariableValueFilterProperty`, translated for a lookup in the variables collection. */
export interface VariableValueFilter {
  name: string;
  /** A filter on the stored JSON text of the value (`valueColumn`), e.g. `{ value: { $eq: '"abc"' } }`. */
  valueFilter: Filter<Document>;
}

export interface VariableValueFilterOptions {
  /** Stored column of the JSON-serialised value; default `value`. */
  valueColumn?: string;
}

const STRING_FIELD = { kind: 'string' } as const;

/**
 * Validates a `VariableValueFilterProperty[]` (`[{ name, value: string | AdvancedStringFilter }]`,
 * values compared as JSON text: a string variable `abc` is matched by `"\"abc\""`). Problems
 * go to `issues` when given (to be thrown with the rest of a request); otherwise they are
 * thrown at once as a {@link SearchQueryError}.
 *
 * @example
 * parseVariableValueFilters([{ name: 'region', value: '"EU"' }], '/filter/variables');
 * // [{ name: 'region', valueFilter: { value: { $eq: '"EU"' } } }]
 */
export function parseVariableValueFilters(
  raw: unknown,
  pointer: string,
  issues?: SearchIssues,
  options: VariableValueFilterOptions = {},
): VariableValueFilter[] {
  const collector = issues ?? new SearchIssues();
  const result = collect(raw, pointer, collector, options.valueColumn ?? 'value');
  if (!issues) collector.throwIfAny();
  return result;
}

function collect(
  raw: unknown,
  pointer: string,
  issues: SearchIssues,
  valueColumn: string,
): VariableValueFilter[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.report(
      pointer,
      `Variable filters must be an array of { name, value }, got ${describeJson(raw)}.`,
    );
    return [];
  }
  if (raw.length > SEARCH_LIMITS.maxVariableFilters) {
    issues.report(
      pointer,
      `At most ${SEARCH_LIMITS.maxVariableFilters} variable filters are allowed.`,
    );
    return [];
  }
  const before = issues.count;
  scanBody(raw, pointer, issues);
  if (issues.count > before) return [];
  const filters: VariableValueFilter[] = [];
  raw.forEach((item: unknown, index) => {
    const at = pointerTo(pointer, index);
    if (!isPlainObject(item)) {
      issues.report(
        at,
        `Each variable filter must be an object { name, value }, got ${describeJson(item)}.`,
      );
      return;
    }
    const nameContext = { pointer: pointerTo(at, 'name'), label: 'Variable filter name', issues };
    const name =
      item.name === undefined ? undefined : parseScalar(STRING_FIELD, item.name, nameContext);
    if (item.name === undefined || name === '') {
      issues.report(nameContext.pointer, 'Variable filter name is required.');
    }
    const valueContext = {
      pointer: pointerTo(at, 'value'),
      label: `Variable filter '${typeof name === 'string' ? name : index}'`,
      issues,
    };
    if (item.value === null || item.value === undefined) {
      issues.report(valueContext.pointer, `${valueContext.label}: value is required.`);
      return;
    }
    const clauses = buildFieldCondition(STRING_FIELD, valueColumn, item.value, valueContext);
    if (typeof name === 'string') filters.push({ name, valueFilter: andFilters(...clauses) });
  });
  return filters;
}
