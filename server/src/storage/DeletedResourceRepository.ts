/**
 * Tombstones of deleted process definitions and forms (`deletedResources`, `_id` = the
 * resource key). The insert is the decision (D3): of two deletions of one key, the second
 * insert fails with E11000. A tombstone is removed only when its own deletion finds
 * instances running after all and rolls back; its `attempt` tells such attempts apart.
 */
import { isDuplicateKey, type DeletedResource, type EngineCollections } from '../db/collections';

export class DeletedResourceRepository {
  constructor(private readonly c: EngineCollections) {}

  /** Inserts the tombstone; false when the key has one already. */
  async insert(tombstone: DeletedResource): Promise<boolean> {
    try {
      await this.c.deletedResources.insertOne(tombstone);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  get(resourceKey: string): Promise<DeletedResource | null> {
    return this.c.deletedResources.findOne({ _id: resourceKey });
  }

  /** Whether the key has a tombstone: one exact `_id` read. */
  async isDeleted(resourceKey: string): Promise<boolean> {
    return (await this.get(resourceKey)) !== null;
  }

  /** Rolls back one attempt (it found running instances after its insert). */
  async remove(tombstone: DeletedResource): Promise<void> {
    await this.c.deletedResources.deleteOne({ _id: tombstone._id, attempt: tombstone.attempt });
  }

  async markDone(tombstone: DeletedResource): Promise<void> {
    await this.c.deletedResources.updateOne(
      { _id: tombstone._id, attempt: tombstone.attempt },
      { $set: { done: true } },
    );
  }

  /** Deletions not projected yet and older than the grace period: a crash left them. */
  unfinished(writtenBefore: number): Promise<DeletedResource[]> {
    return this.c.deletedResources
      .find({ done: false, writtenAt: { $lt: writtenBefore } })
      .limit(100)
      .toArray();
  }
}
