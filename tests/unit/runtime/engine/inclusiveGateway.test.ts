import { describe, expect, it } from 'vitest';
import type { CompiledDefinition, InstanceState } from '../../../../runtime/src';
import { InstanceDriver, elementStates, instanceStates, recordsOf, startInstance } from './support';

const DAY = 24 * 60 * 60 * 1000;

/** Stores state and definition as JSON text and reads them back into a new driver. */
function restore(driver: InstanceDriver): InstanceDriver {
  const definition = JSON.parse(JSON.stringify(driver.definition)) as CompiledDefinition;
  const restored = new InstanceDriver(definition, { now: driver.now });
  restored.state = JSON.parse(JSON.stringify(driver.current)) as InstanceState;
  return restored;
}

describe('inclusive gateway: fork', () => {
  it('takes every flow whose condition is true, and not the default', async () => {
    // when
    const driver = await startInstance('inclusiveGateway.forkJoin', {
      wantsCall: true,
      wantsMail: true,
    });

    // then
    expect(driver.activeElementIds()).toEqual(['call', 'mail']);
    expect(elementStates(driver.records, 'fork')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'note')).toEqual([]);
  });

  it('takes only the flows whose condition is true', async () => {
    // when
    const driver = await startInstance('inclusiveGateway.forkJoin', {
      wantsCall: false,
      wantsMail: true,
    });

    // then
    expect(driver.activeElementIds()).toEqual(['mail']);
    expect(elementStates(driver.records, 'call')).toEqual([]);
  });

  it('takes the default flow when no condition is true', async () => {
    // when
    const driver = await startInstance('inclusiveGateway.forkJoin', {
      wantsCall: false,
      wantsMail: false,
    });

    // then
    expect(driver.activeElementIds()).toEqual(['note']);
  });

  it('always takes a flow without a condition, and then not the default', async () => {
    // when
    const without = await startInstance('inclusiveGateway.unconditional', { wantsCall: false });
    const withCall = await startInstance('inclusiveGateway.unconditional', { wantsCall: true });

    // then
    expect(without.activeElementIds()).toEqual(['log']);
    expect(withCall.activeElementIds()).toEqual(['call', 'log']);
    expect(elementStates(without.records, 'skip')).toEqual([]);
  });

  it('raises a CONDITION_ERROR incident when no condition is true and there is no default', async () => {
    // when
    const driver = await startInstance('inclusiveGateway.noDefault', {
      wantsCall: false,
      wantsMail: false,
    });

    // then
    const incident = driver.incident('fork');
    expect(incident).toMatchObject({
      errorType: 'CONDITION_ERROR',
      elementInstanceKey: driver.elementKey('fork'),
      jobKey: null,
      errorMessage:
        'Expected at least one condition to evaluate to true, or to have a default flow',
    });
    expect(driver.activeElementIds()).toEqual(['fork']);
    expect(driver.current.state).toBe('ACTIVE');
  });

  it('takes the true flows when the incident is resolved after the variables are set', async () => {
    // given
    const driver = await startInstance('inclusiveGateway.noDefault', {
      wantsCall: false,
      wantsMail: false,
    });
    const incident = driver.incident('fork');

    // when
    driver.setProcessVariables({ wantsCall: true, wantsMail: true });
    const resolved = driver.resolveIncident('fork');

    // then
    expect(recordsOf(resolved.records, 'incident')).toEqual([
      expect.objectContaining({
        state: 'RESOLVED',
        row: expect.objectContaining({ key: incident.key }),
      }),
    ]);
    expect(driver.current.incidents).toEqual({});
    expect(elementStates(resolved.records, 'fork')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['call', 'mail']);
  });

  it('raises an incident when a condition is not a boolean, never reading it as false', async () => {
    // when
    const driver = await startInstance('inclusiveGateway.noDefault', {
      wantsCall: 'yes',
      wantsMail: true,
    });

    // then
    const incident = driver.incident('fork');
    expect(incident.errorType).toBe('CONDITION_ERROR');
    expect(incident.errorMessage).toContain("'BOOLEAN'");
    expect(elementStates(driver.records, 'mail')).toEqual([]);
  });
});

describe('inclusive gateway: join', () => {
  it('waits at the join while another taken branch can still arrive', async () => {
    // given
    const driver = await startInstance('inclusiveGateway.forkJoin', {
      wantsCall: true,
      wantsMail: true,
    });

    // when
    const first = driver.completeJob('call');

    // then
    expect(elementStates(first.records, 'join')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['mail']);
    expect(driver.current.joins).toEqual({
      [`${driver.processInstanceKey}:join`]: { callToJoin: 1 },
    });
  });

  it('passes the join once when the last taken branch arrives', async () => {
    // given
    const driver = await startInstance('inclusiveGateway.forkJoin', {
      wantsCall: true,
      wantsMail: true,
    });
    driver.completeJob('mail');

    // when
    const last = driver.completeJob('call');

    // then
    expect(elementStates(last.records, 'join')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['confirm']);
    expect(driver.current.joins).toEqual({});
    driver.completeJob('confirm');
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('passes the join after the only taken branch, not waiting for the others', async () => {
    // given
    const driver = await startInstance('inclusiveGateway.forkJoin', {
      wantsCall: true,
      wantsMail: false,
    });

    // when
    const only = driver.completeJob('call');

    // then
    expect(elementStates(only.records, 'join')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['confirm']);
    expect(driver.current.joins).toEqual({});
  });

  it('passes the join when the other branch ends at an end event instead', async () => {
    // given: `call` waits at the join while `mail` may still arrive
    const driver = await startInstance('inclusiveGateway.branchEnds', {
      wantsCall: true,
      wantsMail: true,
    });
    driver.completeJob('call');
    const waiting = driver.current.joins;

    // when: the mail bounces and its branch ends before the join
    const ended = driver.completeJob('mail', { bounced: true });

    // then
    expect(waiting).toEqual({ [`${driver.processInstanceKey}:join`]: { callToJoin: 1 } });
    expect(elementStates(ended.records, 'bounced')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(ended.records, 'join')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(instanceStates(ended.records)).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['confirm']);
    driver.completeJob('confirm');
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('waits for an activity whose boundary event leads to the join', async () => {
    // given: `mail` ends on its own, but its timer boundary event leads to the join
    const driver = await startInstance('inclusiveGateway.boundary');
    driver.completeJob('call');
    const whileMailing = driver.activeElementIds();

    // when: the timer interrupts `mail`
    driver.now += DAY;
    const fired = driver.fireTimer('noAnswer');

    // then: the join still waits, now for the reminder
    expect(whileMailing).toEqual(['mail']);
    expect(elementStates(fired.records, 'mail')).toEqual(['TERMINATED']);
    expect(elementStates(fired.records, 'join')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['remind']);

    // when
    const reminded = driver.completeJob('remind');

    // then
    expect(elementStates(reminded.records, 'join')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['confirm']);
  });

  it('passes the join when the activity with the boundary event ends without it', async () => {
    // given
    const driver = await startInstance('inclusiveGateway.boundary');
    driver.completeJob('call');

    // when
    const mailed = driver.completeJob('mail');

    // then
    expect(elementStates(mailed.records, 'mailed')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(mailed.records, 'join')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.timers).toEqual({});
    expect(driver.activeElementIds()).toEqual(['confirm']);
  });

  it('joins again on each round of a loop through the fork and the join', async () => {
    // given: the first round takes both branches
    const driver = await startInstance('inclusiveGateway.loop', {
      wantsCall: true,
      wantsMail: true,
    });
    driver.completeJob('call');
    driver.completeJob('mail');

    // when: the second round takes both again, the third only the mail
    driver.completeJob('review', { another: true });
    driver.completeJob('mail');
    const waitingInSecondRound = driver.current.joins;
    driver.completeJob('call');
    driver.completeJob('review', { another: true, wantsCall: false });
    const thirdRound = driver.activeElementIds();
    driver.completeJob('mail');
    driver.completeJob('review', { another: false });

    // then
    expect(waitingInSecondRound).toEqual({
      [`${driver.processInstanceKey}:join`]: { mailToJoin: 1 },
    });
    expect(thirdRound).toEqual(['mail']);
    expect(elementStates(driver.records, 'join')).toEqual([
      ...['ACTIVE', 'COMPLETED'],
      ...['ACTIVE', 'COMPLETED'],
      ...['ACTIVE', 'COMPLETED'],
    ]);
    expect(elementStates(driver.records, 'call')).toHaveLength(4);
    expect(driver.current.joins).toEqual({});
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('joins a restored token waiting at the join, with a restored definition', async () => {
    // given
    const driver = await startInstance('inclusiveGateway.forkJoin', {
      wantsCall: true,
      wantsMail: true,
    });
    driver.completeJob('call');
    const restored = restore(driver);

    // when
    const last = restored.completeJob('mail');

    // then
    expect(restored.current.joins).toEqual({});
    expect(elementStates(last.records, 'join')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(restored.activeElementIds()).toEqual(['confirm']);
    restored.completeJob('confirm');
    expect(restored.current.state).toBe('COMPLETED');
  });
});
