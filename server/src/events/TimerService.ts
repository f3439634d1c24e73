/**
 * Fires due timers: of instances (a `timer.trigger` command: the commit log decides, so a
 * timer fires once even if two processes try) and of timer start events (an instance
 * whose keys are fixed per firing). A firing is claimed by inserting `<timer>:<fireNo>`;
 * the claimer reads the timer again after its claim, so a process that read it before an
 * earlier firing finished never fires it a second time. Never early: the command checks
 * the due date against the shared clock.
 */
import { nextCycleFiring } from '../../../runtime/src';
import { isDuplicateKey, type EngineCollections, type TimerRow } from '../db/collections';
import { DefinitionDeletedError } from '../engine/DefinitionDeletedError';
import type { EngineService } from '../engine/EngineService';
import type { SharedClock } from '../engine/SharedClock';
import { ProblemError } from '../http/ProblemError';
import type { DefinitionRepository } from '../storage/DefinitionRepository';
import type { KeyAllocator } from '../storage/KeyAllocator';
import { CLAIM_GRACE_MS, startKeys } from './deliveries';

const BATCH = 200;
const PARALLEL_FIRINGS = 8;

export class TimerService {
  constructor(
    private readonly c: EngineCollections,
    private readonly engine: EngineService,
    private readonly definitions: DefinitionRepository,
    private readonly keys: KeyAllocator,
    private readonly clock: SharedClock,
  ) {}

  /** Fires what is due on the shared clock; returns how many it fired. */
  async fireDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.c.timers
      .find({ dueDate: { $lte: now } })
      .limit(BATCH)
      .toArray();
    due.sort((a, b) => a.dueDate - b.dueDate || (a._id < b._id ? -1 : 1));
    // Several at once: each firing is a few round trips to the database, mostly waiting.
    let fired = 0;
    for (let index = 0; index < due.length; index += PARALLEL_FIRINGS) {
      const batch = due.slice(index, index + PARALLEL_FIRINGS);
      const results = await Promise.all(batch.map((timer) => this.fire(timer)));
      fired += results.filter(Boolean).length;
    }
    return fired;
  }

  private async fire(seen: TimerRow): Promise<boolean> {
    const claimId = `${seen._id}:${seen.fireNo}`;
    if (!(await this.claim(claimId))) return false;
    const timer = await this.c.timers.findOne({ _id: seen._id });
    if (!timer || timer.fireNo !== seen.fireNo) {
      await this.c.timerClaims.deleteOne({ _id: claimId });
      return false;
    }
    const fired =
      timer.kind === 'instance' ? await this.fireInstanceTimer(timer) : await this.fireStart(timer);
    await this.c.timerClaims.deleteOne({ _id: claimId });
    return fired;
  }

  /** Claims a firing; a claim older than the grace period was left by a crash: take it over. */
  private async claim(claimId: string): Promise<boolean> {
    try {
      await this.c.timerClaims.insertOne({ _id: claimId, claimedAt: Date.now() });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const claim = await this.c.timerClaims.findOne({ _id: claimId });
    if (!claim || claim.claimedAt > Date.now() - CLAIM_GRACE_MS) return false;
    await this.c.timerClaims.updateOne({ _id: claimId }, { $set: { claimedAt: Date.now() } });
    return true;
  }

  private async fireInstanceTimer(timer: TimerRow): Promise<boolean> {
    try {
      await this.engine.execute(timer.processInstanceKey!, {
        type: 'timer.trigger',
        timerKey: Number(timer._id),
      });
      return true;
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      // Gone (fired, or its element ended): the row is stale. Not due yet on the clock the
      // command read (another process pinned it a moment ago): leave it for the next sweep.
      if (error.status === 404) await this.c.timers.deleteOne({ _id: timer._id, seq: timer.seq });
      return false;
    }
  }

  private async fireStart(timer: TimerRow): Promise<boolean> {
    const loaded = await this.definitions.get(timer.processDefinitionKey);
    if (!loaded) {
      await this.c.timers.deleteOne({ _id: timer._id });
      return false;
    }
    const keys = await startKeys(this.c, this.keys, `${timer._id}:${timer.fireNo}`);
    try {
      await this.engine.tryCreateInstance(loaded.record, {}, null, {
        startElementId: timer.elementId,
        keys,
      });
    } catch (error) {
      if (!(error instanceof DefinitionDeletedError)) throw error;
      // Deleted while it fired: its deletion disarms it; nothing starts.
      await this.c.timers.deleteOne({ _id: timer._id });
      await this.c.startClaims.deleteOne({ _id: `${timer._id}:${timer.fireNo}` });
      return false;
    }
    const next = timer.cycle ? nextCycleFiring(timer.cycle, timer.dueDate, timer.remaining) : null;
    if (next?.ok) {
      await this.c.timers.updateOne(
        { _id: timer._id },
        {
          $set: {
            dueDate: next.value.dueDate,
            remaining: next.value.remaining,
            fireNo: timer.fireNo + 1,
          },
        },
      );
    } else {
      await this.c.timers.deleteOne({ _id: timer._id });
    }
    await this.c.startClaims.deleteOne({ _id: `${timer._id}:${timer.fireNo}` });
    return true;
  }
}
