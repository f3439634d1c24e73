/**
 * Client storage by the revision protocol of D3. A revision `<clientId>:<rev>` is inserted
 * once (E11000: another writer took that revision); `clients` holds the projection of the
 * latest one, written whole and only forwards. Every read walks the revisions after the
 * projection by exact `_id`, so a projection left behind by a crash (or overtaken by a
 * slower projector, as FerretDB's updates are not atomic) is repaired by the next read.
 */
import type { Document, Filter } from 'mongodb';
import type { QueryFilter } from 'mongoose';
import { isDuplicateKey } from '../db/collections';
import type { SearchPlan } from '../search';
import type { CrmStore } from './CrmStore';
import {
  projectionOf,
  revisionId,
  type ClientRevisionRow,
  type ClientRow,
} from './clientDocuments';

const PROJECTION_ATTEMPTS = 5;

export class ClientRepository {
  constructor(private readonly store: CrmStore) {}

  /** The client's latest revision as a row, or null when it has none. */
  async latest(clientId: string): Promise<ClientRow | null> {
    const projected = await this.store.clients.findById(clientId).lean<ClientRow>();
    let newest: ClientRevisionRow | null = null;
    for (let rev = (projected?.rev ?? 0) + 1; ; rev++) {
      const next = await this.store.clientRevisions
        .findById(revisionId(clientId, rev))
        .lean<ClientRevisionRow>();
      if (!next) break;
      newest = next;
    }
    if (!newest) return projected;
    const row = projectionOf(newest);
    await this.project(row);
    return row;
  }

  /** Whether one of the client's revisions was written by the side effect `effectKey`. */
  async hasEffect(clientId: string, effectKey: string): Promise<boolean> {
    const found = await this.store.clientRevisions
      .findOne({ clientId, effectKey }, { _id: 1 })
      .lean<{ _id: string }>();
    return found !== null;
  }

  /**
   * Inserts a revision: the one atomic step. Rejects with E11000 (see `isDuplicateKey`)
   * when that revision exists, i.e. another writer got there first.
   */
  async insertRevision(revision: ClientRevisionRow): Promise<void> {
    await this.store.clientRevisions.insertOne(revision);
  }

  /** Writes the projection unless an equal or newer revision is projected already. */
  async project(row: ClientRow): Promise<void> {
    const { clients } = this.store;
    for (let attempt = 1; attempt <= PROJECTION_ATTEMPTS; attempt++) {
      const replaced = await clients.replaceOne({ _id: row._id, rev: { $lt: row.rev } }, row);
      if (replaced.matchedCount > 0) return;
      const current = await clients.findById(row._id, { rev: 1 }).lean<{ rev: number }>();
      if (current && current.rev >= row.rev) return;
      if (current) continue;
      try {
        await clients.insertOne(row);
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    // Still behind after racing projectors: the next read walks forward and repairs it.
  }

  /** One page of projected rows for a search plan, and the total count. */
  async search(plan: SearchPlan): Promise<{ rows: ClientRow[]; total: number }> {
    const filter = plan.filter as QueryFilter<ClientRow> & Filter<Document>;
    const [rows, total] = await Promise.all([
      this.store.clients
        .find(filter)
        .sort(Object.fromEntries(plan.mongoSort))
        .skip(plan.skip)
        .limit(plan.limit)
        .lean<ClientRow[]>(),
      this.store.clients.countDocuments(plan.countFilter as QueryFilter<ClientRow>),
    ]);
    if (plan.reverseItems) rows.reverse();
    return { rows, total };
  }
}
