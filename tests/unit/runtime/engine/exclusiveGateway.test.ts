import { describe, expect, it } from 'vitest';
import { elementStates, recordsOf, startInstance } from './support';

describe('exclusive gateway', () => {
  it('takes the first flow whose condition is true', async () => {
    // when: both `amount > 1000` and `amount > 100` hold
    const driver = await startInstance('exclusiveGateway.defaultFlow', { amount: 5000 });

    // then
    expect(elementStates(driver.records, 'large')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'medium')).toEqual([]);
    expect(elementStates(driver.records, 'small')).toEqual([]);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('skips a false condition and takes the next true one', async () => {
    // when
    const driver = await startInstance('exclusiveGateway.defaultFlow', { amount: 500 });

    // then
    expect(elementStates(driver.records, 'medium')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'large')).toEqual([]);
  });

  it('takes the default flow when no condition matches', async () => {
    // when
    const driver = await startInstance('exclusiveGateway.defaultFlow', { amount: 5 });

    // then
    expect(elementStates(driver.records, 'small')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'large')).toEqual([]);
    expect(elementStates(driver.records, 'medium')).toEqual([]);
    expect(elementStates(driver.records, 'route')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('raises a CONDITION_ERROR incident when no condition matches and there is no default', async () => {
    // when
    const driver = await startInstance('exclusiveGateway.noDefault', { decision: 'maybe' });

    // then
    const incident = driver.incident('decide');
    expect(incident).toMatchObject({
      errorType: 'CONDITION_ERROR',
      elementInstanceKey: driver.elementKey('decide'),
      jobKey: null,
    });
    expect(incident.errorMessage).toMatch(/condition|default flow/i);
    expect(driver.current.state).toBe('ACTIVE');
    expect(driver.activeElementIds()).toEqual(['decide']);
    const gatewayRows = recordsOf(driver.records, 'elementInstance').filter(
      (r) => r.row.elementId === 'decide',
    );
    expect(gatewayRows.at(-1)?.row).toMatchObject({ state: 'ACTIVE', incidentKey: incident.key });
    expect(recordsOf(driver.records, 'incident')).toEqual([
      expect.objectContaining({
        state: 'ACTIVE',
        row: expect.objectContaining({ key: incident.key }),
      }),
    ]);
  });

  it('re-evaluates the conditions when the incident is resolved after the variables are set', async () => {
    // given
    const driver = await startInstance('exclusiveGateway.noDefault', { decision: 'maybe' });
    const incident = driver.incident('decide');

    // when
    driver.run({
      type: 'variables.set',
      elementInstanceKey: driver.elementKey('decide'),
      variables: { decision: 'approve' },
      local: false,
    });
    const resolved = driver.resolveIncident('decide');

    // then
    expect(driver.processVariables()).toEqual({ decision: 'approve' });
    expect(recordsOf(resolved.records, 'incident')).toEqual([
      expect.objectContaining({
        state: 'RESOLVED',
        row: expect.objectContaining({ key: incident.key }),
      }),
    ]);
    expect(driver.current.incidents).toEqual({});
    expect(elementStates(resolved.records, 'decide')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.job('approve').type).toBe('crm.approve');
    expect(elementStates(driver.records, 'reject')).toEqual([]);
  });

  it('raises a new incident when it is resolved without fixing the cause', async () => {
    // given
    const driver = await startInstance('exclusiveGateway.noDefault', { decision: 'maybe' });
    const first = driver.incident('decide');

    // when
    driver.resolveIncident('decide');

    // then
    const second = driver.incident('decide');
    expect(second.key).not.toBe(first.key);
    expect(second.errorType).toBe('CONDITION_ERROR');
    expect(driver.activeElementIds()).toEqual(['decide']);
  });

  it('raises an incident when a condition is not a boolean, never reading it as false', async () => {
    // when
    const driver = await startInstance('exclusiveGateway.nonBoolean', { vip: 'yes' });

    // then
    const incident = driver.incident('check');
    expect(incident.errorType).toBe('CONDITION_ERROR');
    expect(incident.errorMessage).toContain("'BOOLEAN'");
    expect(incident.errorMessage).toContain("'STRING'");
    expect(elementStates(driver.records, 'regular')).toEqual([]);
  });

  it('raises an incident when a condition reads a missing variable', async () => {
    // when
    const driver = await startInstance('exclusiveGateway.defaultFlow', {});

    // then
    expect(driver.incident('route').errorType).toBe('CONDITION_ERROR');
    expect(elementStates(driver.records, 'small')).toEqual([]);
  });

  it('continues on the true branch after a non-boolean condition is fixed', async () => {
    // given
    const driver = await startInstance('exclusiveGateway.nonBoolean', { vip: 'yes' });

    // when
    driver.setProcessVariables({ vip: true });
    driver.resolveIncident('check');

    // then
    expect(elementStates(driver.records, 'vip')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });
});
