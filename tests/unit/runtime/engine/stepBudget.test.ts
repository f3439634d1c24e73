/**
 * D6: command processing has a budget of automatic steps. An endless loop of automatic
 * elements stops at the budget with an incident on each step still pending; resolving
 * one continues for another budget. Expressions read the command's clock.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STEP_BUDGET } from '../../../../runtime/src';
import { T0, elementStates, recordsOf, startInstance } from './support';

const endless = { count: 0, limit: 1e9 };

describe('step budget', () => {
  it('stops an endless loop of automatic elements at the budget with an incident', async () => {
    // when
    const driver = await startInstance('stepBudget.loop', endless, { stepBudget: 20 });

    // then
    const incident = driver.incident();
    expect(incident).toMatchObject({ errorType: 'UNKNOWN', elementId: 'check', jobKey: null });
    expect(incident.errorMessage).toContain('budget of 20 automatic steps');
    expect(driver.current.state).toBe('ACTIVE');
    // 3 steps to leave the start event, then 4 per turn: check and tick activate and complete
    expect(driver.processVariables()).toMatchObject({ count: 4 });
  });

  it('reports how many steps the command took', async () => {
    // given
    const driver = await startInstance('stepBudget.loop', endless, { stepBudget: 20 });

    // when
    const resolved = driver.resolveIncident();

    // then
    expect(resolved.steps).toBe(20);
  });

  it('continues for another budget when the incident is resolved', async () => {
    // given
    const driver = await startInstance('stepBudget.loop', endless, { stepBudget: 20 });
    const first = driver.incident();

    // when
    const resolved = driver.resolveIncident();

    // then
    const second = driver.incident();
    expect(second.key).not.toBe(first.key);
    expect(second.errorMessage).toContain('budget of 20 automatic steps');
    expect(recordsOf(resolved.records, 'incident').map((r) => r.state)).toEqual([
      'RESOLVED',
      'ACTIVE',
    ]);
    expect(driver.processVariables()).toMatchObject({ count: 9 });
  });

  it('finishes a long but finite loop over several resolutions', async () => {
    // given
    const driver = await startInstance(
      'stepBudget.loop',
      { count: 0, limit: 12 },
      {
        stepBudget: 20,
      },
    );

    // when
    let resolutions = 0;
    while (driver.current.state === 'ACTIVE' && resolutions < 10) {
      driver.resolveIncident();
      resolutions++;
    }

    // then
    expect(resolutions).toBe(2);
    expect(driver.current.state).toBe('COMPLETED');
    expect(elementStates(driver.records, 'end')).toEqual(['ACTIVE', 'COMPLETED']);
  });

  it('does not stop a process that fits in the budget', async () => {
    // when
    const driver = await startInstance(
      'stepBudget.loop',
      { count: 0, limit: 2 },
      {
        stepBudget: 20,
      },
    );

    // then
    expect(driver.current.state).toBe('COMPLETED');
    expect(driver.current.incidents).toEqual({});
  });

  it('raises one incident per pending step when two loops run in parallel', async () => {
    // when
    const driver = await startInstance('stepBudget.twoLoops', {}, { stepBudget: 21 });

    // then
    const incidents = Object.values(driver.current.incidents);
    expect(incidents.map((i) => i.elementId).sort()).toEqual(['checkA', 'checkB']);
    for (const incident of incidents) {
      expect(incident.errorType).toBe('UNKNOWN');
      expect(incident.errorMessage).toContain('budget');
    }
  });

  it('continues only the branch whose incident is resolved', async () => {
    // given
    const driver = await startInstance('stepBudget.twoLoops', {}, { stepBudget: 21 });
    const stuck = driver.incident('checkB');
    const before = elementStates(driver.records, 'tickB').length;

    // when
    driver.resolveIncident('checkA');

    // then
    expect(driver.current.incidents[String(stuck.key)]).toEqual(stuck);
    expect(elementStates(driver.records, 'tickB')).toHaveLength(before);
    expect(driver.incident('checkA').key).not.toBe(stuck.key);
  });

  it('applies the default budget when the context names none', async () => {
    // when
    const driver = await startInstance('stepBudget.loop', endless);

    // then
    expect(driver.incident().errorMessage).toContain(`budget of ${DEFAULT_STEP_BUDGET}`);
  });

  it('puts every automatic step on an incident when the command defers them', async () => {
    // given
    const driver = await startInstance('processCommand.serviceTask');

    // when
    const completed = driver.run(
      { type: 'job.complete', jobKey: driver.job().key, variables: { sent: true } },
      { deferAutomaticSteps: true },
    );

    // then
    expect(completed.steps).toBe(0);
    expect(driver.current.jobs).toEqual({});
    const incident = driver.incident('send');
    expect(incident.errorType).toBe('UNKNOWN');
    expect(incident.errorMessage).toMatch(/time.*budget/);

    // when
    const resolved = driver.resolveIncident('send');

    // then: the job's variables waited with the element and are applied now
    expect(recordsOf(resolved.records, 'variable').map((r) => [r.row.name, r.row.value])).toEqual([
      ['sent', 'true'],
    ]);
    expect(driver.current.state).toBe('COMPLETED');
    expect(elementStates(driver.records, 'end')).toEqual(['ACTIVE', 'COMPLETED']);
  });
});

describe('command clock', () => {
  it('answers now() in a condition with the clock of the command', async () => {
    // when
    const before = await startInstance('stepBudget.clock', {}, { now: T0 });
    const after = await startInstance('stepBudget.clock', {}, { now: Date.UTC(2025, 6, 1) });

    // then
    expect(elementStates(before.records, 'early')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(before.records, 'late')).toEqual([]);
    expect(elementStates(after.records, 'late')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(after.records, 'early')).toEqual([]);
  });

  it('stamps records with the command clock, not the wall clock', async () => {
    // when
    const driver = await startInstance('stepBudget.clock', {}, { now: Date.UTC(2001, 0, 1) });

    // then
    const dates = recordsOf(driver.records, 'elementInstance').map((r) => r.row.startDate);
    expect(new Set(dates)).toEqual(new Set(['2001-01-01T00:00:00.000Z']));
    expect(driver.current.endDate).toBe('2001-01-01T00:00:00.000Z');
  });
});
