/** The search envelope of `/v2` and a reader that follows its cursor to the end. */
import { requestJson } from './http';

/** Camunda's search answer: one page of items, the total, and the cursor after it. */
export interface SearchAnswer<T> {
  items: T[];
  page: { totalItems: number; endCursor?: string | null };
}

const PAGE_SIZE = 1_000;
/** A bound on what one view reads, so a runaway instance cannot hang the page. */
const MAX_ITEMS = 10_000;

/**
 * Every item a `/v2` search matches (up to 10,000), page by page after the cursor.
 *
 * @example
 * const rows = await searchAll<Variable>('/v2/variables/search', { filter: { processInstanceKey } });
 */
export async function searchAll<T>(
  path: string,
  body: { filter: Record<string, unknown>; sort?: { field: string; order: 'ASC' | 'DESC' }[] },
): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  do {
    const page: Record<string, unknown> = { limit: PAGE_SIZE, ...(after ? { after } : {}) };
    const answer: SearchAnswer<T> = await requestJson<SearchAnswer<T>>('POST', path, {
      json: { ...body, page },
    });
    all.push(...answer.items);
    after = answer.items.length === PAGE_SIZE ? (answer.page.endCursor ?? null) : null;
  } while (after && all.length < MAX_ITEMS);
  return all;
}
