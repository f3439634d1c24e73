/** Runs a Camunda search request against one projected collection. */
import type { Collection, Document, Filter } from 'mongodb';
import {
  buildPageResult,
  parseSearchRequest,
  type SearchRequestOptions,
  type SearchSpec,
} from '../../search';

/** Internal fields of stored rows that never go out. */
const INTERNAL = [
  '_id',
  'seq',
  'projectedSeq',
  'startedBy',
  'hash',
  'xml',
  'compiled',
  'formId',
  'takenFlows',
];

export function publicFields<T extends Document>(doc: T): Document {
  const out: Document = { ...doc };
  for (const field of INTERNAL) delete out[field];
  if (typeof out.customHeaders === 'string') out.customHeaders = JSON.parse(out.customHeaders);
  return out;
}

export async function runSearch(
  collection: Collection<Document & { _id: string }>,
  body: unknown,
  spec: SearchSpec,
  options: SearchRequestOptions & { map?: (doc: Document) => Document } = {},
) {
  const plan = parseSearchRequest(body, spec, options);
  const rows = await collection
    .find(plan.filter as Filter<Document & { _id: string }>)
    .sort(plan.mongoSort)
    .skip(plan.skip)
    .limit(plan.limit)
    .toArray();
  if (plan.reverseItems) rows.reverse();
  const total = await collection.countDocuments(
    plan.countFilter as Filter<Document & { _id: string }>,
  );
  const page = buildPageResult(rows, plan, total);
  const map = options.map ?? publicFields;
  return { items: page.items.map((row) => map(row)), page: page.page };
}

export const andAll = (...filters: (Filter<Document> | undefined)[]): Filter<Document> => {
  const present = filters.filter((f): f is Filter<Document> => !!f && Object.keys(f).length > 0);
  if (present.length === 0) return {};
  if (present.length === 1) return present[0]!;
  return { $and: present };
};
