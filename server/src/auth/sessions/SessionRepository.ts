import type { Collection, Db } from 'mongodb';

/** A browser session as stored; times are wall-clock, never the engine's clock. */
export interface SessionRecord {
  /** SHA-256 of the cookie value ({@link sessionIdOf}); the cookie itself is not stored. */
  id: string;
  username: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The earlier of the idle timeout and the absolute lifetime. */
  expiresAt: Date;
}

interface SessionDoc extends Omit<SessionRecord, 'id'> {
  _id: string;
}

function toRecord({ _id, ...rest }: SessionDoc): SessionRecord {
  return { id: _id, ...rest };
}

/**
 * The `sessions` collection. Sessions are created by insert on their unique `_id`;
 * FerretDB has no TTL indexes, so {@link deleteExpired} is run by a periodic sweep.
 *
 * @example
 * const sessions = await SessionRepository.open(db);
 * const record = await sessions.find(sessionIdOf(cookieValue));
 */
export class SessionRepository {
  private readonly sessions: Collection<SessionDoc>;

  constructor(db: Db) {
    this.sessions = db.collection<SessionDoc>('sessions');
  }

  /** Creates the repository and the index the sweep uses. */
  static async open(db: Db): Promise<SessionRepository> {
    const repository = new SessionRepository(db);
    await repository.sessions.createIndex({ expiresAt: 1 }, { name: 'expiresAt_1' });
    return repository;
  }

  async insert(record: SessionRecord): Promise<void> {
    const { id, ...rest } = record;
    await this.sessions.insertOne({ _id: id, ...rest });
  }

  async find(id: string): Promise<SessionRecord | null> {
    const doc = await this.sessions.findOne({ _id: id });
    return doc ? toRecord(doc) : null;
  }

  async touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await this.sessions.updateOne({ _id: id }, { $set: { lastSeenAt, expiresAt } });
  }

  async delete(id: string): Promise<void> {
    await this.sessions.deleteOne({ _id: id });
  }

  /** Deletes the sessions that expired by `now`; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    const result = await this.sessions.deleteMany({ expiresAt: { $lte: now } });
    return result.deletedCount;
  }
}
