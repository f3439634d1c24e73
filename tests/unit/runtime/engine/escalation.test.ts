/**
 * Escalations as Zeebe handles them: an intermediate throw or end event escalates a code
 * up the scopes like an error. An interrupting catcher ends the scope the throw is in; a
 * non-interrupting one runs beside it and the throw event goes on; nobody catching it is
 * no incident, the throw event just goes on.
 */
import { describe, expect, it } from 'vitest';
import type { RuntimeRecord } from '../../../../runtime/src';
import { elementStates, instanceStates, recordsOf, startInstance } from './support';

function terminatedIds(records: RuntimeRecord[]): string[] {
  return recordsOf(records, 'elementInstance')
    .filter((record) => record.row.state === 'TERMINATED')
    .map((record) => record.row.elementId);
}

describe('escalation boundary events on a subprocess', () => {
  it('non-interrupting: runs the boundary path, the subprocess and the throw event go on', async () => {
    // when
    const driver = await startInstance('escalation.boundaries', { issue: 'slow' });

    // then: the exact code wins over the interrupting catch-all on the same subprocess
    expect(elementStates(driver.records, 'slow')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'slowNoted')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'onSlow')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(driver.records, 'onAnyEscalation')).toEqual([]);
    expect(terminatedIds(driver.records)).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['answer', 'apologise', 'handling']);
    expect(driver.processVariables()).toEqual({ issue: 'slow', slowCode: 'SLOW' });
  });

  it('non-interrupting: the subprocess still completes through its own flow', async () => {
    // given
    const driver = await startInstance('escalation.boundaries', { issue: 'slow' });

    // when
    const completed = driver.completeJob('answer');

    // then
    expect(elementStates(completed.records, 'handling')).toEqual(['COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['apologise', 'close']);
  });

  it('interrupting: the boundary event of the exact code ends the subprocess and the throw event', async () => {
    // when
    const driver = await startInstance('escalation.boundaries', { issue: 'blocked' });

    // then
    expect(terminatedIds(driver.records).sort()).toEqual(['answer', 'blocked', 'handling']);
    expect(elementStates(driver.records, 'blockedNoted')).toEqual([]);
    expect(elementStates(driver.records, 'onAnyEscalation')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['unblock']);
    expect(recordsOf(driver.records, 'job').map((r) => [r.row.type, r.state])).toEqual([
      ['crm.answer', 'CREATED'],
      ['crm.answer', 'CANCELED'],
      ['crm.unblock', 'CREATED'],
    ]);
  });

  it('interrupting catch-all: an escalation end event with a FEEL code is caught with escalationCode', async () => {
    // when
    const driver = await startInstance('escalation.boundaries', { issue: 'legal' });

    // then
    expect(terminatedIds(driver.records).sort()).toEqual(['answer', 'handling', 'other']);
    expect(driver.activeElementIds()).toEqual(['specialist']);
    expect(driver.processVariables()).toEqual({ issue: 'legal', handedOver: 'LEGAL' });
  });

  it('enters no boundary event when nothing escalates', async () => {
    // given
    const driver = await startInstance('escalation.boundaries', { issue: 'none' });

    // when
    driver.completeJob('answer');

    // then
    expect(driver.activeElementIds()).toEqual(['close']);
  });
});

describe('uncaught escalations', () => {
  it('let the intermediate throw event go on without an incident', async () => {
    // when
    const driver = await startInstance('escalation.uncaught');

    // then
    expect(elementStates(driver.records, 'noOwner')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['assign', 'routing']);
    expect(driver.current.incidents).toEqual({});
  });

  it('let the escalation end event complete its scope and the process', async () => {
    // given
    const driver = await startInstance('escalation.uncaught');

    // when
    const completed = driver.completeJob('assign');

    // then
    expect(elementStates(completed.records, 'giveUp')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(completed.records, 'routing')).toEqual(['COMPLETED']);
    expect(instanceStates(completed.records)).toEqual(['COMPLETED']);
    expect(driver.current.incidents).toEqual({});
  });
});
