/**
 * Every wait state survives persist → restore → continue: the state is stored as JSON
 * text between commands (as the server stores a commit) and the instance goes on from
 * the text exactly as it would have from the live object.
 */
import { describe, expect, it } from 'vitest';
import { processCommand, type Command, type InstanceState } from '../../../../runtime/src';
import {
  InstanceDriver,
  T0,
  elementStates,
  expectRejected,
  instanceStates,
  startInstance,
} from './support';

/** Stores the driver's state as text and reads it back into a new driver. */
function restore(driver: InstanceDriver): InstanceDriver {
  const stored = JSON.stringify(driver.current);
  const restored = new InstanceDriver(driver.definition, { now: driver.now });
  restored.state = JSON.parse(stored) as InstanceState;
  return restored;
}

/** The same command from the live state and from its JSON text give the same result. */
function expectSameFromText(driver: InstanceDriver, command: Command) {
  const context = driver.nextContext();
  const live = processCommand(driver.definition, driver.current, command, context);
  const text = JSON.parse(JSON.stringify(driver.current)) as InstanceState;
  const fromText = processCommand(driver.definition, text, command, context);
  expect(fromText).toStrictEqual(live);
}

describe('persist → restore → continue', () => {
  it('keeps everything a state holds through a JSON round trip', async () => {
    // given
    const driver = await startInstance('parallelGateway.forkJoin', { nested: { a: [1, 2] } });
    driver.completeJob('contract');

    // when
    const restored = restore(driver);

    // then
    expect(restored.current).toStrictEqual(driver.current);
  });

  it('completes a restored service task job', async () => {
    // given
    const driver = await startInstance('processCommand.serviceTask', { leadId: 'L-1' });
    const restored = restore(driver);

    // when
    const result = restored.completeJob('send', { offerId: 'O-1' });

    // then
    expect(restored.current.state).toBe('COMPLETED');
    expect(elementStates(result.records, 'send')).toEqual(['COMPLETED']);
    expect(elementStates(result.records, 'end')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(instanceStates(result.records)).toEqual(['COMPLETED']);
    expectSameFromText(driver, { type: 'job.complete', jobKey: driver.job().key, variables: {} });
  });

  it('completes a restored Camunda user task with variables', async () => {
    // given
    const driver = await startInstance('rehydration.userTask', { offer: 'O-1' });
    const restored = restore(driver);
    const task = restored.userTask('review');

    // when
    const result = restored.completeUserTask('review', { approved: true });

    // then
    expect(task).toMatchObject({ assignee: 'anna', candidateGroups: ['sales'] });
    expect(result.records).toContainEqual(
      expect.objectContaining({ kind: 'userTask', state: 'COMPLETED' }),
    );
    expect(restored.current.state).toBe('COMPLETED');
    expectSameFromText(driver, {
      type: 'userTask.complete',
      userTaskKey: task.key,
      variables: { approved: true },
    });
  });

  it('assigns and then completes a user task restored between each command', async () => {
    // given
    let driver = await startInstance('rehydration.userTask');
    const userTaskKey = driver.userTask().key;

    // when
    driver = restore(driver);
    driver.run({ type: 'userTask.assign', userTaskKey, assignee: 'carl', allowOverride: true });
    driver = restore(driver);
    const assignee = driver.userTask().assignee;
    driver.run({ type: 'userTask.complete', userTaskKey, variables: {} });

    // then
    expect(assignee).toBe('carl');
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('completes a restored job-worker user task through its job', async () => {
    // given
    const driver = await startInstance('rehydration.jobWorkerUserTask');
    const restored = restore(driver);
    const job = restored.job('call');

    // when
    restored.completeJob('call', { reached: true });

    // then
    expect(job.type).toBe('io.camunda.zeebe:userTask');
    expect(job.customHeaders).toMatchObject({ 'io.camunda.zeebe:assignee': 'bob' });
    expect(restored.current.state).toBe('COMPLETED');
    expectSameFromText(driver, { type: 'job.complete', jobKey: job.key, variables: {} });
  });

  it('joins a restored token waiting at a parallel join', async () => {
    // given
    const driver = await startInstance('parallelGateway.forkJoin');
    driver.completeJob('contract');
    const restored = restore(driver);

    // when
    restored.completeJob('welcome');

    // then
    expect(restored.activeElementIds()).toEqual(['activate']);
    expect(restored.current.joins).toEqual({});
    expectSameFromText(driver, {
      type: 'job.complete',
      jobKey: driver.job('welcome').key,
      variables: {},
    });
  });

  it('resolves a restored job incident after its retries are updated', async () => {
    // given
    let driver = await startInstance('processCommand.serviceTask');
    const jobKey = driver.job().key;
    driver.run({
      type: 'job.fail',
      jobKey,
      retries: 0,
      errorMessage: 'mail server down',
      retryBackOff: 0,
      variables: {},
    });

    // when
    driver = restore(driver);
    driver.run({ type: 'job.updateRetries', jobKey, retries: 2 });
    driver = restore(driver);
    driver.resolveIncident('send');
    driver = restore(driver);
    driver.completeJob('send');

    // then
    expect(driver.current.state).toBe('COMPLETED');
  });
});

describe('persist → restore → continue while waiting for an event', () => {
  it('fires a restored intermediate timer at its due date', async () => {
    // given
    const driver = await startInstance('timers.duration');
    const restored = restore(driver);
    const timer = restored.timer('wait');

    // when
    restored.fireTimer('wait');

    // then
    expect(timer.dueDate).toBe(T0 + 10 * 60_000);
    expect(restored.activeElementIds()).toEqual(['call']);
    expect(restored.current.timers).toEqual({});
    driver.now = timer.dueDate;
    expectSameFromText(driver, { type: 'timer.trigger', timerKey: timer.key });
  });

  it('still rejects a restored timer before its due date', async () => {
    // given
    const driver = await startInstance('timers.duration');
    const restored = restore(driver);

    // when
    restored.now = T0 + 60_000;
    const result = restored.send({ type: 'timer.trigger', timerKey: restored.timer('wait').key });

    // then
    expectRejected(result, 'INVALID_STATE');
    expect(restored.timer('wait').dueDate).toBe(T0 + 10 * 60_000);
  });

  it('correlates a message to a restored catch event subscription', async () => {
    // given
    const driver = await startInstance('messages.catch', { orderId: 42 });
    const restored = restore(driver);
    const subscriptionKey = restored.messageSubscription('paid').key;

    // when
    restored.correlate('paid', 501, { amount: 10 });

    // then
    expect(restored.activeElementIds()).toEqual(['ship']);
    expect(restored.processVariables()).toEqual({ orderId: 42, amount: 10 });
    expectSameFromText(driver, {
      type: 'message.correlate',
      subscriptionKey,
      messageKey: 501,
      variables: { amount: 10 },
    });
  });

  it('keeps a restored cycle counting: each firing restored in between, three in all', async () => {
    // given
    let driver = await startInstance('timers.nonInterruptingBoundary');

    // when
    for (let firing = 0; firing < 3; firing++) {
      driver = restore(driver);
      driver.fireTimer('remind');
    }
    driver = restore(driver);

    // then
    expect(driver.current.timers).toEqual({});
    expect(driver.activeElementIds()).toEqual(['review']);
    driver.completeJob('review');
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('interrupts a restored user task through its message boundary event', async () => {
    // given
    const driver = await startInstance('messages.interruptingBoundary', { quoteId: 'Q-1' });
    const restored = restore(driver);
    const subscriptionKey = restored.messageSubscription('withdrawn').key;

    // when
    const correlated = restored.correlate('withdrawn', 900, { reason: 'budget' });

    // then
    expect(elementStates(correlated.records, 'review')).toEqual(['TERMINATED']);
    expect(restored.activeElementIds()).toEqual(['archive']);
    expect(restored.current.userTasks).toEqual({});
    expectSameFromText(driver, {
      type: 'message.correlate',
      subscriptionKey,
      messageKey: 900,
      variables: { reason: 'budget' },
    });
  });

  it('takes the timer branch of a restored event-based gateway and deletes the subscription', async () => {
    // given
    const driver = await startInstance('eventBasedGateway.messageOrTimer', { orderId: 'O-1' });
    const restored = restore(driver);
    const timer = restored.timer('overdue');

    // when
    const fired = restored.fireTimer('overdue');

    // then
    expect(fired.records).toContainEqual(
      expect.objectContaining({ kind: 'messageSubscription', state: 'DELETED' }),
    );
    expect(restored.activeElementIds()).toEqual(['remind']);
    expect(restored.current.messageSubscriptions).toEqual({});
    driver.now = timer.dueDate;
    expectSameFromText(driver, { type: 'timer.trigger', timerKey: timer.key });
  });

  it('recognises a message delivered before the restore as already taken in', async () => {
    // given
    const driver = await startInstance('messages.nonInterruptingBoundary', { quoteId: 'Q-2' });
    driver.correlate('noteAdded', 1001, { note: 'first' });
    const restored = restore(driver);

    // when
    const repeated = restored.correlate('noteAdded', 1001, { note: 'first' });

    // then
    expect(repeated.records).toEqual([]);
    expect(restored.current).toStrictEqual(driver.current);
  });
});
