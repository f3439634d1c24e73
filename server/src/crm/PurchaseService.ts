/**
 * Purchases of a client (M3, thin): each one insert under a server key, money in integer
 * minor units with an ISO 4217 currency. They feed retention analytics later (M7).
 *
 * Every purchase is announced to the processes as the message `purchase-recorded`,
 * correlated by the client's id (a retention process waiting for the next purchase hears
 * of it). The announcement carries the purchase id as its `messageId` and a short time to
 * live, and the purchase is marked once it went out; the sweeper announces purchases a
 * crash left unmarked, and a repeat within the time to live is refused as a duplicate.
 */
import { purchaseSchema } from '../../../schemas/crm';
import type { ClientService } from './ClientService';
import type { CrmStore, PurchaseRow } from './CrmStore';
import { isoNow, type CrmClock, type CrmKeys } from './crmTypes';
import { invalid, toInstant, validateCrmBody } from './validateCrmBody';

export type PurchaseResource = Omit<PurchaseRow, '_id' | 'announced'> & { id: string };

/** The message every recorded purchase publishes, correlated by the client id. */
export const PURCHASE_MESSAGE = 'purchase-recorded';
/** How long the announcement is buffered (and a repeat of it recognised). */
const ANNOUNCEMENT_TTL_MS = 60_000;
const ANNOUNCE_GRACE_MS = 10_000;

/** Publishes a message to the processes (the engine's MessageService). */
export type PublishMessage = (message: {
  name: string;
  correlationKey: string;
  timeToLive: number;
  messageId: string;
  variables: Record<string, unknown>;
}) => Promise<unknown>;

interface NewPurchase {
  amount: number;
  currency: string;
  date?: string;
  product: string;
}

/** The currencies this Node's ICU knows: ISO 4217 codes in use. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** At most this many purchases in one list answer. */
export const MAX_PURCHASES_LISTED = 1000;

export class PurchaseService {
  constructor(
    private readonly store: CrmStore,
    private readonly clients: ClientService,
    private readonly keys: CrmKeys,
    private readonly clock: CrmClock,
  ) {}

  /** Where announcements go; without it purchases are only stored (CRM-only tests). */
  publish: PublishMessage | null = null;

  /** @throws ProblemError 400 naming the bad field, 404 (no client), 409 (client archived). */
  async create(clientId: string, body: unknown, by: string): Promise<PurchaseResource> {
    const input = validateCrmBody<NewPurchase>(purchaseSchema, body, 'purchase');
    if (!CURRENCIES.has(input.currency)) {
      throw invalid('purchase', [
        { pointer: '/currency', message: `'${input.currency}' is not an ISO 4217 currency code` },
      ]);
    }
    await this.clients.requireActive(clientId);
    const now = isoNow(this.clock);
    const row: PurchaseRow = {
      _id: String(await this.keys.one()),
      clientId,
      amount: input.amount,
      currency: input.currency,
      date: input.date === undefined ? now : toInstant(input.date)!,
      product: input.product,
      createdAt: now,
      createdBy: by,
    };
    await this.store.purchases.insertOne({ ...row, announced: false });
    await this.announce(row);
    return toResource(row);
  }

  /** Sweeper: announces purchases whose announcement a crash interrupted. */
  async announcePending(): Promise<void> {
    if (!this.publish) return;
    const cutoff = new Date(Date.now() - ANNOUNCE_GRACE_MS).toISOString();
    const pending = await this.store.purchases
      .find({ announced: false, createdAt: { $lt: cutoff } })
      .limit(100)
      .lean<PurchaseRow[]>();
    for (const row of pending) await this.announce(row);
  }

  private async announce(row: PurchaseRow) {
    if (!this.publish) return;
    try {
      await this.publish({
        name: PURCHASE_MESSAGE,
        correlationKey: row.clientId,
        timeToLive: ANNOUNCEMENT_TTL_MS,
        messageId: `purchase:${row._id}`,
        variables: {
          purchaseId: row._id,
          product: row.product,
          amount: row.amount,
          currency: row.currency,
          purchaseDate: row.date,
        },
      });
    } catch (error) {
      // 409: announced before, and the mark was lost with a crash.
      if ((error as { status?: number }).status !== 409) throw error;
    }
    await this.store.purchases.updateOne({ _id: row._id }, { $set: { announced: true } });
  }

  /** The client's purchases, newest first. @throws ProblemError 404 when there is no client. */
  async list(
    clientId: string,
    limit = 100,
  ): Promise<{ items: PurchaseResource[]; page: { totalItems: number } }> {
    await this.clients.get(clientId);
    const [rows, totalItems] = await Promise.all([
      this.store.purchases
        .find({ clientId })
        .sort({ date: -1, _id: -1 })
        .limit(Math.min(limit, MAX_PURCHASES_LISTED))
        .lean<PurchaseRow[]>(),
      this.store.purchases.countDocuments({ clientId }),
    ]);
    return { items: rows.map(toResource), page: { totalItems } };
  }
}

function toResource(row: PurchaseRow): PurchaseResource {
  const { _id, announced: _announced, ...rest } = row;
  void _announced;
  return { id: _id, ...rest };
}
