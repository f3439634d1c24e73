/**
 * Signals as Zeebe broadcasts them: catch, boundary and start events subscribe by signal
 * name; a signal throw or end event broadcasts its signal with its input-mapped
 * variables (a `signal` record the server delivers once the commit stands) and goes on.
 */
import { describe, expect, it } from 'vitest';
import {
  FIRST_KEY,
  elementStates,
  expectRejected,
  instanceStates,
  recordsOf,
  startInstance,
  startInstanceAt,
} from './support';

describe('signal intermediate catch event', () => {
  it('subscribes by signal name and completes with the signal variables', async () => {
    // given
    const driver = await startInstance('signals.catch', { clientId: 'C-1' });
    const launchedKey = driver.elementKey('launched');
    const subscription = driver.signalSubscription('launched');

    // when
    const triggered = driver.signal('launched', 4001, { campaign: 'spring' });

    // then
    expect(subscription).toEqual({
      key: subscription.key,
      elementInstanceKey: launchedKey,
      elementId: 'launched',
      signalName: 'campaign.launched',
      interrupting: true,
    });
    expect(recordsOf(driver.records, 'signalSubscription')).toEqual([
      { kind: 'signalSubscription', row: subscription, state: 'CREATED' },
      { kind: 'signalSubscription', row: subscription, state: 'DELETED' },
    ]);
    expect(elementStates(triggered.records, 'launched')).toEqual(['COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['invite']);
    expect(driver.processVariables()).toEqual({ clientId: 'C-1', campaign: 'spring' });
    expect(driver.current.signalSubscriptions).toEqual({});
  });

  it('accepts the same signal key a second time and changes nothing', async () => {
    // given
    const driver = await startInstance('signals.catch');
    const subscriptionKey = driver.signalSubscription('launched').key;
    driver.signal('launched', 4001);
    const before = structuredClone(driver.current);

    // when
    const repeated = driver.run({
      type: 'signal.trigger',
      subscriptionKey,
      signalKey: 4001,
      variables: {},
    });

    // then
    expect(repeated.records).toEqual([]);
    expect(driver.current).toStrictEqual(before);
  });

  it('rejects a signal to a closed subscription with NOT_FOUND', async () => {
    // given
    const driver = await startInstance('signals.catch');
    const subscriptionKey = driver.signalSubscription('launched').key;
    driver.signal('launched', 4001);

    // when
    const result = driver.send({
      type: 'signal.trigger',
      subscriptionKey,
      signalKey: 4002,
      variables: {},
    });

    // then
    expectRejected(result, 'NOT_FOUND');
  });
});

describe('signal boundary events', () => {
  it('terminates the task, cancels its job and takes the boundary path when interrupting', async () => {
    // given
    const driver = await startInstance('signals.interruptingBoundary');
    const outreachKey = driver.elementKey('outreach');
    const jobKey = driver.job('outreach').key;
    const subscription = driver.signalSubscription('halted');

    // when
    const triggered = driver.signal('halted', 4101, { haltedBy: 'marketing' });

    // then
    expect(subscription).toMatchObject({
      elementInstanceKey: outreachKey,
      signalName: 'campaign.halted',
      interrupting: true,
    });
    expect(recordsOf(triggered.records, 'job')).toEqual([
      expect.objectContaining({ state: 'CANCELED', row: expect.objectContaining({ key: jobKey }) }),
    ]);
    expect(recordsOf(triggered.records, 'signalSubscription').map((r) => r.state)).toEqual([
      'DELETED',
    ]);
    expect(elementStates(triggered.records, 'outreach')).toEqual(['TERMINATED']);
    expect(elementStates(triggered.records, 'halted')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(triggered.records, 'stopped')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(triggered.records, 'done')).toEqual([]);
    expect(driver.current).toMatchObject({ state: 'COMPLETED', jobs: {}, signalSubscriptions: {} });
  });

  it('keeps the task and its subscription when non-interrupting, firing on every signal', async () => {
    // given
    const driver = await startInstance('signals.nonInterruptingBoundary');
    const jobKey = driver.job('outreach').key;
    const subscription = driver.signalSubscription('updated');

    // when
    const first = driver.signal('updated', 4201, { priceList: 'v2' });
    driver.signal('updated', 4202, { priceList: 'v3' });

    // then
    expect(subscription.interrupting).toBe(false);
    expect(recordsOf(first.records, 'signalSubscription')).toEqual([]);
    expect(recordsOf(first.records, 'job').map((r) => r.state)).toEqual(['CREATED']);
    expect(driver.activeElementIds()).toEqual(['outreach', 'refresh', 'refresh']);
    expect(driver.job('outreach').key).toBe(jobKey);
    expect(driver.signalSubscription('updated')).toEqual(subscription);
    expect(driver.processVariables()).toEqual({ priceList: 'v3' });
  });

  it('deletes the non-interrupting subscription when the task completes', async () => {
    // given
    const driver = await startInstance('signals.nonInterruptingBoundary');
    const subscription = driver.signalSubscription('updated');

    // when
    const completed = driver.completeJob('outreach');

    // then
    expect(recordsOf(completed.records, 'signalSubscription')).toEqual([
      { kind: 'signalSubscription', row: subscription, state: 'DELETED' },
    ]);
    expect(driver.current.state).toBe('COMPLETED');
  });
});

describe('signal throw and end events', () => {
  it('broadcasts the signal with the input-mapped variables and goes on', async () => {
    // when
    const driver = await startInstance('signals.throw', {
      deal: { id: 'D-3', value: 1200 },
      secret: 'not sent',
    });

    // then
    const signals = recordsOf(driver.records, 'signal');
    expect(signals).toEqual([
      {
        kind: 'signal',
        signalKey: expect.any(Number),
        signalName: 'deal.won',
        variables: { dealId: 'D-3', team: 'sales' },
      },
    ]);
    expect(signals[0]!.signalKey).toBeGreaterThan(FIRST_KEY);
    expect(elementStates(driver.records, 'announce')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['invoice']);
    expect(driver.processVariables()).toEqual({
      deal: { id: 'D-3', value: 1200 },
      secret: 'not sent',
    });
  });

  it('broadcasts the signal of a signal end event and completes the instance', async () => {
    // given
    const driver = await startInstance('signals.throw', { deal: { id: 'D-3' } });

    // when
    const completed = driver.completeJob('invoice', { invoiceId: 'INV-8' });

    // then
    expect(recordsOf(completed.records, 'signal')).toEqual([
      {
        kind: 'signal',
        signalKey: expect.any(Number),
        signalName: 'deal.closed',
        variables: { invoice: 'INV-8' },
      },
    ]);
    expect(elementStates(completed.records, 'closed')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(instanceStates(completed.records)).toEqual(['COMPLETED']);
  });

  it('gives every thrown signal its own key', async () => {
    // given
    const driver = await startInstance('signals.throw', { deal: { id: 'D-3' } });

    // when
    driver.completeJob('invoice', { invoiceId: 'INV-8' });

    // then
    const keys = recordsOf(driver.records, 'signal').map((r) => r.signalKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });
});

describe('signal start event', () => {
  it('enters the signal start event with the signal variables in the process scope', async () => {
    // when
    const driver = await startInstanceAt(
      'signals.start',
      'campaignStarted',
      { campaign: 'autumn' },
      4301,
    );

    // then
    expect(elementStates(driver.records, 'campaignStarted')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['followUp']);
    expect(driver.processVariables()).toEqual({ campaign: 'autumn' });
    expect(driver.current.deliveries).toEqual([4301]);
  });
});
