/**
 * Compensation: completed activities with a compensation boundary event are undone by
 * their handlers when a compensation event is thrown, the last completed first.
 */
import { describe, expect, it } from 'vitest';
import { elementStates, startInstance } from './support';

describe('compensation throw event', () => {
  it('runs the handlers of the completed activities in reverse order, then goes on', async () => {
    // given an order whose stock was reserved and whose card was charged
    const driver = await startInstance('compensation.reverseOrder');
    driver.run({ type: 'job.complete', jobKey: driver.job('reserve').key, variables: {} });
    driver.run({ type: 'job.complete', jobKey: driver.job('charge').key, variables: {} });

    // when the compensation event is thrown, the card is refunded first
    expect(driver.activeElementIds().sort()).toEqual(['refund', 'undoAll']);
    driver.run({ type: 'job.complete', jobKey: driver.job('refund').key, variables: {} });

    // then the stock is released, and after it the process goes on and completes
    expect(driver.activeElementIds().sort()).toEqual(['release', 'undoAll']);
    const last = driver.run({
      type: 'job.complete',
      jobKey: driver.job('release').key,
      variables: {},
    });
    expect(elementStates(last.records, 'undoAll')).toEqual(['COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('restores a running handler from JSON and continues', async () => {
    // given the refund running, with the state stored as JSON and read back
    const driver = await startInstance('compensation.reverseOrder');
    driver.run({ type: 'job.complete', jobKey: driver.job('reserve').key, variables: {} });
    driver.run({ type: 'job.complete', jobKey: driver.job('charge').key, variables: {} });
    driver.state = JSON.parse(JSON.stringify(driver.current));

    // when both handlers complete
    driver.run({ type: 'job.complete', jobKey: driver.job('refund').key, variables: {} });
    driver.run({ type: 'job.complete', jobKey: driver.job('release').key, variables: {} });

    // then the instance completes as without the restore
    expect(driver.current.state).toBe('COMPLETED');
    expect(driver.current.compensations).toEqual({});
  });
});
