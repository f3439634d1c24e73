/**
 * The one clock of every timer, deadline, lease and timestamp, shared by all server
 * processes through the database (`PUT /v2/clock` pins it, `POST /v2/clock/reset`
 * releases it). Each process re-reads the pin every `refreshMs`.
 */
import { isDuplicateKey, type EngineCollections } from '../db/collections';

const CLOCK_ID = 'clock';

export class SharedClock {
  private pinnedAt: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly c: EngineCollections,
    private readonly refreshMs = 250,
  ) {}

  now(): number {
    return this.pinnedAt ?? Date.now();
  }

  isPinned(): boolean {
    return this.pinnedAt !== null;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async pin(timestamp: number): Promise<void> {
    await this.store(timestamp);
    this.set(timestamp);
  }

  async reset(): Promise<void> {
    await this.store(null);
    this.set(null);
  }

  /**
   * An upsert is a read then an insert on FerretDB (D3): two processes writing the first
   * pin at once both insert, and the loser's E11000 means the document is there now.
   */
  private async store(pinnedAt: number | null) {
    const write = (upsert: boolean) =>
      this.c.clock.updateOne({ _id: CLOCK_ID }, { $set: { pinnedAt } }, { upsert });
    try {
      await write(true);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await write(false);
    }
  }

  /** Called whenever the clock jumps, so waiting work can be re-checked at once. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async refresh(): Promise<void> {
    const doc = await this.c.clock.findOne({ _id: CLOCK_ID });
    this.set(doc?.pinnedAt ?? null);
  }

  private set(pinnedAt: number | null) {
    if (pinnedAt === this.pinnedAt) return;
    this.pinnedAt = pinnedAt;
    for (const listener of this.listeners) listener();
  }
}
