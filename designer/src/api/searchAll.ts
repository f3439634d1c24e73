/** The search envelope of `/v2` and a reader that follows its cursor to the end. */
import { requestJson } from './http';

/** Camunda's search answer: one page of items, the total, and the cursor after it. */
export interface SearchAnswer<T> {
  items: T[];
  page: { totalItems: number; endCursor?: string | null };
}

export interface SearchBody {
  filter?: Record<string, unknown>;
  sort?: { field: string; order: 'ASC' | 'DESC' }[];
}

export interface SearchBounds {
  /** Items asked for per request. */
  pageSize?: number;
  /** Where reading stops, so a runaway instance cannot hang the view. */
  maxItems?: number;
}

/**
 * Every item a `/v2` search matches (up to `maxItems`, 10,000 unless told), page by page
 * after the cursor.
 *
 * @example
 * const rows = await searchAll<Variable>('/v2/variables/search', { filter: { processInstanceKey } });
 */
export async function searchAll<T>(
  path: string,
  body: SearchBody,
  { pageSize = 1_000, maxItems = 10_000 }: SearchBounds = {},
): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  do {
    const page: Record<string, unknown> = { limit: pageSize, ...(after ? { after } : {}) };
    const answer: SearchAnswer<T> = await requestJson<SearchAnswer<T>>('POST', path, {
      json: { ...body, page },
    });
    all.push(...answer.items);
    after = answer.items.length === pageSize ? (answer.page.endCursor ?? null) : null;
  } while (after && all.length < maxItems);
  return all;
}
