/**
 * The clock-driven sweeper of one server process. Every tick it fires due timers. When
 * the shared clock is pinned, and every `recoveryEvery` ticks, it also wakes job
 * activations whose leases or retry back-offs ran out, drops expired buffered messages
 * (correlation already ignores them) and finishes what a crashed process left:
 * unprojected commits, correlations and broadcasts. A tick costs one read of the small
 * `timers` collection, so a quiet server stays quiet.
 *
 *   tick ─► timers.fireDue
 *   clock pinned / every n ticks ─► + jobs due again (wake waiters), messages.sweep,
 *                                     engine.recoverUnprojected, signals.sweep
 */
import type { EngineCollections } from '../db/collections';
import type { EngineService } from '../engine/EngineService';
import type { SharedClock } from '../engine/SharedClock';
import type { MessageService } from './MessageService';
import type { SignalService } from './SignalService';
import type { TimerService } from './TimerService';

export interface SweeperParts {
  c: EngineCollections;
  engine: EngineService;
  clock: SharedClock;
  timers: TimerService;
  messages: MessageService;
  signals: SignalService;
  /** other recoveries that run with the full sweep (the CRM's purchase announcements) */
  recoveries?: (() => Promise<void>)[];
}

export class EventSweeper {
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private ticks = 0;
  /** the next sweep is a full one (the clock jumped) */
  private full = false;
  private stopClock: (() => void) | null = null;

  constructor(
    private readonly parts: SweeperParts,
    private readonly tickMs: number,
    private readonly recoveryEvery: number,
  ) {}

  start(): void {
    this.interval = setInterval(() => this.tick(), this.tickMs);
    this.interval.unref();
    this.stopClock = this.parts.clock.onChange(() => {
      this.full = true;
      this.tick();
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.interval);
    this.stopClock?.();
    this.again = false;
    await this.running;
  }

  /** One sweep now (or right after the one running). */
  tick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sweep()
      .catch((error) => console.error('sweep failed', error))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.tick();
        }
      });
  }

  /** Runs one full sweep and waits for it (tests). */
  async sweepNow(): Promise<void> {
    await this.running;
    this.full = true;
    await this.sweep();
  }

  private async sweep(): Promise<void> {
    const { timers, messages, signals, engine } = this.parts;
    while ((await timers.fireDue()) > 0) {
      // a full batch may leave more due timers behind
    }
    if (++this.ticks < this.recoveryEvery && !this.full) return;
    this.ticks = 0;
    this.full = false;
    await this.wakeDueJobs();
    await messages.sweep();
    await engine.recoverUnprojected();
    await signals.sweep();
    for (const recover of this.parts.recoveries ?? []) await recover();
  }

  /** Leases that timed out and back-offs that ended: activation may hand the job out again. */
  private async wakeDueJobs() {
    const { c, clock, engine } = this.parts;
    const now = clock.now();
    const due = await c.activatableJobs
      .find({
        blocked: { $ne: true },
        $or: [{ deadline: { $gt: 0, $lte: now } }, { notBefore: { $gt: 0, $lte: now } }],
      })
      .project<{ type: string }>({ type: 1 })
      .toArray();
    for (const type of new Set(due.map((job) => job.type)))
      engine.events.emit('job.activatable', type);
  }
}
