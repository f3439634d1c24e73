/**
 * Link events: a link throw event continues the flow at the link catch event of the same
 * name in the same scope, as the two halves of one sequence flow drawn apart.
 */
import { describe, expect, it } from 'vitest';
import { elementStates, instanceStates, startInstance } from './support';

describe('link events', () => {
  it('continue at the link catch event of the same name', async () => {
    // given
    const driver = await startInstance('links.jump');

    // when
    const completed = driver.completeJob('capture');

    // then
    expect(elementStates(completed.records, 'goToPage2')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(completed.records, 'page2')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['qualify']);
    expect(driver.current.incidents).toEqual({});
    expect(driver.processVariables()).toEqual({ reached: 'page 2' });
  });

  it('loop back through a link until the condition lets the flow out', async () => {
    // given
    const driver = await startInstance('links.loop');

    // when
    const first = driver.completeJob('call', { answered: false });
    const second = driver.completeJob('call', { answered: false });
    const third = driver.completeJob('call', { answered: true });

    // then
    expect(elementStates(first.records, 'again')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(first.records, 'call')).toEqual(['COMPLETED', 'ACTIVE']);
    expect(elementStates(second.records, 'retry')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(third.records, 'again')).toEqual([]);
    expect(instanceStates(third.records)).toEqual(['COMPLETED']);
  });

  it('stay in their own scope when a subprocess uses the same link name', async () => {
    // when
    const driver = await startInstance('links.subProcess');

    // then
    const innerKey = driver.elementKey('inner');
    expect(driver.activeElementIds()).toEqual(['inner', 'work']);
    expect(driver.current.elements[String(driver.elementKey('work'))]?.scopeKey).toBe(innerKey);
    expect(elementStates(driver.records, 'landing')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'innerLanding')).toEqual(['ACTIVE', 'COMPLETED']);
  });
});
