/**
 * Clients (M3): validated writes as revision inserts (D3), archive instead of delete, and
 * the search. A write with `If-Match` is decided by one insert (E11000 → 409); a write
 * without it re-reads the latest revision and re-applies its patch until its insert wins,
 * so concurrent patches of different fields all survive.
 */
import { clientSearchRequestSchema } from '../../../schemas/crm';
import { isDuplicateKey } from '../db/collections';
import type { ClientDirectory, ClientRevision } from '../engine/ClientDirectory';
import { ProblemError } from '../http/ProblemError';
import { andFilters, buildPageResult, parseSearchRequest, type PageResult } from '../search';
import type { ClientRepository } from './ClientRepository';
import {
  applyClientPatch,
  changesNothing,
  documentOf,
  projectionOf,
  revisionId,
  toClientResource,
  visibleDocument,
  type ClientChange,
  type ClientDocument,
  type ClientPatch,
  type ClientResource,
  type ClientRow,
} from './clientDocuments';
import { clientModelOf, type ClientModel } from './clientModel';
import { prefixFilter } from './clientSearchSpec';
import type { CustomFieldService } from './CustomFieldService';
import { isoNow, type CrmClock, type CrmKeys } from './crmTypes';
import { toInstant, validateCrmBody } from './validateCrmBody';

/** Who writes: a name for the audit trail, and the username when it is a person. */
export interface Actor {
  name: string;
  username?: string;
}

/** The revisions an `If-Match` header accepts; `'*'` is any existing revision. */
export type IfMatch = readonly number[] | '*';

export interface WriteOptions {
  actor: Actor;
  ifMatch?: IfMatch;
  /**
   * The idempotency key of a process task's side effect: a write whose key is already on
   * one of the client's revisions was applied before (a retry after a crash) and is not
   * applied again.
   */
  effectKey?: string;
}

interface ClientSearchRequest {
  filter?: unknown;
  sort?: unknown;
  page?: unknown;
  q?: string | null;
  includeArchived?: boolean | null;
}

/** Lost races a write without `If-Match` retries before it answers 503. */
const MAX_ATTEMPTS = 50;

export class ClientService implements ClientDirectory {
  constructor(
    private readonly repository: ClientRepository,
    private readonly customFields: CustomFieldService,
    private readonly keys: CrmKeys,
    private readonly clock: CrmClock,
  ) {}

  /** The client model of the fields defined now. */
  async model(): Promise<ClientModel> {
    return clientModelOf(await this.customFields.definitions());
  }

  /** @throws ProblemError 400 naming each bad or unknown field; nothing is stored. */
  async create(body: unknown, actor: Actor): Promise<ClientResource> {
    const model = await this.model();
    const withCustom = isObject(body) && body.custom === undefined ? { ...body, custom: {} } : body;
    const input = validateCrmBody<ClientPatch & { name: string }>(
      model.createSchema,
      withCustom,
      'client',
    );
    normaliseDates(input, model);
    const now = isoNow(this.clock);
    const { custom, ...builtIns } = input;
    const document = {
      ...(actor.username ? { owner: actor.username } : {}),
      ...builtIns,
      custom: custom ?? {},
      archived: false,
      createdAt: now,
      createdBy: actor.name,
      updatedAt: now,
      updatedBy: actor.name,
    } as ClientDocument;
    const id = String(await this.keys.one());
    // A fresh key has no revisions, so this insert cannot lose a race.
    const row = await this.commit(id, 1, 'create', input, document, now, actor);
    return toClientResource(row, model.fields);
  }

  /** @throws ProblemError 404 when there is no such client (archived ones are found). */
  async get(id: string): Promise<ClientResource> {
    const [model, row] = await Promise.all([this.model(), this.repository.latest(id)]);
    if (!row) throw notFound(id);
    return toClientResource(row, model.fields);
  }

  /**
   * Applies a JSON merge patch. A patch that changes nothing stores no revision.
   *
   * @throws ProblemError 400 (bad field; required field removed), 404, 409 (stale
   * `If-Match`, or the client is archived), 503 (lost too many races).
   */
  async update(id: string, body: unknown, options: WriteOptions): Promise<ClientResource> {
    const model = await this.model();
    const patch = validateCrmBody<ClientPatch>(model.patchSchema, body, 'client patch');
    normaliseDates(patch, model);
    return this.write(id, 'update', patch, options, model, (current) => {
      if (current.archived) throw ProblemError.conflict(`Client ${id} is archived.`);
      const document = documentOf(current);
      if (changesNothing(document, patch)) return null;
      const next = applyClientPatch(document, patch);
      validateCrmBody(
        model.createSchema,
        writableFields(visibleDocument(next, model.fields)),
        'client',
      );
      return next;
    });
  }

  /**
   * Archives instead of deleting: the client leaves lists and searches, GET still shows it,
   * and the process instances bound to it keep running (they read it by revision).
   */
  async archive(id: string, options: WriteOptions): Promise<ClientResource> {
    const model = await this.model();
    return this.write(id, 'archive', { archived: true }, options, model, (current) =>
      current.archived ? null : { ...documentOf(current), archived: true },
    );
  }

  /** `POST /api/clients/search`: the `/v2` grammar plus `q` and `includeArchived`. */
  async search(body: unknown): Promise<PageResult<ClientResource>> {
    const model = await this.model();
    const request = validateCrmBody<ClientSearchRequest | null>(
      clientSearchRequestSchema,
      body,
      'search request',
    );
    const q = request?.q?.trim();
    const baseFilter = andFilters(
      request?.includeArchived ? {} : { archived: { $ne: true } },
      q ? prefixFilter(q) : {},
    );
    const grammar = { filter: request?.filter, sort: request?.sort, page: request?.page };
    const plan = parseSearchRequest(grammar, model.searchSpec, {
      baseFilter,
      extraFilter: model.extraFilter,
    });
    const { rows, total } = await this.repository.search(plan);
    const page = buildPageResult(rows, plan, total);
    return { items: page.items.map((row) => toClientResource(row, model.fields)), page: page.page };
  }

  /** The latest revision for binding process instances (M4); archived clients included. */
  async revisionOf(id: string): Promise<ClientRevision | null> {
    const [model, row] = await Promise.all([this.model(), this.repository.latest(id)]);
    if (!row) return null;
    const record = toClientResource(row, model.fields) as unknown as Record<string, unknown>;
    return { id, rev: row.rev, archived: row.archived, record };
  }

  /** Whether a client exists and is not archived; for records that hang off a client. */
  async requireActive(id: string): Promise<ClientRow> {
    const row = await this.repository.latest(id);
    if (!row) throw notFound(id);
    if (row.archived) throw ProblemError.conflict(`Client ${id} is archived.`);
    return row;
  }

  private async write(
    id: string,
    change: ClientChange,
    request: unknown,
    options: WriteOptions,
    model: ClientModel,
    decide: (current: ClientRow) => ClientDocument | null,
  ): Promise<ClientResource> {
    if (options.effectKey && (await this.repository.hasEffect(id, options.effectKey))) {
      const current = await this.repository.latest(id);
      if (current) return toClientResource(current, model.fields);
    }
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await this.repository.latest(id);
      if (!current) throw notFound(id);
      const { ifMatch } = options;
      if (ifMatch && ifMatch !== '*' && !ifMatch.includes(current.rev))
        throw stale(id, current.rev);
      const next = decide(current);
      if (!next) return toClientResource(current, model.fields);
      const now = isoNow(this.clock);
      const document = { ...next, updatedAt: now, updatedBy: options.actor.name };
      try {
        const row = await this.commit(
          id,
          current.rev + 1,
          change,
          request,
          document,
          now,
          options.actor,
          options.effectKey,
        );
        return toClientResource(row, model.fields);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Someone wrote revision rev + 1 first: a conditional write is stale; any other
        // write re-reads and re-applies its patch on top of the winner's.
        if (ifMatch && ifMatch !== '*') throw stale(id, current.rev + 1);
        await jitter(attempt);
      }
    }
    throw new ProblemError(
      503,
      `Client ${id} is being changed by too many writers at once; try again.`,
    );
  }

  private async commit(
    id: string,
    rev: number,
    change: ClientChange,
    request: unknown,
    document: ClientDocument,
    at: string,
    actor: Actor,
    effectKey?: string,
  ): Promise<ClientRow> {
    const revision = {
      _id: revisionId(id, rev),
      clientId: id,
      rev,
      change,
      patch: JSON.stringify(request),
      at,
      by: actor.name,
      client: document,
      ...(effectKey ? { effectKey } : {}),
    };
    await this.repository.insertRevision(revision);
    const row = projectionOf(revision);
    await this.repository.project(row);
    return row;
  }
}

/** Custom date values are stored as UTC instants, whatever ISO form they came in. */
function normaliseDates(input: ClientPatch, model: ClientModel): void {
  for (const name of model.dateFields) {
    const value = input.custom?.[name];
    if (typeof value === 'string') input.custom![name] = toInstant(value) ?? value;
  }
}

/** The fields a client may write, as the write schema knows them. */
function writableFields(document: ClientDocument): Record<string, unknown> {
  const { archived, createdAt, createdBy, updatedAt, updatedBy, ...writable } = document;
  void [archived, createdAt, createdBy, updatedAt, updatedBy];
  return writable;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notFound(id: string): ProblemError {
  return ProblemError.notFound(`No client with id ${id}.`);
}

function stale(id: string, rev: number): ProblemError {
  return new ProblemError(
    409,
    `Client ${id} has changed (now at revision ${rev}): read it again and re-apply the change.`,
    [{ message: 'If-Match does not match the current revision' }],
  );
}

/** A short random pause before a retry, so racing writers spread out. */
function jitter(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
