import { describe, expect, it } from 'vitest';
import { elementStates, instanceStates, startInstance } from './support';

describe('parallel gateway', () => {
  it('forks into every outgoing flow', async () => {
    // when
    const driver = await startInstance('parallelGateway.forkJoin');

    // then
    expect(driver.activeElementIds()).toEqual(['contract', 'welcome']);
    expect(driver.job('contract').type).toBe('crm.sendContract');
    expect(driver.job('welcome').type).toBe('crm.sendWelcome');
    expect(elementStates(driver.records, 'fork')).toEqual(['ACTIVE', 'COMPLETED']);
  });

  it('waits at the join until a token has arrived on each incoming flow', async () => {
    // given
    const driver = await startInstance('parallelGateway.forkJoin');

    // when
    const first = driver.completeJob('contract');

    // then
    expect(driver.activeElementIds()).toEqual(['welcome']);
    expect(elementStates(first.records, 'join')).toEqual([]);
    expect(driver.current.joins).toEqual({
      [`${driver.processInstanceKey}:join`]: { contractToJoin: 1 },
    });
    expect(driver.current.state).toBe('ACTIVE');
  });

  it('passes the join once when the last branch arrives', async () => {
    // given
    const driver = await startInstance('parallelGateway.forkJoin');
    driver.completeJob('welcome');

    // when
    const last = driver.completeJob('contract');

    // then
    expect(elementStates(last.records, 'join')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['activate']);
    expect(driver.current.joins).toEqual({});
    driver.completeJob('activate');
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('keeps the waiting token while the other branch loops back before the join', async () => {
    // given: `check` is done and waits at the join; `draft` is sent back for a redo twice
    const driver = await startInstance('parallelGateway.loopIntoJoin');
    driver.completeJob('check');

    const firstDraftJob = driver.job('draft').key;

    // when
    driver.completeJob('draft', { redo: true });
    const secondDraftJob = driver.job('draft').key;
    driver.completeJob('draft', { redo: true });
    const beforeLast = driver.activeElementIds();
    driver.completeJob('draft', { redo: false });

    // then
    expect(beforeLast).toEqual(['draft']);
    expect(secondDraftJob).toBeGreaterThan(firstDraftJob);
    expect(elementStates(driver.records, 'draft')).toEqual([
      ...['ACTIVE', 'COMPLETED'],
      ...['ACTIVE', 'COMPLETED'],
      ...['ACTIVE', 'COMPLETED'],
    ]);
    expect(elementStates(driver.records, 'join')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('joins again on each pass of a loop that runs through the fork and the join', async () => {
    // given
    const driver = await startInstance('parallelGateway.loopThroughJoin');
    driver.completeJob('identity', { missing: true });
    driver.completeJob('address');

    // when: the second pass
    const secondPass = driver.activeElementIds();
    driver.setProcessVariables({ missing: false });
    driver.completeJob('address');
    const waiting = driver.current.joins;
    driver.completeJob('identity');

    // then
    expect(secondPass).toEqual(['address', 'identity']);
    expect(waiting).toEqual({ [`${driver.processInstanceKey}:join`]: { addressToJoin: 1 } });
    expect(elementStates(driver.records, 'join')).toEqual([
      ...['ACTIVE', 'COMPLETED'],
      ...['ACTIVE', 'COMPLETED'],
    ]);
    expect(elementStates(driver.records, 'end')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('completes the instance only when every separately ending branch has ended', async () => {
    // given
    const driver = await startInstance('parallelGateway.separateEnds');

    // when
    const first = driver.completeJob('invoice');

    // then
    expect(elementStates(first.records, 'invoiced')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(instanceStates(first.records)).toEqual([]);
    expect(driver.current.state).toBe('ACTIVE');

    // when
    const second = driver.completeJob('thank');

    // then
    expect(elementStates(second.records, 'thanked')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(instanceStates(second.records)).toEqual(['COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('joins three branches through two joins of two', async () => {
    // given
    const driver = await startInstance('parallelGateway.nestedJoins');

    // when
    driver.completeJob('c');
    driver.completeJob('a');
    const beforeLast = { joins: driver.current.joins, active: driver.activeElementIds() };
    driver.completeJob('b');

    // then
    expect(beforeLast.active).toEqual(['b']);
    expect(beforeLast.joins).toEqual({
      [`${driver.processInstanceKey}:join1`]: { aToJoin1: 1 },
      [`${driver.processInstanceKey}:join2`]: { cToJoin2: 1 },
    });
    expect(elementStates(driver.records, 'join1')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'join2')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('passes each forked token through an exclusive merge on its own', async () => {
    // given
    const driver = await startInstance('parallelGateway.exclusiveMerge');

    // when
    driver.completeJob('sales');
    const afterFirst = driver.activeElementIds();
    driver.completeJob('support');

    // then
    expect(afterFirst).toEqual(['notify', 'support']);
    const notifyJobs = Object.values(driver.current.jobs).filter((j) => j.elementId === 'notify');
    expect(notifyJobs).toHaveLength(2);
    expect(elementStates(driver.records, 'merge')).toEqual([
      ...['ACTIVE', 'COMPLETED'],
      ...['ACTIVE', 'COMPLETED'],
    ]);

    // when
    for (const job of notifyJobs) {
      driver.run({ type: 'job.complete', jobKey: job.key, variables: {} });
    }

    // then
    expect(elementStates(driver.records, 'end')).toEqual([
      ...['ACTIVE', 'COMPLETED'],
      ...['ACTIVE', 'COMPLETED'],
    ]);
    expect(driver.current.state).toBe('COMPLETED');
  });
});
