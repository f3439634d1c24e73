/**
 * The client model of one set of custom field definitions: write schemas, search spec and
 * date fields, compiled once per set (ajv compiles per schema object, so the objects are
 * kept). Definitions are read on every request, so all server processes agree at once.
 */
import { clientSchema, type CustomFieldDefinition } from '../../../schemas/crm';
import type { ExtraFilter, SearchSpec } from '../search';
import { clientExtraFilter, clientSearchSpec } from './clientSearchSpec';

export interface ClientModel {
  fields: readonly CustomFieldDefinition[];
  /** The whole (visible) document, required fields included. */
  createSchema: object;
  /** A JSON merge patch. */
  patchSchema: object;
  searchSpec: SearchSpec;
  extraFilter: ExtraFilter;
  /** Custom fields whose values are dates, normalised to UTC instants before storing. */
  dateFields: readonly string[];
}

const MAX_CACHED = 32;
const cache = new Map<string, ClientModel>();

/**
 * @example
 * const model = clientModelOf(await customFields.list());
 * validateCrmBody(model.patchSchema, req.body);
 */
export function clientModelOf(fields: readonly CustomFieldDefinition[]): ClientModel {
  const id = JSON.stringify(fields);
  const cached = cache.get(id);
  if (cached) {
    // Most recently used last, so the oldest is dropped first.
    cache.delete(id);
    cache.set(id, cached);
    return cached;
  }
  const model: ClientModel = {
    fields,
    createSchema: clientSchema(fields, 'create'),
    patchSchema: clientSchema(fields, 'patch'),
    searchSpec: clientSearchSpec(fields),
    extraFilter: clientExtraFilter(fields),
    dateFields: fields.filter((field) => field.type === 'date').map((field) => field.name),
  };
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(id, model);
  return model;
}
