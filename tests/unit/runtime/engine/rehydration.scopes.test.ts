/**
 * The wait states of subprocesses, event subprocesses and thrown errors survive persist →
 * restore → continue: the state is stored as JSON text between commands and the instance
 * goes on from the text exactly as it would have from the live object.
 */
import { describe, expect, it } from 'vitest';
import { processCommand, type Command, type InstanceState } from '../../../../runtime/src';
import {
  InstanceDriver,
  elementStates,
  instanceStates,
  jobsOf,
  startInstance,
  throwJobError,
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

describe('persist → restore → continue inside a subprocess', () => {
  it('completes a restored job inside a subprocess and applies the subprocess outputs', async () => {
    // given
    const driver = await startInstance('subProcess.variables', { amount: 100 });
    const restored = restore(driver);
    const jobKey = restored.job('price').key;

    // when
    restored.completeJob('price', { discount: 15 });

    // then
    expect(restored.processVariables()).toEqual({ amount: 100, appliedDiscount: 15 });
    expect(restored.activeElementIds()).toEqual(['drafting', 'write']);
    expectSameFromText(driver, { type: 'job.complete', jobKey, variables: { discount: 15 } });
  });

  it('fires a restored interrupting timer on a subprocess and terminates what is inside', async () => {
    // given
    const driver = await startInstance('subProcess.boundaries', { orderId: 'O-1' });
    driver.completeJob('pick');
    const restored = restore(driver);
    const timer = restored.timer('deadline');

    // when
    const fired = restored.fireTimer('deadline');

    // then
    expect(elementStates(fired.records, 'invoice')).toEqual(['TERMINATED']);
    expect(restored.activeElementIds()).toEqual(['apologise']);
    expect(restored.current.joins).toEqual({});
    driver.now = timer.dueDate;
    expectSameFromText(driver, { type: 'timer.trigger', timerKey: timer.key });
  });

  it('completes a restored nested subprocess from the inside out', async () => {
    // given
    let driver = await startInstance('subProcess.nested');

    // when
    driver = restore(driver);
    driver.completeJob('create');
    driver = restore(driver);
    const variables = driver.processVariables();
    const completed = driver.completeJob('welcome');

    // then
    expect(variables).toEqual({ setupResult: 'inner done' });
    expect(instanceStates(completed.records)).toEqual(['COMPLETED']);
  });
});

describe('persist → restore → continue with event subprocesses', () => {
  it('starts an interrupting event subprocess from a restored subscription', async () => {
    // given
    const driver = await startInstance('eventSubProcess.message', { orderId: 'O-1' });
    const restored = restore(driver);
    const subscriptionKey = restored.messageSubscription('cancelled').key;

    // when
    restored.correlate('cancelled', 801, { reason: 'customer' });

    // then
    expect(restored.activeElementIds()).toEqual(['cancellation', 'refund']);
    expect(restored.current.messageSubscriptions).toEqual({});
    expectSameFromText(driver, {
      type: 'message.correlate',
      subscriptionKey,
      messageKey: 801,
      variables: { reason: 'customer' },
    });
  });

  it('keeps a restored non-interrupting event subprocess running and its subscription open', async () => {
    // given
    let driver = await startInstance('eventSubProcess.message', { orderId: 'O-1' });
    driver.correlate('noteAdded', 901);

    // when
    driver = restore(driver);
    driver.correlate('noteAdded', 902);
    driver = restore(driver);
    driver.completeJob('ship');
    for (const job of jobsOf(driver, 'record')) {
      driver = restore(driver);
      driver.run({ type: 'job.complete', jobKey: job.key, variables: {} });
    }

    // then
    expect(driver.current.state).toBe('COMPLETED');
    expect(driver.current.messageSubscriptions).toEqual({});
  });

  it('fires a restored timer of an event subprocess', async () => {
    // given
    const driver = await startInstance('eventSubProcess.timer');
    driver.fireTimer('remind');
    const restored = restore(driver);
    const timer = restored.timer('expired');

    // when
    restored.fireTimer('expired');

    // then
    expect(restored.activeElementIds()).toEqual(['close', 'expiry']);
    driver.now = timer.dueDate;
    expectSameFromText(driver, { type: 'timer.trigger', timerKey: timer.key });
  });

  it('starts a restored event subprocess inside a subprocess', async () => {
    // given
    const driver = await startInstance('eventSubProcess.inSubProcess', { contractId: 'C-1' });
    const restored = restore(driver);

    // when
    restored.correlate('withdrawn', 301);
    const afterRestore = restore(restored);
    afterRestore.completeJob('void');

    // then
    expect(afterRestore.activeElementIds()).toEqual(['archive', 'track']);
  });
});

describe('persist → restore → continue after a thrown error', () => {
  it('remembers across a restore that a scope was interrupted by its event subprocess', async () => {
    // given
    const driver = await startInstance('errors.scopeOrder');
    throwJobError(driver, 'load', 'BAD_FILE');
    const restored = restore(driver);
    const jobKey = restored.job('repair').key;

    // when
    throwJobError(restored, 'repair', 'BAD_FILE');

    // then
    expect(restored.activeElementIds()).toEqual(['reject']);
    expectSameFromText(driver, {
      type: 'job.throwError',
      jobKey,
      errorCode: 'BAD_FILE',
      errorMessage: '',
      variables: {},
    });
  });

  it('resolves a restored unhandled job error and completes the job', async () => {
    // given
    let driver = await startInstance('errors.uncaught');
    throwJobError(driver, 'refund', 'NO_FUNDS', 'balance is 0');

    // when
    driver = restore(driver);
    driver.resolveIncident('refund');
    driver = restore(driver);
    driver.completeJob('refund');

    // then: the error end event behind it is not caught either
    expect(driver.incident('failed').errorType).toBe('UNHANDLED_ERROR_EVENT');
    expect(driver.activeElementIds()).toEqual(['failed']);
  });
});
