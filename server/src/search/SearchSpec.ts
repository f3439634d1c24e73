/**
 * What a resource lets clients search on: the API fields, how each is stored, what may be sorted.
 *
 * Only the fields listed here ever reach a MongoDB query, so a spec is also the whitelist that
 * keeps client input from naming stored fields or operators of its own choosing.
 */
import type { Document } from 'mongodb';

/** How a filter value is validated and compared. */
export type FieldKind =
  | 'string'
  | 'key' // LongKey: a string of digits, stored as a string
  | 'int' // safe integer, stored as a number
  | 'date' // RFC 3339 input, stored as an ISO string in UTC ('YYYY-MM-DDTHH:mm:ss.sssZ')
  | 'boolean'
  | 'enum' // accepted in any casing, stored in canonical upper case
  | 'stringArray'; // stored as an array of strings; a filter matches when the array contains the value

export interface FieldSpec {
  kind: FieldKind;
  /** Stored field name; defaults to the API name. */
  column?: string;
  /** Canonical (upper-case) values; required for `enum`. */
  enumValues?: readonly string[];
}

export interface SearchSpec {
  /** API field name → how it is stored. */
  fields: Readonly<Record<string, FieldSpec>>;
  /** API fields a client may sort by. */
  sortable: readonly string[];
  /** A unique API field appended to every sort so that paging is stable, e.g. `userTaskKey`. */
  tieBreaker: string;
  /** Whether the filter takes `$or: [ {...}, ... ]`. */
  allowOr?: boolean;
  /** Largest `page.limit`; default 10000. */
  maxLimit?: number;
  /** `page.limit` when none is given; default 100. */
  defaultLimit?: number;
}

/** Bounds on a search request (D7). */
export const SEARCH_LIMITS = {
  maxInValues: 1000,
  maxOrBranches: 50,
  maxSortFields: 10,
  maxVariableFilters: 50,
  maxStringLength: 8192,
  maxLikeWildcards: 8,
  maxCursorLength: 4096,
  maxNesting: 10,
  maxFrom: 2_147_483_647,
  maxLimit: 10_000,
  defaultLimit: 100,
} as const;

/** A spec with its defaults filled in and its API-field → column mapping spelled out. */
export interface ResolvedSearchSpec {
  fields: Readonly<Record<string, FieldSpec>>;
  /** API field → stored column, for every field of the spec. */
  columns: Readonly<Record<string, string>>;
  sortable: readonly string[];
  tieBreaker: string;
  allowOr: boolean;
  maxLimit: number;
  defaultLimit: number;
}

const resolved = new WeakMap<SearchSpec, ResolvedSearchSpec>();

/** The field spec of an API field, or undefined (never an inherited property). */
export function fieldOf(spec: Pick<SearchSpec, 'fields'>, apiField: string): FieldSpec | undefined {
  return Object.hasOwn(spec.fields, apiField) ? spec.fields[apiField] : undefined;
}

/** The stored column of an API field; throws for a field the spec does not declare. */
export function columnOf(spec: Pick<SearchSpec, 'fields'>, apiField: string): string {
  const field = fieldOf(spec, apiField);
  if (!field) throw new Error(`The search spec has no field '${apiField}'.`);
  return field.column ?? apiField;
}

/**
 * Reads the stored value of an API field from a stored document (a dotted column is a path).
 *
 * @example
 * valueOf({ key: '42' }, 'userTaskKey', { fields: { userTaskKey: { kind: 'key', column: 'key' } } }); // '42'
 */
export function valueOf(
  item: Document,
  apiField: string,
  spec: Pick<SearchSpec, 'fields'>,
): unknown {
  return readColumn(item, columnOf(spec, apiField));
}

/** Reads a stored column (a dotted column is a path of own properties). */
export function readColumn(item: Document, column: string): unknown {
  let value: unknown = item;
  for (const part of column.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part))
      return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Checks a spec once (a broken spec is a programming error) and fills in its defaults. */
export function resolveSearchSpec(spec: SearchSpec): ResolvedSearchSpec {
  const cached = resolved.get(spec);
  if (cached) return cached;
  const columns: Record<string, string> = {};
  for (const [name, field] of Object.entries(spec.fields)) {
    if (field.kind === 'enum' && !field.enumValues?.length) {
      throw new Error(`Search field '${name}' is an enum without enumValues.`);
    }
    columns[name] = field.column ?? name;
  }
  for (const name of [...spec.sortable, spec.tieBreaker]) {
    const field = fieldOf(spec, name);
    if (!field) throw new Error(`Sort field '${name}' is not a field of the search spec.`);
    if (field.kind === 'stringArray') throw new Error(`Sort field '${name}' is an array.`);
  }
  const maxLimit = spec.maxLimit ?? SEARCH_LIMITS.maxLimit;
  const defaultLimit = Math.min(spec.defaultLimit ?? SEARCH_LIMITS.defaultLimit, maxLimit);
  const result: ResolvedSearchSpec = {
    fields: spec.fields,
    columns,
    sortable: spec.sortable,
    tieBreaker: spec.tieBreaker,
    allowOr: spec.allowOr ?? false,
    maxLimit,
    defaultLimit,
  };
  resolved.set(spec, result);
  return result;
}
