/**
 * Instances a message start event creates. With a correlation key only one at a time: the
 * n-th instance for a key holds the lock `<process>|<key>|<n>` (an insert), and the next
 * one may take `n+1` only once the n-th has ended. The instance's keys are recorded in the
 * correlation claim first, so creating it again after a crash finds it there.
 */
import type { BufferedMessage, EngineCollections, StartEventRow } from '../db/collections';
import { isDuplicateKey } from '../db/collections';
import { DefinitionDeletedError } from '../engine/DefinitionDeletedError';
import type { EngineService } from '../engine/EngineService';
import type { DefinitionRepository } from '../storage/DefinitionRepository';
import type { KeyAllocator } from '../storage/KeyAllocator';
import { CLAIM_GRACE_MS, START_KEY_RANGE } from './deliveries';

export class MessageStarts {
  constructor(
    private readonly c: EngineCollections,
    private readonly engine: EngineService,
    private readonly definitions: DefinitionRepository,
    private readonly keys: KeyAllocator,
  ) {}

  /** Starts an instance for the message, or null when one for its key is still active. */
  async start(message: BufferedMessage, start: StartEventRow, claimId: string) {
    const loaded = await this.definitions.get(start.processDefinitionKey);
    if (!loaded) return null;
    const keys = await this.keys.range(0, START_KEY_RANGE);
    await this.c.messageCorrelations.updateOne({ _id: claimId }, { $set: { starting: keys } });
    const instanceKey = String(keys.next);
    if (message.correlationKey !== '') {
      const locked = await this.lock(
        start.processDefinitionId,
        message.correlationKey,
        instanceKey,
      );
      if (!locked) return null;
    }
    try {
      await this.engine.tryCreateInstance(loaded.record, JSON.parse(message.variables), null, {
        startElementId: start.elementId,
        deliveryKey: Number(message.messageKey),
        keys,
      });
    } catch (error) {
      // Deleted since its start event was read: the message starts nothing there.
      if (error instanceof DefinitionDeletedError) return null;
      throw error;
    }
    return instanceKey;
  }

  /** The start lock an instance holds, if a message start with a correlation key created it. */
  async lockHeldBy(processInstanceKey: string) {
    const lock = await this.c.startLocks.findOne({ processInstanceKey });
    if (!lock) return null;
    // `<process>|<correlationKey>|<n>`: the key itself may contain '|'
    const parts = lock._id.split('|');
    return {
      processDefinitionId: parts[0]!,
      correlationKey: parts.slice(1, -1).join('|'),
    };
  }

  /** The message start events of the latest version of a process. */
  startEventsOf(processDefinitionId: string): Promise<StartEventRow[]> {
    return this.c.startEvents.find({ kind: 'message', processDefinitionId }).toArray();
  }

  private async lock(processDefinitionId: string, correlationKey: string, instanceKey: string) {
    for (let n = 1; n < 10_000; n++) {
      const _id = `${processDefinitionId}|${correlationKey}|${n}`;
      const lock = await this.c.startLocks.findOne({ _id });
      if (lock) {
        if (lock.processInstanceKey === instanceKey) return true;
        if (await this.isActive(lock.processInstanceKey, lock.lockedAt)) return false;
        continue;
      }
      try {
        await this.c.startLocks.insertOne({
          _id,
          processInstanceKey: instanceKey,
          lockedAt: Date.now(),
        });
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        n--; // somebody took this one: look at it again
      }
    }
    return false;
  }

  private async isActive(processInstanceKey: string, lockedAt: number) {
    const loaded = await this.engine.load(processInstanceKey, { verify: true });
    // A lock whose instance is not there yet is being started right now, unless it is old.
    if (!loaded) return lockedAt > Date.now() - CLAIM_GRACE_MS;
    return loaded.state.state === 'ACTIVE';
  }
}
