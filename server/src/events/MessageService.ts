/**
 * Message publication and correlation without transactions (D3). A message correlates
 * to at most one instance per process: the claim `<messageKey>|<processDefinitionId>` is
 * inserted before any delivery, and only its holder delivers. The holder tries the open
 * subscriptions in key order, then the message start event; if none takes the message it
 * drops the claim and looks once more for subscriptions that opened meanwhile, so a
 * subscription opening at the moment of publication is never missed. A subscription that
 * opens later looks for buffered messages itself (EngineService follow-up), oldest first.
 *
 *   publish ─► buffer (TTL > 0; `_id` carries messageId: a duplicate is 409)
 *          └─► per process: claim ─► deliver to subscription | start instance ─► done
 */
import type { InstanceState, RuntimeRecord } from '../../../runtime/src';
import {
  isDuplicateKey,
  type BufferedMessage,
  type EngineCollections,
  type OpenMessageSubscription,
  type StartEventRow,
} from '../db/collections';
import type { EngineService } from '../engine/EngineService';
import type { SharedClock } from '../engine/SharedClock';
import { ProblemError } from '../http/ProblemError';
import type { DefinitionRepository } from '../storage/DefinitionRepository';
import type { KeyAllocator } from '../storage/KeyAllocator';
import { CLAIM_GRACE_MS, deliver, wasDelivered } from './deliveries';
import { MessageStarts } from './MessageStarts';

export interface PublishRequest {
  name: string;
  correlationKey: string;
  timeToLive: number;
  messageId: string | null;
  variables: Record<string, unknown>;
}

interface CorrelationClaim {
  _id: string;
  messageKey: string;
  claimedAt: number;
  expiresAt: number;
  done: boolean;
  trying: string | null;
  starting: { next: number; max: number } | null;
}

const byKey = (a: { _id: string }, b: { _id: string }) => Number(a._id) - Number(b._id);

export class MessageService {
  constructor(
    private readonly c: EngineCollections,
    private readonly engine: EngineService,
    private readonly definitions: DefinitionRepository,
    private readonly keys: KeyAllocator,
    private readonly clock: SharedClock,
  ) {
    engine.followUps.push((state, records) => this.onCommitted(state, records));
    this.starts = new MessageStarts(c, engine, definitions, keys);
  }

  private readonly starts: MessageStarts;

  /** `POST /v2/messages/publication`: buffers the message (TTL > 0) and correlates it. */
  async publish(request: PublishRequest): Promise<{ messageKey: string }> {
    const message = await this.newMessage(request, request.timeToLive);
    if (request.timeToLive > 0) await this.buffer(message);
    await this.correlate(message);
    return { messageKey: message.messageKey };
  }

  /** `POST /v2/messages/correlation`: correlates at once, never buffered; 404 when nothing took it. */
  async correlateNow(request: Omit<PublishRequest, 'timeToLive' | 'messageId'>) {
    const message = await this.newMessage({ ...request, messageId: null, timeToLive: 0 }, 0);
    const [processInstanceKey] = await this.correlate(message);
    if (!processInstanceKey) {
      throw ProblemError.notFound(
        `Expected to find subscription for message with name '${request.name}' and correlation key '${request.correlationKey}', but none was found.`,
      );
    }
    return { messageKey: message.messageKey, processInstanceKey };
  }

  private async newMessage(request: PublishRequest, ttl: number): Promise<BufferedMessage> {
    const messageKey = String(await this.keys.one());
    const now = this.clock.now();
    return {
      _id:
        request.messageId !== null
          ? `id:${request.name}\u001f${request.correlationKey}\u001f${request.messageId}`
          : `key:${messageKey}`,
      messageKey,
      name: request.name,
      correlationKey: request.correlationKey,
      messageId: request.messageId,
      variables: JSON.stringify(request.variables),
      publishedAt: now,
      expiresAt: now + ttl,
    };
  }

  /** The insert is the `messageId` check: one buffered message per id until it expires. */
  private async buffer(message: BufferedMessage) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.c.messages.insertOne(message);
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await this.c.messages.findOne({ _id: message._id });
      if (existing && existing.expiresAt > this.clock.now()) {
        throw new ProblemError(
          409,
          `Expected to publish a new message with id '${message.messageId}', but a message with that id was already published`,
          [],
          'ALREADY_EXISTS',
        );
      }
      // Expired but not yet swept: it no longer counts.
      if (existing)
        await this.c.messages.deleteOne({ _id: message._id, messageKey: existing.messageKey });
    }
    throw new ProblemError(
      503,
      'the message could not be buffered; try again',
      [],
      'RESOURCE_EXHAUSTED',
    );
  }

  /** Correlates to every process that waits for it; returns the instances it reached. */
  private async correlate(message: BufferedMessage): Promise<string[]> {
    const subscriptions = await this.c.openMessageSubscriptions
      .find({ messageName: message.name, correlationKey: message.correlationKey })
      .toArray();
    const starts = await this.c.startEvents.find({ kind: 'message', name: message.name }).toArray();
    const processes = new Map<
      string,
      { open: OpenMessageSubscription[]; start: StartEventRow | null }
    >();
    const group = (id: string) => {
      let entry = processes.get(id);
      if (!entry) processes.set(id, (entry = { open: [], start: null }));
      return entry;
    };
    for (const subscription of subscriptions)
      group(subscription.processDefinitionId).open.push(subscription);
    for (const start of starts) group(start.processDefinitionId).start = start;
    const reached: string[] = [];
    for (const [processDefinitionId, { open, start }] of processes) {
      const key = await this.correlateToProcess(
        message,
        processDefinitionId,
        open.sort(byKey),
        start,
      );
      if (key) reached.push(key);
    }
    return reached;
  }

  private async correlateToProcess(
    message: BufferedMessage,
    processDefinitionId: string,
    candidates: OpenMessageSubscription[],
    start: StartEventRow | null,
  ): Promise<string | null> {
    const claimId = `${message.messageKey}|${processDefinitionId}`;
    if (!(await this.claim(claimId, message))) return null;
    const tried = new Set<string>();
    let startTried = false;
    for (;;) {
      for (const subscription of candidates) {
        if (tried.has(subscription._id)) continue;
        tried.add(subscription._id);
        await this.c.messageCorrelations.updateOne(
          { _id: claimId },
          { $set: { trying: subscription.processInstanceKey } },
        );
        const delivered = await deliver(this.engine, subscription.processInstanceKey, {
          type: 'message.correlate',
          subscriptionKey: Number(subscription._id),
          messageKey: Number(message.messageKey),
          variables: JSON.parse(message.variables) as Record<string, unknown>,
        });
        if (delivered) return this.done(claimId, subscription.processInstanceKey);
      }
      if (start && !startTried) {
        startTried = true;
        const key = await this.starts.start(message, start, claimId);
        if (key) return this.done(claimId, key);
      }
      // Nothing took it: let go, then look once more for a subscription opened meanwhile.
      await this.c.messageCorrelations.deleteOne({ _id: claimId });
      const fresh = (
        await this.c.openMessageSubscriptions
          .find({
            messageName: message.name,
            correlationKey: message.correlationKey,
            processDefinitionId,
          })
          .toArray()
      ).filter((subscription) => !tried.has(subscription._id));
      if (fresh.length === 0) return null;
      if (!(await this.claim(claimId, message))) return null;
      candidates = fresh.sort(byKey);
    }
  }

  private async claim(claimId: string, message: BufferedMessage): Promise<boolean> {
    const claim: CorrelationClaim = {
      _id: claimId,
      messageKey: message.messageKey,
      claimedAt: Date.now(),
      expiresAt: message.expiresAt,
      done: false,
      trying: null,
      starting: null,
    };
    try {
      await this.c.messageCorrelations.insertOne(claim);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private async done(claimId: string, processInstanceKey: string) {
    await this.c.messageCorrelations.updateOne(
      { _id: claimId },
      { $set: { done: true, processInstanceKey } },
    );
    return processInstanceKey;
  }

  /**
   * A subscription the commit opened looks for buffered messages, oldest first; an instance
   * a keyed message start created that ended lets the next buffered message for its key
   * start one (as in Zeebe).
   */
  private async onCommitted(state: InstanceState, records: RuntimeRecord[]) {
    if (records.some((r) => r.kind === 'instance' && r.state !== 'ACTIVE')) {
      await this.startNextBuffered(state);
    }
    for (const record of records) {
      if (record.kind !== 'messageSubscription' || record.state !== 'CREATED') continue;
      const { row } = record;
      const now = this.clock.now();
      const buffered = (
        await this.c.messages
          .find({ name: row.messageName, correlationKey: row.correlationKey })
          .toArray()
      )
        .filter((message) => message.expiresAt > now)
        .sort((a, b) => Number(a.messageKey) - Number(b.messageKey));
      const subscription: OpenMessageSubscription = {
        _id: String(row.key),
        messageName: row.messageName,
        correlationKey: row.correlationKey,
        processDefinitionId: state.processDefinitionId,
        processInstanceKey: String(state.processInstanceKey),
        seq: 0,
      };
      for (const message of buffered) {
        const reached = await this.correlateToProcess(
          message,
          state.processDefinitionId,
          [subscription],
          null,
        );
        if (reached === subscription.processInstanceKey && row.interrupting) break;
      }
    }
  }

  private async startNextBuffered(ended: InstanceState) {
    // Only instances that took a message can hold a start lock: the rest skip the read.
    if (!ended.deliveries?.length) return;
    const lock = await this.starts.lockHeldBy(String(ended.processInstanceKey));
    if (!lock) return;
    const now = this.clock.now();
    for (const start of await this.starts.startEventsOf(lock.processDefinitionId)) {
      const buffered = (
        await this.c.messages
          .find({ name: start.name, correlationKey: lock.correlationKey })
          .toArray()
      )
        .filter((message) => message.expiresAt > now)
        .sort((a, b) => Number(a.messageKey) - Number(b.messageKey));
      for (const message of buffered) {
        const started = await this.correlateToProcess(message, lock.processDefinitionId, [], start);
        if (started) return;
      }
    }
  }

  /** Sweeper: drops expired messages and finished claims; finishes claims a crash left. */
  async sweep(): Promise<void> {
    const now = this.clock.now();
    await this.c.messages.deleteMany({ expiresAt: { $lte: now } });
    await this.c.messageCorrelations.deleteMany({
      done: true,
      expiresAt: { $lte: now - CLAIM_GRACE_MS },
    });
    const stale = (await this.c.messageCorrelations
      .find({ done: false, claimedAt: { $lt: Date.now() - CLAIM_GRACE_MS } })
      .limit(100)
      .toArray()) as unknown as CorrelationClaim[];
    for (const claim of stale) await this.recover(claim);
  }

  private async recover(claim: CorrelationClaim) {
    const messageKey = Number(claim.messageKey);
    if (claim.trying && (await wasDelivered(this.engine, claim.trying, messageKey))) {
      await this.done(claim._id, claim.trying);
      return;
    }
    if (claim.starting) {
      const key = String(claim.starting.next);
      if (await this.engine.load(key)) {
        await this.done(claim._id, key);
        return;
      }
    }
    await this.c.messageCorrelations.deleteOne({ _id: claim._id });
    const message = await this.c.messages.findOne({ messageKey: claim.messageKey });
    if (message && message.expiresAt > this.clock.now()) await this.correlate(message);
  }
}
