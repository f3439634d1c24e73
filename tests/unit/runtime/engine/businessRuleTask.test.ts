/**
 * Business rule tasks ask for their decision (a record the server evaluates with the
 * deployed DMN) and complete with its result; a decision that cannot be found or
 * evaluated is an incident that asks again once resolved.
 */
import { describe, expect, it } from 'vitest';
import { recordsOf, startInstance } from './support';

const decisionRequest = (records: Parameters<typeof recordsOf>[0]) =>
  recordsOf(records, 'decisionRequested');

describe('business rule task with zeebe:calledDecision', () => {
  it('asks for the decision its FEEL id names, with the variables it sees', async () => {
    // when
    const driver = await startInstance('businessRuleTask.decision', { kind: 'b2b', revenue: 90 });

    // then
    expect(decisionRequest(driver.records)).toEqual([
      {
        kind: 'decisionRequested',
        elementInstanceKey: driver.elementKey('segment'),
        elementId: 'segment',
        attempt: 1,
        decisionId: 'client-b2b',
        bindingType: 'latest',
        variables: { kind: 'b2b', revenue: 90 },
      },
    ]);
    expect(driver.activeElementIds()).toEqual(['segment']);
  });

  it('completes with the result as its result variable', async () => {
    // given
    const driver = await startInstance('businessRuleTask.decision', { kind: 'b2b' });
    const elementInstanceKey = driver.elementKey('segment');

    // when
    driver.run({ type: 'businessRule.complete', elementInstanceKey, attempt: 1, result: 'A' });

    // then
    expect(driver.activeElementIds()).toEqual(['review']);
    expect(driver.processVariables()).toEqual({ kind: 'b2b', segment: 'A' });
  });

  it('waits on an incident when the decision is missing, and asks again once resolved', async () => {
    // given
    const driver = await startInstance('businessRuleTask.decision', { kind: 'b2b' });
    const elementInstanceKey = driver.elementKey('segment');
    driver.run({
      type: 'businessRule.fail',
      elementInstanceKey,
      attempt: 1,
      errorType: 'CALLED_DECISION_ERROR',
      message:
        "Expected to evaluate decision 'client-b2b', but no decision found for id 'client-b2b'",
    });
    const incident = driver.incident('segment');
    expect(incident.errorType).toBe('CALLED_DECISION_ERROR');

    // when
    const resolved = driver.run({ type: 'incident.resolve', incidentKey: incident.key });

    // then a second request goes out, and a late answer to the first changes nothing
    expect(decisionRequest(resolved.records)).toMatchObject([{ attempt: 2 }]);
    const late = driver.send({
      type: 'businessRule.complete',
      elementInstanceKey,
      attempt: 1,
      result: 'stale',
    });
    expect(late.ok).toBe(false);
    driver.run({ type: 'businessRule.complete', elementInstanceKey, attempt: 2, result: 'B' });
    expect(driver.processVariables()).toMatchObject({ segment: 'B' });
  });

  it('continues after a restore from JSON while it waits for its decision', async () => {
    // given
    const driver = await startInstance('businessRuleTask.decision', { kind: 'b2c' });
    driver.state = JSON.parse(JSON.stringify(driver.current));

    // when
    driver.run({
      type: 'businessRule.complete',
      elementInstanceKey: driver.elementKey('segment'),
      attempt: 1,
      result: { tier: 'gold' },
    });

    // then
    expect(driver.processVariables()).toMatchObject({ segment: { tier: 'gold' } });
  });
});
