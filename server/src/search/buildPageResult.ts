import type { Document } from 'mongodb';
import { encodeCursor } from './cursor';
import type { SearchPlan } from './parseSearchRequest';

/** The Camunda search response envelope, with the items still as stored documents. */
export interface PageResult<T> {
  items: T[];
  page: {
    totalItems: number;
    hasMoreTotalItems: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

/**
 * Wraps one page of stored documents in the search response envelope. `items` must be in the
 * order the client asked for (reverse the fetched rows first when `plan.reverseItems`); the
 * cursors are those of the first and last item, or null when there are none. Map the items to
 * API results afterwards: the cursors are read from their stored columns.
 *
 * @example
 * const result = buildPageResult(rows, plan, total);
 * return { ...result, items: result.items.map(toUserTaskResult) };
 */
export function buildPageResult<T extends Document>(
  items: T[],
  plan: Pick<SearchPlan, 'sort'>,
  totalItems: number,
): PageResult<T> {
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items,
    page: {
      totalItems,
      hasMoreTotalItems: false,
      startCursor: first === undefined ? null : encodeCursor(plan.sort, first),
      endCursor: last === undefined ? null : encodeCursor(plan.sort, last),
    },
  };
}
