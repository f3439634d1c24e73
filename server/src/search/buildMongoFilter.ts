import type { Document, Filter } from 'mongodb';
import { fieldOf, SEARCH_LIMITS, type ResolvedSearchSpec } from './SearchSpec';
import { pointerTo, type SearchIssues } from './SearchQueryError';
import { buildFieldCondition } from './buildFieldCondition';
import { describeJson, isPlainObject } from './scanBody';

/** What an {@link ExtraFilter} gets besides the field's name and value. */
export interface ExtraFilterContext {
  /** JSON Pointer of the property, e.g. `/filter/processInstanceVariables`. */
  pointer: string;
  /** Report problems here; they are thrown together with all others. */
  issues: SearchIssues;
}

/**
 * Handles a filter property the spec does not declare (e.g. `variables`, `tags`): returns
 * clauses to AND in, or undefined to ignore the property. It is called inside `$or` branches too.
 */
export type ExtraFilter = (
  field: string,
  value: unknown,
  context: ExtraFilterContext,
) => Filter<Document> | undefined;

export interface FilterOptions {
  extraFilter?: ExtraFilter;
}

/**
 * Translates a Camunda search `filter` object into a MongoDB filter. Declared fields become
 * clauses on their stored columns; unknown fields are ignored (the API asks for leniency);
 * names that start with `$` other than an allowed `$or` are errors, so no operator of the
 * client's choosing reaches the database.
 */
export function buildMongoFilter(
  raw: unknown,
  spec: ResolvedSearchSpec,
  issues: SearchIssues,
  options: FilterOptions = {},
  pointer = '/filter',
): Filter<Document> {
  if (raw === null || raw === undefined) return {};
  if (!isPlainObject(raw)) {
    issues.report(pointer, `The filter must be an object, got ${describeJson(raw)}.`);
    return {};
  }
  return andFilters(...buildClauses(raw, spec, issues, options, pointer, true));
}

function buildClauses(
  filter: Record<string, unknown>,
  spec: ResolvedSearchSpec,
  issues: SearchIssues,
  options: FilterOptions,
  pointer: string,
  topLevel: boolean,
): Filter<Document>[] {
  const clauses: Filter<Document>[] = [];
  for (const [name, value] of Object.entries(filter)) {
    const at = pointerTo(pointer, name);
    if (name === '$or') {
      const or = buildOr(value, spec, issues, options, at, topLevel);
      if (or) clauses.push(or);
      continue;
    }
    if (name.startsWith('$')) {
      issues.report(at, `'${name}' is not a filter field.`);
      continue;
    }
    if (value === null || value === undefined) continue;
    const field = fieldOf(spec, name);
    if (field) {
      const context = { pointer: at, label: `Filter '${name}'`, issues };
      clauses.push(...buildFieldCondition(field, spec.columns[name]!, value, context));
      continue;
    }
    const extra = options.extraFilter?.(name, value, { pointer: at, issues });
    if (extra && Object.keys(extra).length > 0) clauses.push(extra);
  }
  return clauses;
}

function buildOr(
  value: unknown,
  spec: ResolvedSearchSpec,
  issues: SearchIssues,
  options: FilterOptions,
  pointer: string,
  topLevel: boolean,
): Filter<Document> | undefined {
  const fail = (message: string): undefined => {
    issues.report(pointer, message);
    return undefined;
  };
  if (!spec.allowOr) return fail('This search does not support $or.');
  if (!topLevel) return fail('$or cannot be nested inside $or.');
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value))
    return fail(`$or takes an array of filters, got ${describeJson(value)}.`);
  if (value.length > SEARCH_LIMITS.maxOrBranches) {
    return fail(`$or takes at most ${SEARCH_LIMITS.maxOrBranches} filters.`);
  }
  if (value.length === 0) return undefined;
  const branches = value.map((branch: unknown, index) => {
    const at = pointerTo(pointer, index);
    if (!isPlainObject(branch)) {
      issues.report(at, `Each $or branch must be an object, got ${describeJson(branch)}.`);
      return {};
    }
    return andFilters(...buildClauses(branch, spec, issues, options, at, false));
  });
  // A branch without conditions matches everything, and so does the whole $or.
  return branches.some((branch) => Object.keys(branch).length === 0)
    ? undefined
    : { $or: branches };
}

/**
 * ANDs filters, dropping empty ones: none gives `{}`, one gives itself.
 *
 * @example
 * andFilters({}, { state: { $eq: 'CREATED' } }); // { state: { $eq: 'CREATED' } }
 */
export function andFilters(...filters: Filter<Document>[]): Filter<Document> {
  const nonEmpty = filters.filter((filter) => Object.keys(filter).length > 0);
  if (nonEmpty.length === 0) return {};
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  return { $and: nonEmpty };
}
