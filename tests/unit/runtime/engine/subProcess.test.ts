/**
 * Embedded subprocesses as Zeebe runs them: a scope of their own (input mappings are its
 * local variables, output mappings what comes out), complete once every branch inside
 * has ended, and end everything inside when an interrupting boundary event fires on them
 * or the instance is cancelled.
 */
import { describe, expect, it } from 'vitest';
import type { RuntimeRecord } from '../../../../runtime/src';
import { elementStates, instanceStates, recordsOf, startInstance } from './support';

/** The element ids terminated in `records`, in the order they were terminated. */
function terminatedIds(records: RuntimeRecord[]): string[] {
  return recordsOf(records, 'elementInstance')
    .filter((record) => record.row.state === 'TERMINATED')
    .map((record) => record.row.elementId);
}

/** The job rows of `records` with their state: `['crm.pick', 'CANCELED']`. */
function jobStates(records: RuntimeRecord[]): [string, string][] {
  return recordsOf(records, 'job').map((record) => [record.row.type, record.state]);
}

describe('embedded subprocess variables', () => {
  it('keeps its input mappings local and lets only its output mappings out', async () => {
    // given
    const driver = await startInstance('subProcess.variables', { amount: 100 });
    const pricingKey = driver.elementKey('pricing');
    const localsWhileRunning = driver.scopeVariables(pricingKey);

    // when: the job updates the local variable and writes a new one
    driver.completeJob('price', { discount: 15, net: 85 });

    // then
    expect(localsWhileRunning).toEqual({ discount: 10 });
    expect(driver.processVariables()).toEqual({ amount: 100, net: 85, appliedDiscount: 15 });
    expect(driver.scopeVariables(pricingKey)).toEqual({});
    expect(driver.activeElementIds()).toEqual(['drafting', 'write']);
  });

  it('without output mappings updates a variable in the scope that has it and puts new ones in the process', async () => {
    // given
    const driver = await startInstance('subProcess.variables', { amount: 100 });
    driver.completeJob('price', { net: 85 });
    const draftingKey = driver.elementKey('drafting');

    // when
    const completed = driver.completeJob('write', { draft: 'final', note: 'signed' });

    // then: `draft` was the subprocess's own and ended with it
    expect(recordsOf(completed.records, 'variable').map((record) => record.row)).toContainEqual(
      expect.objectContaining({ scopeKey: draftingKey, name: 'draft', value: '"final"' }),
    );
    expect(driver.processVariables()).toEqual({
      amount: 100,
      net: 85,
      appliedDiscount: 10,
      note: 'signed',
    });
    expect(driver.activeElementIds()).toEqual(['send']);
  });
});

describe('embedded subprocess completion', () => {
  it('completes only when every branch inside it has reached its end event', async () => {
    // given
    const driver = await startInstance('subProcess.parallelEnds');

    // when
    const first = driver.completeJob('credit');
    const afterFirst = driver.activeElementIds();
    const second = driver.completeJob('company');

    // then
    expect(elementStates(first.records, 'creditDone')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(first.records, 'qualify')).toEqual([]);
    expect(afterFirst).toEqual(['company', 'qualify']);
    expect(elementStates(second.records, 'qualify')).toEqual(['COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['assign']);
  });

  it('enters its none start event as a child of the subprocess instance', async () => {
    // when
    const driver = await startInstance('subProcess.parallelEnds');

    // then
    const rows = recordsOf(driver.records, 'elementInstance').map((record) => record.row);
    const qualifyKey = driver.elementKey('qualify');
    expect(rows.find((row) => row.elementId === 'qualifyStart')?.scopeKey).toBe(qualifyKey);
    expect(rows.find((row) => row.elementId === 'qualify')).toMatchObject({
      type: 'SUB_PROCESS',
      scopeKey: driver.processInstanceKey,
    });
    expect(driver.job('credit').elementInstanceKey).toBe(driver.elementKey('credit'));
  });
});

describe('interrupting boundary events on a subprocess', () => {
  it('a timer terminates everything inside, cancels the jobs and drops the tokens at its join', async () => {
    // given
    const driver = await startInstance('subProcess.boundaries', { orderId: 'O-1' });
    driver.completeJob('pick');
    const timer = driver.timer('deadline');
    const fulfilKey = driver.elementKey('fulfil');
    const joinsBefore = Object.keys(driver.current.joins).length;

    // when
    const fired = driver.fireTimer('deadline');

    // then
    expect(timer.elementInstanceKey).toBe(fulfilKey);
    expect(joinsBefore).toBe(1);
    expect(terminatedIds(fired.records)).toEqual(['invoice', 'fulfil']);
    expect(jobStates(fired.records)).toEqual([
      ['crm.invoice', 'CANCELED'],
      ['crm.apologise', 'CREATED'],
    ]);
    expect(recordsOf(fired.records, 'messageSubscription')).toEqual([
      expect.objectContaining({
        state: 'DELETED',
        row: expect.objectContaining({ elementId: 'cancelled' }),
      }),
    ]);
    expect(driver.current.joins).toEqual({});
    expect(driver.activeElementIds()).toEqual(['apologise']);
    expect(driver.current.messageSubscriptions).toEqual({});
  });

  it('a message terminates both tasks inside and brings its variables to the process', async () => {
    // given
    const driver = await startInstance('subProcess.boundaries', { orderId: 'O-2' });

    // when
    const correlated = driver.correlate('cancelled', 700, { reason: 'changed mind' });

    // then
    expect(terminatedIds(correlated.records).sort()).toEqual(['fulfil', 'invoice', 'pick']);
    expect(terminatedIds(correlated.records).at(-1)).toBe('fulfil');
    expect(jobStates(correlated.records).filter(([, state]) => state === 'CANCELED')).toHaveLength(
      2,
    );
    expect(recordsOf(correlated.records, 'timer').map((record) => record.state)).toEqual([
      'CANCELED',
    ]);
    expect(driver.activeElementIds()).toEqual(['refund']);
    expect(driver.processVariables()).toEqual({ orderId: 'O-2', reason: 'changed mind' });
  });
});

describe('nested subprocesses', () => {
  it('give each level its own scope and complete from the inside out', async () => {
    // given
    const driver = await startInstance('subProcess.nested');
    const outerLocals = driver.scopeVariables(driver.elementKey('onboard'));
    const innerLocals = driver.scopeVariables(driver.elementKey('setup'));

    // when
    const completed = driver.completeJob('create');

    // then
    expect(outerLocals).toEqual({ level: 'outer' });
    expect(innerLocals).toEqual({ level: 'inner' });
    const done = recordsOf(completed.records, 'elementInstance')
      .filter((record) => record.row.state === 'COMPLETED')
      .map((record) => record.row.elementId);
    expect(done).toEqual(['create', 'created', 'setup', 'onboarded', 'onboard']);
    expect(driver.processVariables()).toEqual({ setupResult: 'inner done' });
    expect(driver.activeElementIds()).toEqual(['welcome']);
  });

  it('an interrupting boundary on the outer subprocess terminates the inner one, innermost first', async () => {
    // given
    const driver = await startInstance('subProcess.nested');
    const scopesBefore = Object.keys(driver.current.variables);
    const scopeKeys = [driver.elementKey('onboard'), driver.elementKey('setup')].map(String);

    // when
    const fired = driver.fireTimer('stalled');

    // then
    expect(terminatedIds(fired.records)).toEqual(['create', 'setup', 'onboard']);
    expect(jobStates(fired.records)).toEqual([
      ['crm.createAccount', 'CANCELED'],
      ['crm.chase', 'CREATED'],
    ]);
    expect(driver.activeElementIds()).toEqual(['chase']);
    expect(scopesBefore.sort()).toEqual(scopeKeys.sort());
    expect(driver.current.variables).toEqual({});
  });

  it('cancelling the instance terminates the nested elements innermost first, then the process', async () => {
    // given
    const driver = await startInstance('subProcess.nested');

    // when
    const cancelled = driver.run({ type: 'instance.cancel' });

    // then
    expect(terminatedIds(cancelled.records)).toEqual([
      'create',
      'setup',
      'onboard',
      'customer-onboarding',
    ]);
    expect(jobStates(cancelled.records)).toEqual([['crm.createAccount', 'CANCELED']]);
    expect(recordsOf(cancelled.records, 'timer').map((record) => record.state)).toEqual([
      'CANCELED',
    ]);
    expect(instanceStates(cancelled.records)).toEqual(['TERMINATED']);
    expect(driver.current.elements).toEqual({});
    expect(driver.current.jobs).toEqual({});
    expect(driver.current.timers).toEqual({});
  });
});
