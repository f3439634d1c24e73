import type { FieldKind, ResolvedSearchSpec } from './SearchSpec';
import { fieldOf, SEARCH_LIMITS } from './SearchSpec';
import { pointerTo, type SearchIssues } from './SearchQueryError';
import { shorten } from './parseScalar';
import { describeJson, isPlainObject } from './scanBody';

/** One key of the requested order. */
export interface SortKey {
  /** API field name. */
  field: string;
  /** Stored column. */
  column: string;
  kind: FieldKind;
  /** 1 = ascending, -1 = descending. */
  direction: 1 | -1;
}

/**
 * Parses a Camunda `sort` array (`[{ field, order? }]`, order `ASC`/`DESC` in any casing,
 * default ASC) into sort keys, dropping repeated fields and always ending with the spec's
 * tie breaker (and nothing after it) so that the order is total and cursors are stable.
 */
export function buildSort(raw: unknown, spec: ResolvedSearchSpec, issues: SearchIssues): SortKey[] {
  const keys: SortKey[] = [];
  const add = (field: string, direction: 1 | -1): void => {
    // Keys after the (unique) tie breaker cannot change the order.
    if (keys.some((key) => key.field === field || key.field === spec.tieBreaker)) return;
    const kind = fieldOf(spec, field)!.kind;
    keys.push({ field, column: spec.columns[field]!, kind, direction });
  };
  if (raw !== null && raw !== undefined) {
    if (!Array.isArray(raw)) {
      issues.report(
        '/sort',
        `sort must be an array of { field, order }, got ${describeJson(raw)}.`,
      );
    } else if (raw.length > SEARCH_LIMITS.maxSortFields) {
      issues.report('/sort', `sort takes at most ${SEARCH_LIMITS.maxSortFields} fields.`);
    } else {
      raw.forEach((item: unknown, index) => {
        const parsed = parseSortItem(item, pointerTo('/sort', index), spec, issues);
        if (parsed) add(parsed.field, parsed.direction);
      });
    }
  }
  add(spec.tieBreaker, 1);
  return keys;
}

function parseSortItem(
  item: unknown,
  pointer: string,
  spec: ResolvedSearchSpec,
  issues: SearchIssues,
): { field: string; direction: 1 | -1 } | undefined {
  if (!isPlainObject(item)) {
    issues.report(pointer, `Each sort entry must be an object { field, order }.`);
    return undefined;
  }
  const { field, order } = item;
  let direction: 1 | -1 | undefined = 1;
  if (order !== null && order !== undefined) {
    const upper = typeof order === 'string' ? order.toUpperCase() : undefined;
    direction = upper === 'ASC' ? 1 : upper === 'DESC' ? -1 : undefined;
    if (direction === undefined) {
      const shown = typeof order === 'string' ? shorten(order) : describeJson(order);
      issues.report(pointerTo(pointer, 'order'), `Unknown sortOrder: ${shown}.`);
    }
  }
  if (field === null || field === undefined) {
    issues.report(pointerTo(pointer, 'field'), 'Sort field must not be null.');
    return undefined;
  }
  if (typeof field !== 'string' || !spec.sortable.includes(field)) {
    const shown = typeof field === 'string' ? shorten(field) : describeJson(field);
    issues.report(
      pointerTo(pointer, 'field'),
      `Unknown sortBy: ${shown}. Sortable fields: ${spec.sortable.join(', ')}.`,
    );
    return undefined;
  }
  return direction === undefined ? undefined : { field, direction };
}
