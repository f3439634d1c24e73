/**
 * Camunda search requests (`POST …/search`) translated into MongoDB query plans, using only
 * the query operators FerretDB 1.24 and MongoDB share (D3).
 *
 *   body { filter, sort, page } ──parseSearchRequest(spec)──▶ SearchPlan
 *   SearchPlan ──(repository: find / sort / skip / limit, count)──▶ stored rows
 *   stored rows ──buildPageResult(plan)──▶ { items, page: { totalItems, cursors } }
 */
export type { FieldKind, FieldSpec, SearchSpec, ResolvedSearchSpec } from './SearchSpec';
export { SEARCH_LIMITS, columnOf, valueOf, readColumn, resolveSearchSpec } from './SearchSpec';
export type { SearchQueryIssue } from './SearchQueryError';
export { SearchQueryError, SearchIssues, pointerTo } from './SearchQueryError';
export type { SearchPlan, SearchRequestOptions } from './parseSearchRequest';
export { parseSearchRequest } from './parseSearchRequest';
export type { ExtraFilter, ExtraFilterContext, FilterOptions } from './buildMongoFilter';
export { buildMongoFilter, andFilters } from './buildMongoFilter';
export type { FilterOperator } from './buildFieldCondition';
export { OPERATORS_BY_KIND } from './buildFieldCondition';
export type { SortKey } from './buildSort';
export { buildSort } from './buildSort';
export type { PageMode, PageRequest } from './paging';
export type { CursorValue } from './cursor';
export { encodeCursor, decodeCursor } from './cursor';
export { buildKeysetFilter } from './buildKeysetFilter';
export type { PageResult } from './buildPageResult';
export { buildPageResult } from './buildPageResult';
export type { VariableValueFilter, VariableValueFilterOptions } from './parseVariableValueFilters';
export { parseVariableValueFilters } from './parseVariableValueFilters';
export { parseKeyParam } from './parseKeyParam';
export { likeToRegex, escapeRegex } from './likeToRegex';
export { normaliseDateTime } from './parseScalar';
