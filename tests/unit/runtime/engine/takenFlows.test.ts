/** Where the tokens went: every sequence flow taken is remembered once, in order. */
import { describe, expect, it } from 'vitest';
import { startInstance } from './support';

describe('taken sequence flows', () => {
  it('lists each flow once, in the order first taken, through a loop', async () => {
    // when a loop runs its turns until `count` reaches the limit
    const driver = await startInstance('stepBudget.loop', { count: 0, limit: 3 });

    // then the loop's flows appear once each, and the exit once it was taken
    expect(driver.current.state).toBe('COMPLETED');
    expect(driver.current.takenFlows).toEqual(['toCheck', 'again', 'back', 'done']);
  });

  it('leaves out the flows no token took', async () => {
    // when the loop is left at once
    const driver = await startInstance('stepBudget.loop', { count: 3, limit: 3 });

    // then
    expect(driver.current.takenFlows).toEqual(['toCheck', 'done']);
  });
});
