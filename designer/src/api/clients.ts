/**
 * Client records of the CRM API (`/api`, M3): search, read, create, edit and archive,
 * the custom field definitions, and the interaction history of a client. Reads return
 * the client with its ETag; edits and the archive send it back in `If-Match`, so a
 * client changed elsewhere meanwhile is a 409 {@link ApiProblem}, never a lost update.
 *
 *   POST   /api/clients/search  {q, filter, sort, page}  → { items, page }
 *   GET    /api/clients/{id}                             → client + ETag
 *   POST   /api/clients                                  → 201 client + ETag | 400 errors[{pointer}]
 *   PATCH  /api/clients/{id}    If-Match, merge patch    → client + ETag | 400 | 409
 *   DELETE /api/clients/{id}    If-Match                 → the archived client
 *   GET    /api/fields                                   → { items: custom field definitions }
 *   GET    /api/clients/{id}/interactions                → { items } newest first
 *   POST   /api/clients/{id}/interactions {kind, summary} → 201 interaction | 400 errors[{pointer}]
 */
import type {
  BuiltInClientField,
  ClientKind,
  CustomFieldDefinition,
  InteractionKind,
  LifecycleStage,
} from '../../../schemas/crm';
import { request, requestJson } from './http';

/** A custom value as the server stores it: dates are UTC instants. */
export type CustomValue = string | number | boolean;

/** A client as `/api/clients` shows it. */
export interface Client {
  id: string;
  rev: number;
  name: string;
  kind?: ClientKind;
  email?: string;
  phone?: string;
  region?: string;
  industry?: string;
  segment?: string;
  lifecycleStage?: LifecycleStage;
  owner?: string;
  custom: Record<string, CustomValue>;
  archived: boolean;
  createdAt: string;
  createdBy?: string;
  updatedAt: string;
  updatedBy?: string;
}

/** A client with the ETag an edit has to send back. */
export interface ClientVersion {
  client: Client;
  etag: string;
}

/** A write: built-in fields and `custom`; in a patch `null` removes a value. */
export type ClientWrite = Partial<Record<BuiltInClientField, string | null>> & {
  custom?: Record<string, CustomValue | null>;
};

export interface ClientSearch {
  /** Case-insensitive prefix of the name or the email. */
  q?: string;
  /** The `/v2` filter grammar over client fields (`custom.<name>` for custom ones). */
  filter?: Record<string, unknown>;
  sort?: { field: string; order: 'ASC' | 'DESC' }[];
  page: { from: number; limit: number };
}

export interface ClientPage {
  items: Client[];
  page: { totalItems: number };
}

export type CustomField = CustomFieldDefinition & { createdAt?: string };

/** One entry of a client's history: a call, a mail, a note, a step of a process. */
export interface Interaction {
  id: string;
  kind: string;
  summary: string;
  who: string;
  at: string;
  processInstanceKey: string | null;
  processDefinitionId: string | null;
  elementId: string | null;
  taskName: string | null;
}

const CLIENTS = '/api/clients';

/**
 * One page of the clients that are not archived.
 *
 * @example
 * const { items, page } = await searchClients({ q: 'acme', page: { from: 0, limit: 25 } });
 */
export function searchClients(search: ClientSearch): Promise<ClientPage> {
  return requestJson<ClientPage>('POST', `${CLIENTS}/search`, { json: search });
}

/** The client and its ETag; a 404 {@link ApiProblem} when there is none. */
export async function getClient(id: string): Promise<ClientVersion> {
  return versionOf(await request('GET', clientPath(id)));
}

/** Creates a client; a 400 {@link ApiProblem} lists each bad field by JSON pointer. */
export async function createClient(body: ClientWrite): Promise<ClientVersion> {
  return versionOf(await request('POST', CLIENTS, { json: body }));
}

/**
 * Applies a JSON merge patch to the revision `etag` names.
 *
 * @example
 * const next = await updateClient(id, { segment: 'SMB', email: null }, version.etag);
 */
export async function updateClient(
  id: string,
  patch: ClientWrite,
  etag: string,
): Promise<ClientVersion> {
  return versionOf(
    await request('PATCH', clientPath(id), { json: patch, headers: { 'If-Match': etag } }),
  );
}

/** Archives the client: it leaves lists and searches and takes no more changes. */
export async function archiveClient(id: string, etag: string): Promise<ClientVersion> {
  return versionOf(await request('DELETE', clientPath(id), { headers: { 'If-Match': etag } }));
}

/** The custom fields of clients, oldest first. */
export async function listCustomFields(): Promise<CustomField[]> {
  return (await requestJson<{ items: CustomField[] }>('GET', '/api/fields')).items;
}

/** The client's interactions, newest first. */
export async function clientInteractions(id: string): Promise<Interaction[]> {
  return (await requestJson<{ items: Interaction[] }>('GET', `${clientPath(id)}/interactions`))
    .items;
}

/** Logs an interaction (a call, a note…) in the client's history, by the signed-in user. */
export function logInteraction(
  id: string,
  interaction: { kind: InteractionKind; summary: string },
): Promise<Interaction> {
  return requestJson<Interaction>('POST', `${clientPath(id)}/interactions`, { json: interaction });
}

export function clientPath(id: string): string {
  return `${CLIENTS}/${encodeURIComponent(id)}`;
}

async function versionOf(response: Response): Promise<ClientVersion> {
  const client = (await response.json()) as Client;
  return { client, etag: response.headers.get('etag') ?? `"${client.rev}"` };
}
