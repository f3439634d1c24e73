/**
 * Purchases of a client (M3, thin): each one insert under a server key, money in integer
 * minor units with an ISO 4217 currency. They feed retention analytics later (M7).
 */
import { purchaseSchema } from '../../../schemas/crm';
import type { ClientService } from './ClientService';
import type { CrmStore, PurchaseRow } from './CrmStore';
import { isoNow, type CrmClock, type CrmKeys } from './crmTypes';
import { invalid, toInstant, validateCrmBody } from './validateCrmBody';

export type PurchaseResource = Omit<PurchaseRow, '_id'> & { id: string };

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
    await this.store.purchases.insertOne(row);
    return toResource(row);
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
  const { _id, ...rest } = row;
  return { id: _id, ...rest };
}
