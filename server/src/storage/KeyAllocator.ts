/**
 * Keys: int64 numbers below 2^53, unique across every entity type (D3). Each server
 * process claims blocks of keys by inserting `block:<n>`; a duplicate-key error means
 * another process has that block, so it tries the next. Zeebe's partition-1 layout
 * (2^51 + n) keeps our keys looking like Zeebe's.
 */
import { randomUUID } from 'node:crypto';
import type { KeyRange } from '../../../runtime/src';
import { isDuplicateKey, pad, type EngineCollections } from '../db/collections';

export const KEY_BASE = 2 ** 51 + 1;
export const BLOCK_SIZE = 100_000;
/** Keys a command reserves; one that needs more retries with `LARGE_RANGE`. */
export const SMALL_RANGE = 256;
export const LARGE_RANGE = 20_000;

export class KeyAllocator {
  private next = 0;
  private max = -1;
  private claiming: Promise<void> | null = null;
  private readonly owner = randomUUID();

  constructor(private readonly c: EngineCollections) {}

  /**
   * Reserves a range of keys for one command, all above `above` (the instance's last
   * key), so keys grow in activation order within an instance even across processes.
   * Ranges never overlap within this process; what a command leaves unused is skipped.
   */
  async range(above = 0, size = SMALL_RANGE): Promise<KeyRange> {
    while (this.max - this.next + 1 < size || this.next <= above) {
      this.claiming ??= this.claimBlock(above).finally(() => (this.claiming = null));
      await this.claiming;
    }
    const range = { next: this.next, max: this.next + size - 1 };
    this.next += size;
    return range;
  }

  /** One key, for things outside instances (deployments, definitions). */
  async one(): Promise<number> {
    return (await this.range(0, 1)).next;
  }

  private async claimBlock(above: number): Promise<void> {
    const latest = await this.c.keyBlocks.find({}).sort({ _id: -1 }).limit(1).toArray();
    let block = latest[0] ? Number(latest[0]._id.slice('block:'.length)) + 1 : 0;
    const minimum = Math.floor((above - KEY_BASE) / BLOCK_SIZE) + 1;
    if (block < minimum) block = minimum;
    for (;;) {
      try {
        await this.c.keyBlocks.insertOne({
          _id: `block:${pad(block, 12)}`,
          owner: this.owner,
          claimedAt: new Date().toISOString(),
        });
        this.next = KEY_BASE + block * BLOCK_SIZE;
        this.max = this.next + BLOCK_SIZE - 1;
        if (this.max >= Number.MAX_SAFE_INTEGER) throw new Error('key space exhausted');
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        block++;
      }
    }
  }
}
