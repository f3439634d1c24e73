/**
 * Messages as Zeebe correlates them: a catch event, receive task or boundary event opens
 * a subscription for its message name and correlation key; the server correlates a
 * message to it, and the message's variables come in through the element's output
 * mappings. A message delivered twice (the same message key) changes nothing.
 */
import { describe, expect, it } from 'vitest';
import {
  elementStates,
  expectRejected,
  instanceStates,
  recordsOf,
  startInstance,
  startInstanceAt,
} from './support';

describe('message intermediate catch event', () => {
  it('subscribes with the correlation key as a string when it evaluates to a number', async () => {
    // when
    const driver = await startInstance('messages.catch', { orderId: 42 });

    // then
    const subscription = driver.messageSubscription('paid');
    expect(subscription).toEqual({
      key: subscription.key,
      elementInstanceKey: driver.elementKey('paid'),
      elementId: 'paid',
      messageName: 'payment.received',
      correlationKey: '42',
      interrupting: true,
    });
    expect(recordsOf(driver.records, 'messageSubscription')).toEqual([
      { kind: 'messageSubscription', row: subscription, state: 'CREATED' },
    ]);
  });

  it('completes with the message variables in the process scope and closes the subscription', async () => {
    // given
    const driver = await startInstance('messages.catch', { orderId: 'O-7' });
    const subscription = driver.messageSubscription('paid');

    // when
    const correlated = driver.correlate('paid', 501, { amount: 99.5, currency: 'EUR' });

    // then
    expect(recordsOf(correlated.records, 'messageSubscription')).toEqual([
      { kind: 'messageSubscription', row: subscription, state: 'CORRELATED' },
    ]);
    expect(elementStates(correlated.records, 'paid')).toEqual(['COMPLETED']);
    expect(driver.processVariables()).toEqual({ orderId: 'O-7', amount: 99.5, currency: 'EUR' });
    expect(driver.activeElementIds()).toEqual(['ship']);
    expect(driver.current.messageSubscriptions).toEqual({});
    expect(driver.current.deliveries).toEqual([501]);
  });

  it('lets only the output-mapped variables of the message into the process', async () => {
    // given
    const driver = await startInstance('messages.outputs', { orderId: 'O-7' });

    // when
    driver.correlate('paid', 501, { amount: 99.5, currency: 'EUR', raw: '<xml/>' });

    // then
    expect(driver.processVariables()).toEqual({
      orderId: 'O-7',
      payment: { amount: 99.5, currency: 'EUR' },
    });
    expect(driver.activeElementIds()).toEqual(['thank']);
  });

  it('rejects a correlation to a subscription that is no longer open with NOT_FOUND', async () => {
    // given
    const driver = await startInstance('messages.catch', { orderId: 'O-7' });
    const subscriptionKey = driver.messageSubscription('paid').key;
    driver.correlate('paid', 501);

    // when
    const result = driver.send({
      type: 'message.correlate',
      subscriptionKey,
      messageKey: 502,
      variables: {},
    });

    // then
    expectRejected(result, 'NOT_FOUND');
  });

  it('raises an EXTRACT_VALUE_ERROR incident when the correlation key is not a string or number', async () => {
    // when: `customer.id` without a customer is null
    const driver = await startInstance('messages.failingKey');

    // then
    const incident = driver.incident('confirmed');
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
    expect(incident.errorMessage).toContain(
      "Failed to extract the correlation key for 'confirmed'",
    );
    expect(driver.current.messageSubscriptions).toEqual({});
  });

  it('subscribes once the variable exists and the incident is resolved', async () => {
    // given
    const driver = await startInstance('messages.failingKey');

    // when
    driver.setProcessVariables({ customer: { id: 'C-9' } });
    driver.resolveIncident('confirmed');

    // then
    expect(driver.messageSubscription('confirmed')).toMatchObject({
      messageName: 'customer.confirmed',
      correlationKey: 'C-9',
    });
    expect(driver.current.incidents).toEqual({});
  });
});

describe('receive task', () => {
  it('subscribes like a catch event and completes through its output mappings', async () => {
    // given
    const driver = await startInstance('messages.receiveTask', { orderId: 42 });
    const receiveKey = driver.elementKey('receive');
    const subscription = driver.messageSubscription('receive');

    // when
    const correlated = driver.correlate('receive', 777, { amount: 12, note: 'thanks' });

    // then
    expect(subscription).toMatchObject({
      elementInstanceKey: receiveKey,
      messageName: 'payment.received',
      correlationKey: '42',
    });
    expect(elementStates(correlated.records, 'receive')).toEqual(['COMPLETED']);
    expect(driver.processVariables()).toEqual({ orderId: 42, paidAmount: 12 });
    expect(driver.activeElementIds()).toEqual(['thank']);
  });
});

describe('interrupting message boundary event', () => {
  it('cancels the Camunda user task and takes the boundary path with the message variables', async () => {
    // given
    const driver = await startInstance('messages.interruptingBoundary', { quoteId: 'Q-1' });
    const reviewKey = driver.elementKey('review');
    const userTaskKey = driver.userTask('review').key;
    const subscription = driver.messageSubscription('withdrawn');

    // when
    const correlated = driver.correlate('withdrawn', 900, { reason: 'budget' });

    // then
    expect(subscription).toMatchObject({
      elementInstanceKey: reviewKey,
      messageName: 'quote.withdrawn',
      correlationKey: 'Q-1',
      interrupting: true,
    });
    expect(recordsOf(correlated.records, 'userTask')).toEqual([
      expect.objectContaining({
        state: 'CANCELED',
        row: expect.objectContaining({ key: userTaskKey, assignee: 'anna' }),
      }),
    ]);
    expect(elementStates(correlated.records, 'review')).toEqual(['TERMINATED']);
    expect(elementStates(correlated.records, 'withdrawn')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['archive']);
    expect(driver.processVariables()).toEqual({ quoteId: 'Q-1', reason: 'budget' });
    expect(driver.current.userTasks).toEqual({});
    expect(driver.current.messageSubscriptions).toEqual({});
  });

  it('deletes the subscription when the user task completes first', async () => {
    // given
    const driver = await startInstance('messages.interruptingBoundary', { quoteId: 'Q-1' });
    const subscription = driver.messageSubscription('withdrawn');

    // when
    const completed = driver.completeUserTask('review');

    // then
    expect(recordsOf(completed.records, 'messageSubscription')).toEqual([
      { kind: 'messageSubscription', row: subscription, state: 'DELETED' },
    ]);
    expect(driver.current.state).toBe('COMPLETED');
  });
});

describe('non-interrupting message boundary event', () => {
  it('keeps the user task and the subscription when a message is correlated', async () => {
    // given
    const driver = await startInstance('messages.nonInterruptingBoundary', { quoteId: 'Q-2' });
    const userTaskKey = driver.userTask('review').key;
    const subscription = driver.messageSubscription('noteAdded');

    // when
    const correlated = driver.correlate('noteAdded', 1001, { note: 'call back Monday' });

    // then
    expect(subscription.interrupting).toBe(false);
    expect(recordsOf(correlated.records, 'messageSubscription').map((r) => r.state)).toEqual([
      'CORRELATED',
      'CREATED',
    ]);
    expect(elementStates(correlated.records, 'noteAdded')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(correlated.records, 'noted')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(correlated.records, 'review')).toEqual([]);
    expect(driver.userTask('review').key).toBe(userTaskKey);
    expect(driver.messageSubscription('noteAdded')).toEqual(subscription);
    expect(driver.processVariables()).toEqual({ quoteId: 'Q-2', note: 'call back Monday' });
  });

  it('fires again for a second message with another message key', async () => {
    // given
    const driver = await startInstance('messages.nonInterruptingBoundary', { quoteId: 'Q-2' });
    driver.correlate('noteAdded', 1001, { note: 'first' });

    // when
    const second = driver.correlate('noteAdded', 1002, { note: 'second' });

    // then
    expect(elementStates(second.records, 'noteAdded')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'noted')).toEqual([
      'ACTIVE',
      'COMPLETED',
      'ACTIVE',
      'COMPLETED',
    ]);
    expect(driver.processVariables()).toMatchObject({ note: 'second' });
    expect(driver.current.deliveries).toEqual([1001, 1002]);
    expect(driver.activeElementIds()).toEqual(['review']);
  });

  it('accepts the same message key a second time and changes nothing', async () => {
    // given
    const driver = await startInstance('messages.nonInterruptingBoundary', { quoteId: 'Q-2' });
    driver.correlate('noteAdded', 1001, { note: 'first' });
    const before = structuredClone(driver.current);

    // when
    const repeated = driver.correlate('noteAdded', 1001, { note: 'first, again' });

    // then
    expect(repeated.records).toEqual([]);
    expect(driver.current).toStrictEqual(before);
    expect(elementStates(driver.records, 'noted')).toEqual(['ACTIVE', 'COMPLETED']);
  });

  it('deletes the subscription when the user task completes', async () => {
    // given
    const driver = await startInstance('messages.nonInterruptingBoundary', { quoteId: 'Q-2' });
    driver.correlate('noteAdded', 1001);
    const subscription = driver.messageSubscription('noteAdded');

    // when
    const completed = driver.completeUserTask('review');

    // then
    expect(recordsOf(completed.records, 'messageSubscription')).toEqual([
      { kind: 'messageSubscription', row: subscription, state: 'DELETED' },
    ]);
    expect(driver.current.messageSubscriptions).toEqual({});
    expect(driver.current.state).toBe('COMPLETED');
  });
});

describe('message start event', () => {
  it('enters the message start event with the message variables in the process scope', async () => {
    // when
    const driver = await startInstanceAt(
      'messages.start',
      'leadReceived',
      { leadId: 'L-5', source: 'web' },
      3001,
    );

    // then
    expect(instanceStates(driver.records)).toEqual(['ACTIVE']);
    expect(elementStates(driver.records, 'leadReceived')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'manual')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['qualify']);
    expect(driver.processVariables()).toEqual({ leadId: 'L-5', source: 'web' });
    expect(driver.current.deliveries).toEqual([3001]);
  });

  it('still enters the none start event when no start element is given', async () => {
    // when
    const driver = await startInstance('messages.start', { leadId: 'L-6' });

    // then
    expect(elementStates(driver.records, 'manual')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'leadReceived')).toEqual([]);
    expect(driver.processVariables()).toEqual({ leadId: 'L-6' });
  });
});

describe('message throw and end events', () => {
  it('run as jobs of their zeebe:taskDefinition type and go on when the job completes', async () => {
    // given
    const driver = await startInstance('messages.throw');
    const notify = driver.job('notify');

    // when
    driver.completeJob('notify');
    const confirm = driver.job('confirm');
    driver.completeJob('confirm');

    // then
    expect(notify).toMatchObject({ type: 'crm.notify', retries: 2 });
    expect(confirm).toMatchObject({ type: 'crm.confirm', retries: 3 });
    expect(elementStates(driver.records, 'notify')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'confirm')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });
});
