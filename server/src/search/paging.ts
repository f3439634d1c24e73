import type { ResolvedSearchSpec } from './SearchSpec';
import { SEARCH_LIMITS } from './SearchSpec';
import { pointerTo, type SearchIssues } from './SearchQueryError';
import { describeJson, isPlainObject } from './scanBody';

/** How a page is addressed: by offset, or after/before a cursor. */
export type PageMode = 'offset' | 'after' | 'before';

export interface PageRequest {
  mode: PageMode;
  /** Items to skip (offset mode; 0 with cursors). */
  from: number;
  limit: number;
  /** The raw `after`/`before` cursor, in cursor modes. */
  cursor?: string;
  /** JSON Pointer of the cursor, for messages about it. */
  cursorPointer?: string;
}

const CURSOR_CHARACTERS = /^[A-Za-z0-9_\-+/]+={0,2}$/;

/**
 * Parses a Camunda `page` object: `{ from?, limit? }`, `{ after, limit? }` or
 * `{ before, limit? }`. Offset and cursor styles cannot be mixed; limit is 1..maxLimit.
 */
export function parsePage(
  raw: unknown,
  spec: ResolvedSearchSpec,
  issues: SearchIssues,
): PageRequest {
  const page: PageRequest = { mode: 'offset', from: 0, limit: spec.defaultLimit };
  if (raw === null || raw === undefined) return page;
  if (!isPlainObject(raw)) {
    issues.report('/page', `page must be an object, got ${describeJson(raw)}.`);
    return page;
  }
  const { from, limit, after, before } = raw;
  if (limit !== null && limit !== undefined) {
    if (!isIntegerIn(limit, 1, spec.maxLimit)) {
      issues.report('/page/limit', `page.limit must be an integer from 1 to ${spec.maxLimit}.`);
    } else {
      page.limit = limit;
    }
  }
  if (from !== null && from !== undefined) {
    if (!isIntegerIn(from, 0, SEARCH_LIMITS.maxFrom)) {
      issues.report(
        '/page/from',
        `page.from must be an integer from 0 to ${SEARCH_LIMITS.maxFrom}.`,
      );
    } else {
      page.from = from;
    }
  }
  const hasAfter = after !== null && after !== undefined;
  const hasBefore = before !== null && before !== undefined;
  if (hasAfter && hasBefore) {
    issues.report('/page/before', 'page.after and page.before cannot be combined.');
    return page;
  }
  if (!hasAfter && !hasBefore) return page;
  if (from !== null && from !== undefined) {
    issues.report('/page/from', 'page.from cannot be combined with page.after or page.before.');
  }
  const mode = hasAfter ? 'after' : 'before';
  const cursor = hasAfter ? after : before;
  const cursorPointer = pointerTo('/page', mode);
  if (
    typeof cursor !== 'string' ||
    cursor.length > SEARCH_LIMITS.maxCursorLength ||
    !CURSOR_CHARACTERS.test(cursor)
  ) {
    issues.report(cursorPointer, `page.${mode} must be a cursor returned by an earlier search.`);
    return page;
  }
  return { mode, from: 0, limit: page.limit, cursor, cursorPointer };
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
