/**
 * Terminate end events as Zeebe runs them: every other element instance of the event's
 * scope is terminated. In the process that ends the instance, which completes (it is not
 * terminated); in a subprocess only the subprocess's content, and the subprocess then
 * completes normally and goes on.
 */
import { describe, expect, it } from 'vitest';
import type { RuntimeRecord } from '../../../../runtime/src';
import { elementStates, instanceStates, recordsOf, startInstance } from './support';

function terminatedIds(records: RuntimeRecord[]): string[] {
  return recordsOf(records, 'elementInstance')
    .filter((record) => record.row.state === 'TERMINATED')
    .map((record) => record.row.elementId);
}

describe('terminate end event in the process', () => {
  it('terminates every other element, nested ones included, and completes the process', async () => {
    // given
    const driver = await startInstance('terminateEnd.root', { tenderId: 'T-1' });

    // when
    const completed = driver.completeJob('bid');

    // then
    expect(terminatedIds(completed.records).sort()).toEqual(['profile', 'research', 'watch']);
    expect(elementStates(completed.records, 'won')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(completed.records, 'tender')).toEqual(['COMPLETED']);
    expect(instanceStates(completed.records)).toEqual(['COMPLETED']);
    expect(recordsOf(completed.records, 'job').map((r) => [r.row.type, r.state])).toEqual([
      ['crm.bid', 'COMPLETED'],
      ['crm.profile', 'CANCELED'],
    ]);
    expect(recordsOf(completed.records, 'messageSubscription').map((r) => r.state)).toEqual([
      'DELETED',
    ]);
    expect(driver.current).toMatchObject({
      state: 'COMPLETED',
      elements: {},
      jobs: {},
      messageSubscriptions: {},
    });
  });
});

describe('terminate end event in a subprocess', () => {
  it('terminates only the other branch inside, and the subprocess completes with its outputs', async () => {
    // given
    const driver = await startInstance('terminateEnd.subProcess');

    // when
    const completed = driver.completeJob('askB', { supplier: 'B' });

    // then
    expect(terminatedIds(completed.records)).toEqual(['askA']);
    expect(elementStates(completed.records, 'found')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(completed.records, 'search')).toEqual(['COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['budget', 'order']);
    expect(driver.processVariables()).toEqual({ supplier: 'B', chosenSupplier: 'B' });
  });

  it('leaves the process running until its own flow ends', async () => {
    // given
    const driver = await startInstance('terminateEnd.subProcess');
    driver.completeJob('askA', { supplier: 'A' });

    // when
    driver.completeJob('budget');
    const completed = driver.completeJob('order');

    // then
    expect(instanceStates(completed.records)).toEqual(['COMPLETED']);
  });
});
