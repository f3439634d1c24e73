import type { Document, Filter } from 'mongodb';
import { resolveSearchSpec, type SearchSpec } from './SearchSpec';
import { SearchIssues } from './SearchQueryError';
import { andFilters, buildMongoFilter, type ExtraFilter } from './buildMongoFilter';
import { buildKeysetFilter } from './buildKeysetFilter';
import { buildSort, type SortKey } from './buildSort';
import { decodeCursor, type CursorValue } from './cursor';
import { parsePage, type PageMode } from './paging';
import { describeJson, isPlainObject, scanBody } from './scanBody';

export interface SearchRequestOptions {
  /** Handles filter properties the spec does not declare; see {@link ExtraFilter}. */
  extraFilter?: ExtraFilter;
  /** A condition the server adds (e.g. a scope), AND-ed into `filter` and `countFilter`. */
  baseFilter?: Filter<Document>;
}

/** What to ask MongoDB for one search request. */
export interface SearchPlan {
  /** The query filter: the client's filter AND the cursor's keyset condition. */
  filter: Filter<Document>;
  /** The client's filter alone, for `totalItems` (a count ignores the cursor). */
  countFilter: Filter<Document>;
  /** The order the client asked for, tie breaker last. Cursors follow this order. */
  sort: SortKey[];
  /** The order to query in: `sort`, reversed for `before` pages. Give it to `.sort()`. */
  mongoSort: Array<[column: string, direction: 1 | -1]>;
  skip: number;
  limit: number;
  /** True for `before` pages: reverse the fetched items before building the page result. */
  reverseItems: boolean;
  mode: PageMode;
  /** The decoded cursor, in cursor modes. */
  cursor: { mode: 'after' | 'before'; values: CursorValue[] } | null;
}

/**
 * Translates a Camunda search request body `{ filter?, sort?, page? }` into a MongoDB query
 * plan, reporting every problem at once in a {@link SearchQueryError}.
 *
 * @example
 * const plan = parseSearchRequest(
 *   { filter: { state: 'created' }, sort: [{ field: 'priority', order: 'desc' }], page: { limit: 10 } },
 *   userTaskSearchSpec,
 * );
 * const rows = await collection.find(plan.filter).sort(plan.mongoSort).skip(plan.skip)
 *   .limit(plan.limit).toArray();
 * if (plan.reverseItems) rows.reverse();
 * return buildPageResult(rows, plan, await collection.countDocuments(plan.countFilter));
 */
export function parseSearchRequest(
  body: unknown,
  searchSpec: SearchSpec,
  options: SearchRequestOptions = {},
): SearchPlan {
  const spec = resolveSearchSpec(searchSpec);
  const issues = new SearchIssues();
  const request = body === null || body === undefined ? {} : body;
  if (!isPlainObject(request)) {
    issues.report('', `The search request must be an object, got ${describeJson(request)}.`);
    issues.throwIfAny();
  }
  scanBody(request, '', issues);
  issues.throwIfAny();
  const { filter: rawFilter, sort: rawSort, page: rawPage } = request as Record<string, unknown>;
  const clientFilter = buildMongoFilter(rawFilter, spec, issues, options);
  const issuesBeforeSort = issues.count;
  const sort = buildSort(rawSort, spec, issues);
  const sortIsValid = issues.count === issuesBeforeSort;
  const page = parsePage(rawPage, spec, issues);
  let cursor: SearchPlan['cursor'] = null;
  // A cursor is checked against the sort, so a broken sort would only add a misleading problem.
  if (page.mode !== 'offset' && page.cursor !== undefined && sortIsValid) {
    const values = decodeCursor(page.cursor, sort, spec, page.cursorPointer!, issues);
    if (values) cursor = { mode: page.mode, values };
  }
  issues.throwIfAny();
  const countFilter = andFilters(options.baseFilter ?? {}, clientFilter);
  const reverseItems = page.mode === 'before';
  return {
    filter: cursor
      ? andFilters(countFilter, buildKeysetFilter(sort, cursor.values, cursor.mode))
      : countFilter,
    countFilter,
    sort,
    mongoSort: sort.map((key) => [key.column, reverseItems ? flip(key.direction) : key.direction]),
    skip: page.from,
    limit: page.limit,
    reverseItems,
    mode: page.mode,
    cursor,
  };
}

function flip(direction: 1 | -1): 1 | -1 {
  return direction === 1 ? -1 : 1;
}
