/**
 * The event-based gateway as Zeebe runs it: on activation it arms every event after it;
 * the first to fire completes the gateway, closes the others and is entered itself, so
 * exactly one branch is taken.
 */
import { describe, expect, it } from 'vitest';
import { T0, elementStates, expectRejected, recordsOf, startInstance } from './support';

const DAY = 24 * 60 * 60_000;

async function waitingGateway() {
  return startInstance('eventBasedGateway.messageOrTimer', { orderId: 'O-11' });
}

describe('event-based gateway', () => {
  it('arms the message subscription and the timer of both branches on activation', async () => {
    // when
    const driver = await waitingGateway();

    // then
    const gatewayKey = driver.elementKey('gateway');
    expect(driver.activeElementIds()).toEqual(['gateway']);
    expect(driver.messageSubscription()).toMatchObject({
      elementInstanceKey: gatewayKey,
      elementId: 'paid',
      messageName: 'payment.received',
      correlationKey: 'O-11',
      interrupting: true,
    });
    expect(driver.timer()).toMatchObject({
      elementInstanceKey: gatewayKey,
      elementId: 'overdue',
      dueDate: T0 + 3 * DAY,
      interrupting: true,
    });
    // the events after the gateway are not entered until one fires
    expect(elementStates(driver.records, 'paid')).toEqual([]);
    expect(elementStates(driver.records, 'overdue')).toEqual([]);
  });

  it('cancels the timer and takes the message branch with its variables when the message comes first', async () => {
    // given
    const driver = await waitingGateway();
    const timer = driver.timer('overdue');

    // when
    const correlated = driver.correlate('paid', 5001, { amount: 240, channel: 'card' });

    // then
    expect(recordsOf(correlated.records, 'timer')).toEqual([
      { kind: 'timer', row: timer, state: 'CANCELED' },
    ]);
    expect(recordsOf(correlated.records, 'messageSubscription').map((r) => r.state)).toEqual([
      'CORRELATED',
    ]);
    expect(elementStates(correlated.records, 'gateway')).toEqual(['COMPLETED']);
    expect(elementStates(correlated.records, 'paid')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(correlated.records, 'overdue')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['ship']);
    expect(driver.processVariables()).toEqual({ orderId: 'O-11', paidAmount: 240 });
    expect(driver.current).toMatchObject({ timers: {}, messageSubscriptions: {} });
  });

  it('deletes the subscription and takes the timer branch when the timer fires first', async () => {
    // given
    const driver = await waitingGateway();
    const subscription = driver.messageSubscription('paid');

    // when
    const fired = driver.fireTimer('overdue');

    // then
    expect(recordsOf(fired.records, 'timer').map((r) => r.state)).toEqual(['TRIGGERED']);
    expect(recordsOf(fired.records, 'messageSubscription')).toEqual([
      { kind: 'messageSubscription', row: subscription, state: 'DELETED' },
    ]);
    expect(elementStates(fired.records, 'gateway')).toEqual(['COMPLETED']);
    expect(elementStates(fired.records, 'overdue')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(fired.records, 'paid')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['remind']);
    expect(driver.current).toMatchObject({ timers: {}, messageSubscriptions: {} });
  });

  it('rejects the losing event once the winner has fired', async () => {
    // given
    const driver = await waitingGateway();
    const timerKey = driver.timer('overdue').key;
    driver.correlate('paid', 5001, { amount: 240 });
    driver.now = T0 + 4 * DAY;

    // when
    const result = driver.send({ type: 'timer.trigger', timerKey });

    // then
    expectRejected(result, 'NOT_FOUND');
    expect(driver.activeElementIds()).toEqual(['ship']);
  });

  it('removes every timer and subscription when the instance is cancelled', async () => {
    // given
    const driver = await waitingGateway();
    const timer = driver.timer('overdue');
    const subscription = driver.messageSubscription('paid');

    // when
    const canceled = driver.run({ type: 'instance.cancel' });

    // then
    expect(recordsOf(canceled.records, 'timer')).toEqual([
      { kind: 'timer', row: timer, state: 'CANCELED' },
    ]);
    expect(recordsOf(canceled.records, 'messageSubscription')).toEqual([
      { kind: 'messageSubscription', row: subscription, state: 'DELETED' },
    ]);
    expect(elementStates(canceled.records, 'gateway')).toEqual(['TERMINATED']);
    expect(driver.current).toMatchObject({
      state: 'TERMINATED',
      elements: {},
      timers: {},
      messageSubscriptions: {},
      signalSubscriptions: {},
    });
  });
});
