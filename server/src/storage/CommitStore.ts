/**
 * The commit log: every state change of an instance is one insert of
 * `<instanceKey>:<seq>`. The writer whose insert fails with E11000 lost the race (D3).
 */
import {
  isDuplicateKey,
  pad,
  type CommitDocument,
  type EngineCollections,
} from '../db/collections';

export const commitId = (instanceKey: string, seq: number) => `${instanceKey}:${pad(seq)}`;

export class CommitStore {
  constructor(private readonly c: EngineCollections) {}

  /** Inserts the commit; false when another writer took that sequence number first. */
  async append(commit: CommitDocument): Promise<boolean> {
    try {
      await this.c.commits.insertOne(commit);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  read(instanceKey: string, seq: number): Promise<CommitDocument | null> {
    return this.c.commits.findOne({ _id: commitId(instanceKey, seq) });
  }

  /**
   * The commits from `fromSeq` on, in order, read by exact `_id` (the one filter
   * FerretDB on SQLite pushes down), until the first one that does not exist.
   */
  async readFrom(instanceKey: string, fromSeq: number): Promise<CommitDocument[]> {
    const commits: CommitDocument[] = [];
    for (let seq = fromSeq; ; seq++) {
      const commit = await this.read(instanceKey, seq);
      if (!commit) return commits;
      commits.push(commit);
    }
  }
}
