/**
 * A client's interaction history (M3/M4): what staff log on the card and what process
 * tasks log through `crm.interaction.log`. Each interaction is one insert; a process
 * task's insert uses its idempotency key as the `_id`, so a retry after a crash finds
 * the first insert (E11000) instead of logging twice.
 */
import { interactionSchema, type InteractionKind } from '../../../schemas/crm';
import { isDuplicateKey } from '../db/collections';
import type { ClientService } from './ClientService';
import type { CrmStore, InteractionRow } from './CrmStore';
import { isoNow, type CrmClock, type CrmKeys } from './crmTypes';
import { validateCrmBody } from './validateCrmBody';

export type InteractionResource = Omit<InteractionRow, '_id' | 'createdBy'> & { id: string };

export interface NewInteraction {
  kind: InteractionKind;
  summary: string;
  who?: string;
}

/** Where a process task's interaction came from. */
export interface InteractionSource {
  idempotencyKey: string;
  processInstanceKey: string;
  processDefinitionId: string;
  elementId: string;
  taskName: string | null;
}

/** At most this many interactions in one list answer. */
export const MAX_INTERACTIONS_LISTED = 500;

export class InteractionService {
  constructor(
    private readonly store: CrmStore,
    private readonly clients: ClientService,
    private readonly keys: CrmKeys,
    private readonly clock: CrmClock,
  ) {}

  /**
   * Logs an interaction a person writes on the card.
   *
   * @throws ProblemError 400 naming the field, 404 (no client), 409 (archived client).
   */
  async create(clientId: string, body: unknown, by: string): Promise<InteractionResource> {
    const input = validateCrmBody<NewInteraction>(interactionSchema, body, 'interaction');
    await this.clients.requireActive(clientId);
    const row = this.rowOf(clientId, input, by, String(await this.keys.one()), null);
    await this.store.interactions.insertOne(row);
    return toResource(row);
  }

  /**
   * Logs an interaction from a process task, once per idempotency key: a second call
   * with the same key returns the first interaction. The client may be archived (its
   * running processes keep going).
   *
   * @throws ProblemError 400 naming the field of `input`, 404 when there is no client.
   */
  async logFromProcess(
    clientId: string,
    body: unknown,
    by: string,
    source: InteractionSource,
  ): Promise<{ interaction: InteractionResource; applied: boolean }> {
    const input = validateCrmBody<NewInteraction>(interactionSchema, body, 'interaction');
    await this.clients.get(clientId);
    const id = `effect:${source.idempotencyKey}`;
    const row = this.rowOf(clientId, input, by, id, source);
    try {
      await this.store.interactions.insertOne(row);
      return { interaction: toResource(row), applied: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const first = await this.store.interactions.findById(id).lean<InteractionRow>();
      return { interaction: toResource(first ?? row), applied: false };
    }
  }

  /** The client's interactions, newest first. @throws ProblemError 404 when there is no client. */
  async list(clientId: string, limit = 100): Promise<{ items: InteractionResource[] }> {
    await this.clients.get(clientId);
    const rows = await this.store.interactions
      .find({ clientId })
      .sort({ at: -1, _id: -1 })
      .limit(Math.min(limit, MAX_INTERACTIONS_LISTED))
      .lean<InteractionRow[]>();
    return { items: rows.map(toResource) };
  }

  private rowOf(
    clientId: string,
    input: NewInteraction,
    by: string,
    id: string,
    source: InteractionSource | null,
  ): InteractionRow {
    return {
      _id: id,
      clientId,
      kind: input.kind,
      summary: input.summary,
      who: input.who ?? by,
      at: isoNow(this.clock),
      processInstanceKey: source?.processInstanceKey ?? null,
      processDefinitionId: source?.processDefinitionId ?? null,
      elementId: source?.elementId ?? null,
      taskName: source?.taskName ?? null,
      createdBy: by,
    };
  }
}

function toResource(row: InteractionRow): InteractionResource {
  const { _id, createdBy, ...rest } = row;
  void createdBy;
  return { id: _id, ...rest };
}
