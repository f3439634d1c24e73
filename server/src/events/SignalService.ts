/**
 * Signal broadcasts: from `POST /v2/signals/broadcast` and from signal throw and end
 * events. A broadcast is written down first (`signals`), then delivered to every open
 * subscription and signal start event, then crossed out; one a crash interrupted is run
 * again by the sweeper. Instances recognise a signal key they took in already, and a start
 * event's instance keys are fixed per signal, so running it again delivers nothing twice.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { InstanceState, RuntimeRecord } from '../../../runtime/src';
import { isDuplicateKey, type EngineCollections, type SignalBroadcast } from '../db/collections';
import { DefinitionDeletedError } from '../engine/DefinitionDeletedError';
import type { EngineService } from '../engine/EngineService';
import type { DefinitionRepository } from '../storage/DefinitionRepository';
import type { KeyAllocator } from '../storage/KeyAllocator';
import { CLAIM_GRACE_MS, deliver, startKeys } from './deliveries';

/**
 * Broadcasts nested deeper than this (a signal starts an instance that throws a signal
 * that starts …) are left to the sweeper, so a model that signals itself in a loop runs
 * on slowly, as in Zeebe, instead of recursing inside one request.
 */
const MAX_NESTING = 16;
const nesting = new AsyncLocalStorage<number>();

export class SignalService {
  constructor(
    private readonly c: EngineCollections,
    private readonly engine: EngineService,
    private readonly definitions: DefinitionRepository,
    private readonly keys: KeyAllocator,
  ) {
    engine.followUps.push((state, records) => this.onCommitted(state, records));
  }

  async broadcast(signalName: string, variables: Record<string, unknown>) {
    const signalKey = String(await this.keys.one());
    await this.run({
      _id: signalKey,
      signalName,
      variables: JSON.stringify(variables),
      startedAt: Date.now(),
      done: false,
    });
    return { signalKey };
  }

  private async run(signal: SignalBroadcast) {
    try {
      await this.c.signals.insertOne(signal);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const depth = nesting.getStore() ?? 0;
    if (depth >= MAX_NESTING) return;
    await nesting.run(depth + 1, () => this.deliverAll(signal));
  }

  private async deliverAll(signal: SignalBroadcast) {
    const variables = JSON.parse(signal.variables) as Record<string, unknown>;
    const subscriptions = await this.c.signalSubscriptions
      .find({ signalName: signal.signalName })
      .toArray();
    subscriptions.sort((a, b) => Number(a._id) - Number(b._id));
    for (const subscription of subscriptions) {
      await deliver(this.engine, subscription.processInstanceKey, {
        type: 'signal.trigger',
        subscriptionKey: Number(subscription._id),
        signalKey: Number(signal._id),
        variables,
      });
    }
    const starts = await this.c.startEvents
      .find({ kind: 'signal', name: signal.signalName })
      .toArray();
    for (const start of starts) {
      const loaded = await this.definitions.get(start.processDefinitionKey);
      if (!loaded) continue;
      const keys = await startKeys(this.c, this.keys, `signal:${signal._id}|${start._id}`);
      try {
        await this.engine.tryCreateInstance(loaded.record, variables, null, {
          startElementId: start.elementId,
          deliveryKey: Number(signal._id),
          keys,
        });
      } catch (error) {
        // Deleted since its start event was read: the signal starts nothing there.
        if (!(error instanceof DefinitionDeletedError)) throw error;
      }
    }
    await this.c.signals.deleteOne({ _id: signal._id });
  }

  /** Signals thrown in a commit are broadcast once it stands. */
  private async onCommitted(_state: InstanceState, records: RuntimeRecord[]) {
    for (const record of records) {
      if (record.kind !== 'signal') continue;
      await this.run({
        _id: String(record.signalKey),
        signalName: record.signalName,
        variables: JSON.stringify(record.variables),
        startedAt: Date.now(),
        done: false,
      });
    }
  }

  /** Sweeper: broadcasts a crash left unfinished are run again. */
  async sweep(): Promise<void> {
    const stale = await this.c.signals
      .find({ startedAt: { $lt: Date.now() - CLAIM_GRACE_MS } })
      .limit(100)
      .toArray();
    for (const signal of stale) await this.run(signal);
  }
}
