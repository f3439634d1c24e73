/**
 * Timers as Zeebe runs them: an intermediate timer catch event waits for its date or
 * duration, a boundary timer interrupts its activity or fires beside it (cycles re-arm),
 * and a timer start event is entered when the server creates an instance through it.
 * A timer never fires before its due date, whoever asks.
 */
import { describe, expect, it } from 'vitest';
import {
  InstanceDriver,
  T0,
  createCommand,
  elementStates,
  expectRejected,
  instanceStates,
  loadDefinition,
  recordsOf,
  startInstance,
  startInstanceAt,
} from './support';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('intermediate timer catch event', () => {
  it('arms a timer due the duration after the clock of the command that entered it', async () => {
    // when
    const driver = await startInstance('timers.duration');

    // then
    const timer = driver.timer('wait');
    expect(timer).toEqual({
      key: timer.key,
      elementInstanceKey: driver.elementKey('wait'),
      elementId: 'wait',
      dueDate: T0 + 10 * MINUTE,
      cycle: null,
      remaining: null,
      interrupting: true,
    });
    expect(recordsOf(driver.records, 'timer')).toEqual([
      { kind: 'timer', row: timer, state: 'CREATED' },
    ]);
    expect(driver.activeElementIds()).toEqual(['wait']);
  });

  it('rejects a trigger before the due date and changes nothing', async () => {
    // given
    const driver = await startInstance('timers.duration');
    const before = structuredClone(driver.current);
    driver.now = T0 + 10 * MINUTE - 1;

    // when
    const result = driver.send({ type: 'timer.trigger', timerKey: driver.timer('wait').key });

    // then
    expect(expectRejected(result, 'INVALID_STATE').message).toContain('2025-03-04T05:16:07.000Z');
    expect(driver.current).toStrictEqual(before);
  });

  it('completes the catch event and goes on when the timer fires at its due date', async () => {
    // given
    const driver = await startInstance('timers.duration');
    const timerKey = driver.timer('wait').key;
    driver.now = T0 + 10 * MINUTE;

    // when
    const fired = driver.run({ type: 'timer.trigger', timerKey });

    // then
    expect(recordsOf(fired.records, 'timer')).toEqual([
      expect.objectContaining({
        state: 'TRIGGERED',
        row: expect.objectContaining({ key: timerKey }),
      }),
    ]);
    expect(elementStates(fired.records, 'wait')).toEqual(['COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['call']);
    expect(driver.job('call').type).toBe('crm.callLead');
    expect(driver.current.timers).toEqual({});
  });

  it('rejects a second trigger of a fired timer with NOT_FOUND', async () => {
    // given
    const driver = await startInstance('timers.duration');
    const timerKey = driver.timer('wait').key;
    driver.now = T0 + HOUR;
    driver.run({ type: 'timer.trigger', timerKey });

    // when
    const result = driver.send({ type: 'timer.trigger', timerKey });

    // then
    expectRejected(result, 'NOT_FOUND');
  });

  it('is due at a timeDate with an offset, and completes then', async () => {
    // given
    const driver = await startInstance('timers.date');
    const timer = driver.timer('launch');

    // when
    driver.now = Date.UTC(2025, 2, 10, 8, 30);
    driver.run({ type: 'timer.trigger', timerKey: timer.key });

    // then: 09:30 at +01:00 is 08:30 UTC
    expect(timer.dueDate).toBe(Date.UTC(2025, 2, 10, 8, 30));
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('evaluates a FEEL duration and a variable holding one, each at its own clock', async () => {
    // given
    const driver = await startInstance('timers.feelDuration', { reminderDelay: 'PT1H' });
    const short = driver.timer('short');

    // when
    driver.fireTimer('short');

    // then: `duration("PT5M")` from T0, `reminderDelay` from the moment the first timer fired
    expect(short.dueDate).toBe(T0 + 5 * MINUTE);
    expect(driver.timer('reminder').dueDate).toBe(T0 + 5 * MINUTE + HOUR);
    expect(driver.activeElementIds()).toEqual(['reminder']);
  });

  it('raises an EXTRACT_VALUE_ERROR incident on the event when the FEEL timer is invalid', async () => {
    // when
    const driver = await startInstance('timers.invalidFeel', { delay: 'soon' });

    // then
    const incident = driver.incident('wait');
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
    expect(incident.errorMessage).toContain("the timer of 'wait' is invalid");
    expect(incident.elementInstanceKey).toBe(driver.elementKey('wait'));
    expect(driver.current.timers).toEqual({});
    expect(recordsOf(driver.records, 'timer')).toEqual([]);
  });

  it('raises an EXTRACT_VALUE_ERROR incident when the FEEL timer is not a string', async () => {
    // when: `delay` is missing, so the expression is null
    const driver = await startInstance('timers.invalidFeel');

    // then
    const incident = driver.incident('wait');
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
    expect(incident.errorMessage).toContain("but was 'null'");
  });

  it('arms the timer once the variable is fixed and the incident resolved', async () => {
    // given
    const driver = await startInstance('timers.invalidFeel', { delay: 'soon' });
    driver.now = T0 + MINUTE;

    // when
    driver.setProcessVariables({ delay: 'PT2M' });
    driver.resolveIncident('wait');

    // then
    expect(driver.current.incidents).toEqual({});
    expect(driver.timer('wait').dueDate).toBe(T0 + 3 * MINUTE);
  });
});

describe('interrupting timer boundary event', () => {
  it('arms the boundary timer with the activity, owned by the activity', async () => {
    // when
    const driver = await startInstance('timers.interruptingBoundary');

    // then
    expect(driver.timer()).toMatchObject({
      elementInstanceKey: driver.elementKey('call'),
      elementId: 'timeout',
      dueDate: T0 + HOUR,
      interrupting: true,
    });
    expect(driver.job('call').type).toBe('crm.callLead');
  });

  it('takes the boundary path and cancels the job when an interrupting timer fires', async () => {
    // given
    const driver = await startInstance('timers.interruptingBoundary');
    const jobKey = driver.job('call').key;

    // when
    const fired = driver.fireTimer('timeout');

    // then
    expect(recordsOf(fired.records, 'timer').map((r) => r.state)).toEqual(['TRIGGERED']);
    expect(recordsOf(fired.records, 'job')).toEqual([
      expect.objectContaining({ state: 'CANCELED', row: expect.objectContaining({ key: jobKey }) }),
      expect.objectContaining({
        state: 'CREATED',
        row: expect.objectContaining({ elementId: 'escalate' }),
      }),
    ]);
    expect(elementStates(fired.records, 'call')).toEqual(['TERMINATED']);
    expect(elementStates(fired.records, 'timeout')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['escalate']);
    expect(Object.keys(driver.current.jobs)).toEqual([String(driver.job('escalate').key)]);
    expect(driver.current.timers).toEqual({});
  });

  it('rejects completing the job of the interrupted task', async () => {
    // given
    const driver = await startInstance('timers.interruptingBoundary');
    const jobKey = driver.job('call').key;
    driver.fireTimer('timeout');

    // when
    const result = driver.send({ type: 'job.complete', jobKey, variables: {} });

    // then
    expectRejected(result, 'NOT_FOUND');
  });

  it('cancels the boundary timer when the task completes first', async () => {
    // given
    const driver = await startInstance('timers.interruptingBoundary');
    const timerKey = driver.timer('timeout').key;

    // when
    const completed = driver.completeJob('call');

    // then
    expect(recordsOf(completed.records, 'timer')).toEqual([
      expect.objectContaining({
        state: 'CANCELED',
        row: expect.objectContaining({ key: timerKey }),
      }),
    ]);
    expect(driver.current.state).toBe('COMPLETED');
    driver.now = T0 + 2 * HOUR;
    expectRejected(driver.send({ type: 'timer.trigger', timerKey }), 'NOT_FOUND');
  });
});

describe('non-interrupting timer boundary event with a cycle', () => {
  it('fires R3/PT10S three times beside the active task, re-arming a new timer each time', async () => {
    // given
    const driver = await startInstance('timers.nonInterruptingBoundary');
    const reviewKey = driver.elementKey('review');
    const jobKey = driver.job('review').key;
    const keys: number[] = [];
    const firings: { states: string[]; reminded: string[] }[] = [];

    // when
    for (let firing = 1; firing <= 3; firing++) {
      const timer = driver.timer('remind');
      keys.push(timer.key);
      expect(timer).toMatchObject({
        elementInstanceKey: reviewKey,
        dueDate: T0 + firing * 10_000,
        cycle: 'R3/PT10S',
        remaining: 3 - firing,
        interrupting: false,
      });
      const fired = driver.fireTimer('remind');
      firings.push({
        states: recordsOf(fired.records, 'timer').map((r) => `${r.state}:${r.row.key}`),
        reminded: elementStates(fired.records, 'reminded'),
      });
    }

    // then
    expect(new Set(keys).size).toBe(3);
    expect(firings).toEqual([
      { states: [`TRIGGERED:${keys[0]}`, `CREATED:${keys[1]}`], reminded: ['ACTIVE', 'COMPLETED'] },
      { states: [`TRIGGERED:${keys[1]}`, `CREATED:${keys[2]}`], reminded: ['ACTIVE', 'COMPLETED'] },
      { states: [`TRIGGERED:${keys[2]}`], reminded: ['ACTIVE', 'COMPLETED'] },
    ]);
    expect(driver.current.timers).toEqual({});
    expect(driver.activeElementIds()).toEqual(['review']);
    expect(driver.elementKey('review')).toBe(reviewKey);
    expect(driver.job('review').key).toBe(jobKey);
  });

  it('removes the pending timer when the task completes', async () => {
    // given
    const driver = await startInstance('timers.nonInterruptingBoundary');
    driver.fireTimer('remind');
    const pending = driver.timer('remind');

    // when
    const completed = driver.completeJob('review');

    // then
    expect(recordsOf(completed.records, 'timer')).toEqual([
      { kind: 'timer', row: pending, state: 'CANCELED' },
    ]);
    expect(driver.current.timers).toEqual({});
    expect(driver.current.state).toBe('COMPLETED');
    expect(elementStates(driver.records, 'remind')).toEqual(['ACTIVE', 'COMPLETED']);
  });
});

describe('timer start event', () => {
  it('enters the timer start event when the instance is created through it', async () => {
    // when
    const driver = await startInstanceAt('timers.start', 'everyMorning');

    // then
    const records = driver.records;
    expect(instanceStates(records)).toEqual(['ACTIVE']);
    expect(elementStates(records, 'everyMorning')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['digest']);
    expect(driver.current.timers).toEqual({});
  });

  it('rejects creating an instance without a start element when there is no none start event', async () => {
    // given
    const driver = new InstanceDriver(await loadDefinition('timers.start'));

    // when
    const result = driver.send(createCommand());

    // then
    expectRejected(result, 'INVALID_ARGUMENT');
    expect(driver.state).toBeNull();
  });

  it('rejects a start element that is not a start event with a trigger', async () => {
    // given
    const driver = new InstanceDriver(await loadDefinition('timers.start'));

    // when
    const result = driver.send({ ...createCommand(), startElementId: 'digest' });

    // then
    expectRejected(result, 'INVALID_ARGUMENT');
  });
});
