/**
 * Variable-value filters (`variables`, `processInstanceVariables`, `localVariables`):
 * each `{ name, value }` is looked up in the variables collection, and the search is
 * narrowed to the instances (or scopes) that have a matching variable.
 */
import type { Document, Filter } from 'mongodb';
import { parseVariableValueFilters } from '../../search';
import type { EngineCollections } from '../../db/collections';

export async function variableFilter(
  c: EngineCollections,
  body: unknown,
  field: string,
  by: { variableColumn: 'processInstanceKey' | 'scopeKey'; rowColumn: string },
): Promise<{ body: unknown; filter: Filter<Document> | undefined }> {
  if (!body || typeof body !== 'object') return { body, filter: undefined };
  const filter = (body as { filter?: Record<string, unknown> }).filter;
  if (!filter || typeof filter !== 'object' || !(field in filter))
    return { body, filter: undefined };
  const { [field]: raw, ...rest } = filter;
  const conditions = parseVariableValueFilters(raw, `/filter/${field}`);
  const sets: Set<string>[] = [];
  for (const { name, valueFilter } of conditions) {
    const rows = await c.variables
      .find({ name, ...valueFilter } as Filter<Document & { _id: string }>, {
        projection: { [by.variableColumn]: 1 },
      })
      .toArray();
    const found = new Set<string>(rows.map((row) => String(row[by.variableColumn])));
    sets.push(found);
  }
  const [first, ...others] = sets;
  const keys = first ? [...first].filter((key) => others.every((set) => set.has(key))) : null;
  return {
    body: { ...(body as object), filter: rest },
    filter: keys === null ? undefined : { [by.rowColumn]: { $in: keys } },
  };
}
