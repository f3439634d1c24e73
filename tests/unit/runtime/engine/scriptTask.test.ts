/**
 * Script tasks: a `zeebe:script` FEEL expression evaluated by the engine into its result
 * variable, or, with `zeebe:taskDefinition`, a job for a worker.
 */
import { describe, expect, it } from 'vitest';
import { elementStates, startInstance } from './support';

describe('script task with zeebe:script', () => {
  it('evaluates the expression into the result variable and goes on', async () => {
    // when an order of 250 at a rate of 0.1 passes the two script tasks
    const driver = await startInstance('scriptTask.feel', { order: { total: 250 }, rate: 0.1 });

    // then the first result propagates, the second goes out through its output mapping
    expect(driver.activeElementIds()).toEqual(['approve']);
    expect(driver.processVariables()).toEqual({
      order: { total: 250 },
      rate: 0.1,
      discount: 25,
      finalDiscount: 25,
    });
    expect(elementStates(driver.records, 'computeDiscount')).toEqual(['ACTIVE', 'COMPLETED']);
  });

  it('raises an incident when the expression fails, and evaluates again once resolved', async () => {
    // given no order to compute from
    const driver = await startInstance('scriptTask.feel', { rate: 0.1 });
    const incident = driver.incident('computeDiscount');
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');

    // when the order is set and the incident resolved
    driver.run({
      type: 'variables.set',
      elementInstanceKey: driver.processInstanceKey,
      variables: { order: { total: 99 } },
      local: false,
    });
    driver.run({ type: 'incident.resolve', incidentKey: incident.key });

    // then the script runs with it
    expect(driver.activeElementIds()).toEqual(['approve']);
    expect(driver.processVariables()).toMatchObject({ discount: 9.9, finalDiscount: 9 });
  });
});

describe('script task with zeebe:taskDefinition', () => {
  it('is a job of that type', async () => {
    // when
    const driver = await startInstance('scriptTask.job');

    // then
    expect(driver.job('score').type).toBe('script.groovy');
  });
});
