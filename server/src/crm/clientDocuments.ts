/**
 * The stored shapes of a client and the pure steps between them: a merge patch applied to
 * a document, a revision projected into a row, a row shown as the API resource.
 */
import type { BuiltInClientField, CustomFieldDefinition } from '../../../schemas/crm';
import { pad } from '../db/collections';

/** A custom value: JSON scalars only (FerretDB rejects nested arrays; no field takes objects). */
export type CustomValue = string | number | boolean;

/** A client's full state, as every revision holds it. Dates are UTC ISO strings. */
export type ClientDocument = Partial<Record<BuiltInClientField, string>> & {
  name: string;
  /** Values by custom field name, including values of deleted fields (hidden, kept). */
  custom: Record<string, CustomValue>;
  archived: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
};

/** A row of `clients`: the projection of the latest revision. */
export type ClientRow = ClientDocument & { _id: string; rev: number };

export type ClientChange = 'create' | 'update' | 'archive';

/** A row of `clientRevisions`, inserted once; `_id` is `<clientId>:<rev>`. */
export interface ClientRevisionRow {
  _id: string;
  clientId: string;
  rev: number;
  change: ClientChange;
  /** JSON text of what the writer asked for (the body, for the audit trail). */
  patch: string;
  at: string;
  by: string;
  client: ClientDocument;
  /** the idempotency key of the side effect that wrote it (a process task), if any */
  effectKey?: string;
}

/** A write of client fields: built-ins and `custom`; `null` removes a value in a patch. */
export type ClientPatch = Partial<Record<BuiltInClientField, string | null>> & {
  custom?: Record<string, CustomValue | null>;
};

/** The client as the API shows it. */
export type ClientResource = Omit<ClientDocument, 'custom'> & {
  id: string;
  rev: number;
  custom: Record<string, CustomValue>;
};

/**
 * The `_id` of a revision: zero-padded, so a client's revisions sort in order.
 *
 * @example
 * revisionId('2251799813685249', 3); // '2251799813685249:0000000003'
 */
export function revisionId(clientId: string, rev: number): string {
  return `${clientId}:${pad(rev)}`;
}

/**
 * Applies a JSON merge patch (RFC 7386) of client fields: a value replaces, `null`
 * removes, and `custom` is merged key by key. The document given is not changed.
 *
 * @example
 * applyClientPatch(doc, { email: null, custom: { tier: 'gold' } });
 */
export function applyClientPatch(document: ClientDocument, patch: ClientPatch): ClientDocument {
  const next: Record<string, unknown> = { ...document, custom: { ...document.custom } };
  for (const [name, value] of Object.entries(patch)) {
    if (name === 'custom') continue;
    if (value === null) delete next[name];
    else if (value !== undefined) next[name] = value;
  }
  const custom = next.custom as Record<string, CustomValue>;
  for (const [name, value] of Object.entries(patch.custom ?? {})) {
    if (value === null) delete custom[name];
    else custom[name] = value;
  }
  return next as ClientDocument;
}

/** Whether the patch would change nothing. */
export function changesNothing(document: ClientDocument, patch: ClientPatch): boolean {
  const after = applyClientPatch(document, patch);
  return JSON.stringify(sorted(after)) === JSON.stringify(sorted(document));
}

function sorted(document: ClientDocument): unknown {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(document).sort()) {
    out[name] = (document as Record<string, unknown>)[name];
  }
  out.custom = Object.fromEntries(
    Object.entries(document.custom).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return out;
}

/** The `clients` row of a revision. */
export function projectionOf(revision: ClientRevisionRow): ClientRow {
  return { _id: revision.clientId, rev: revision.rev, ...revision.client };
}

/** The document alone, without the row's keys. */
export function documentOf(row: ClientRow): ClientDocument {
  const { _id, rev, ...document } = row;
  void _id;
  void rev;
  return { ...document, custom: { ...(document.custom ?? {}) } };
}

/** The custom values of the defined fields only: values of deleted fields stay hidden. */
export function visibleCustom(
  custom: Record<string, CustomValue> | undefined,
  fields: readonly CustomFieldDefinition[],
): Record<string, CustomValue> {
  const out: Record<string, CustomValue> = {};
  for (const field of fields) {
    const value = custom?.[field.name];
    if (value !== undefined) out[field.name] = value;
  }
  return out;
}

/** The document with hidden custom values left out, as it is validated. */
export function visibleDocument(
  document: ClientDocument,
  fields: readonly CustomFieldDefinition[],
): ClientDocument {
  return { ...document, custom: visibleCustom(document.custom, fields) };
}

/** A `clients` row as the API resource. */
export function toClientResource(
  row: ClientRow,
  fields: readonly CustomFieldDefinition[],
): ClientResource {
  const { _id, rev, ...document } = row;
  return { id: _id, rev, ...document, custom: visibleCustom(document.custom, fields) };
}
