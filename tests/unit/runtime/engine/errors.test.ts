/**
 * BPMN errors as Zeebe handles them: an error end event or a worker's `job.throwError`
 * throws a code that travels up the scopes (the activity's boundary events, then at each
 * enclosing scope its event subprocesses and its boundary events) to the nearest catch
 * event, the exact code winning over a catch-all. Nobody catching it is an incident.
 */
import { describe, expect, it } from 'vitest';
import type { RuntimeRecord } from '../../../../runtime/src';
import { elementStates, expectRejected, recordsOf, startInstance, throwJobError } from './support';

function terminatedIds(records: RuntimeRecord[]): string[] {
  return recordsOf(records, 'elementInstance')
    .filter((record) => record.row.state === 'TERMINATED')
    .map((record) => record.row.elementId);
}

/** The records of the job of type `type`, as `[state, activatable]`. */
function jobHistory(records: RuntimeRecord[], type: string): [string, boolean][] {
  return recordsOf(records, 'job')
    .filter((record) => record.row.type === type)
    .map((record) => [record.state, record.activatable]);
}

describe('error end event caught on an enclosing subprocess', () => {
  it('enters the boundary event of its code, ending everything inside the subprocess', async () => {
    // given
    const driver = await startInstance('errors.boundary');

    // when
    const completed = driver.completeJob('charge', { result: 'declined' });

    // then: the catch-all boundary on the same subprocess is not entered
    expect(terminatedIds(completed.records).sort()).toEqual(['declined', 'payment', 'receipt']);
    expect(terminatedIds(completed.records).at(-1)).toBe('payment');
    expect(jobHistory(completed.records, 'crm.receipt')).toEqual([['CANCELED', false]]);
    expect(elementStates(completed.records, 'onDeclined')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(elementStates(completed.records, 'onAnyError')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['otherCard']);
    expect(driver.current.incidents).toEqual({});
  });

  it('enters the catch-all boundary event for a code nobody names, with errorCode in its outputs', async () => {
    // given
    const driver = await startInstance('errors.boundary');

    // when
    driver.completeJob('charge', { result: 'fraud' });

    // then
    expect(driver.activeElementIds()).toEqual(['manualCheck']);
    expect(driver.processVariables()).toEqual({ result: 'fraud', failure: 'FRAUD' });
  });

  it('leaves the subprocess alone when no error is thrown', async () => {
    // given
    const driver = await startInstance('errors.boundary');
    driver.completeJob('charge', { result: 'paid' });

    // when
    const completed = driver.completeJob('receipt');

    // then
    expect(elementStates(completed.records, 'payment')).toEqual(['COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['confirm']);
  });
});

describe('error propagation through scopes', () => {
  it('passes a boundary event of another code and is caught two subprocesses up', async () => {
    // given
    const driver = await startInstance('errors.nested');

    // when
    const completed = driver.completeJob('pick');

    // then
    expect(terminatedIds(completed.records).sort()).toEqual([
      'dispatch',
      'label',
      'outOfStock',
      'packing',
    ]);
    expect(terminatedIds(completed.records).at(-1)).toBe('dispatch');
    expect(elementStates(completed.records, 'onDamaged')).toEqual([]);
    expect(elementStates(completed.records, 'onOutOfStock')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(jobHistory(completed.records, 'crm.label')).toEqual([['CANCELED', false]]);
    expect(driver.activeElementIds()).toEqual(['backorder']);
  });

  it("tries a scope's event subprocesses before its own boundary events", async () => {
    // given
    const driver = await startInstance('errors.scopeOrder');

    // when
    throwJobError(driver, 'load', 'BAD_FILE', 'not a CSV file');

    // then
    expect(driver.activeElementIds()).toEqual(['badFile', 'importing', 'repair']);
    expect(driver.current.elements[String(driver.elementKey('importing'))]?.interrupted).toBe(true);
  });

  it("goes to the scope's boundary events when none of its event subprocesses matches", async () => {
    // given
    const driver = await startInstance('errors.scopeOrder');

    // when
    throwJobError(driver, 'load', 'TIMEOUT');

    // then
    expect(driver.activeElementIds()).toEqual(['alert']);
  });

  it("prefers a scope's boundary event of the exact code over its catch-all event subprocess", async () => {
    // given
    const driver = await startInstance('errors.sameLevel');

    // when
    throwJobError(driver, 'upload', 'QUOTA');

    // then
    expect(driver.activeElementIds()).toEqual(['upgrade']);
  });

  it("lets a scope's catch-all event subprocess take a code its boundary events do not name", async () => {
    // given
    const driver = await startInstance('errors.sameLevel');

    // when
    throwJobError(driver, 'upload', 'DISK_FULL');

    // then
    expect(driver.activeElementIds()).toEqual(['anyFailure', 'log', 'sync']);
  });

  it('skips the event subprocesses of a scope that an event subprocess already interrupted', async () => {
    // given
    const driver = await startInstance('errors.scopeOrder');
    throwJobError(driver, 'load', 'BAD_FILE');

    // when: the error is thrown again inside the running event subprocess
    const thrown = throwJobError(driver, 'repair', 'BAD_FILE');

    // then
    expect(terminatedIds(thrown.records)).toEqual(['repair', 'badFile', 'importing']);
    expect(elementStates(thrown.records, 'onBadFile')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['reject']);
  });
});

describe('job errors', () => {
  it("are caught by the task's own boundary event, which maps errorCode, errorMessage and the variables", async () => {
    // given
    const driver = await startInstance('errors.jobError');
    const jobKey = driver.job('collect').key;

    // when
    const thrown = throwJobError(driver, 'collect', 'DECLINED', 'card expired', { card: '4242' });

    // then
    const jobRecords = recordsOf(thrown.records, 'job').filter((r) => r.row.key === jobKey);
    expect(jobRecords.at(-1)).toMatchObject({
      state: 'ERROR_THROWN',
      activatable: false,
      row: { key: jobKey, status: 'ERROR_THROWN', errorMessage: 'card expired' },
    });
    expect(elementStates(thrown.records, 'collect')).toEqual(['TERMINATED']);
    expect(driver.activeElementIds()).toEqual(['dunning']);
    // with output mappings, only what they map leaves the boundary event
    expect(driver.processVariables()).toEqual({
      declineCode: 'DECLINED',
      declineReason: 'card expired',
      declinedCard: '4242',
    });
    expect(driver.current.jobs[String(jobKey)]).toBeUndefined();
  });

  it('bring their variables in like a completed job when the catch event has no output mappings', async () => {
    // given
    const driver = await startInstance('errors.jobError');

    // when
    throwJobError(driver, 'collect', 'BLOCKED', 'account locked', { lockedUntil: '2025-04-01' });

    // then: errorCode and errorMessage stay local to the catch event
    expect(driver.activeElementIds()).toEqual(['review']);
    expect(driver.processVariables()).toEqual({ lockedUntil: '2025-04-01' });
  });
});

describe('uncaught errors', () => {
  it('leave the job waiting on an UNHANDLED_ERROR_EVENT incident with the job key', async () => {
    // given
    const driver = await startInstance('errors.uncaught');
    const jobKey = driver.job('refund').key;

    // when
    const thrown = throwJobError(driver, 'refund', 'NO_FUNDS', 'balance is 0');

    // then
    expect(driver.incident('refund')).toMatchObject({
      errorType: 'UNHANDLED_ERROR_EVENT',
      errorMessage:
        "Expected to throw an error event with the code 'NO_FUNDS' with message 'balance is 0', but it was not caught. No error events are available in the scope.",
      elementInstanceKey: driver.elementKey('refund'),
      jobKey,
    });
    expect(jobHistory(thrown.records, 'crm.refund')).toEqual([['ERROR_THROWN', false]]);
    expect(driver.activeElementIds()).toEqual(['refund']);
    expect(driver.job('refund').status).toBe('ERROR_THROWN');
    expectRejected(driver.send({ type: 'job.complete', jobKey, variables: {} }), 'INVALID_STATE');
  });

  it('name the error events they passed on the way in the incident message', async () => {
    // given
    const driver = await startInstance('errors.nested');

    // when
    throwJobError(driver, 'pick', 'JAMMED');

    // then
    expect(driver.incident('pick').errorMessage).toBe(
      "Expected to throw an error event with the code 'JAMMED', but it was not caught. Available error events are [DAMAGED, OUT_OF_STOCK]",
    );
    expect(driver.activeElementIds()).toEqual(['dispatch', 'label', 'packing', 'pick']);
  });

  it('make the job activatable again once the incident is resolved', async () => {
    // given
    const driver = await startInstance('errors.uncaught');
    const jobKey = driver.job('refund').key;
    throwJobError(driver, 'refund', 'NO_FUNDS', 'balance is 0');

    // when
    const resolved = driver.resolveIncident('refund');
    const completed = driver.completeJob('refund');

    // then
    expect(recordsOf(resolved.records, 'incident').map((r) => r.state)).toEqual(['RESOLVED']);
    expect(jobHistory(resolved.records, 'crm.refund')).toEqual([['RETRIES_UPDATED', true]]);
    expect(elementStates(completed.records, 'refund')).toEqual(['COMPLETED']);
    expect(driver.current.jobs[String(jobKey)]).toBeUndefined();
  });

  it('raise an incident on an error end event nobody catches', async () => {
    // given
    const driver = await startInstance('errors.uncaught');

    // when
    driver.completeJob('refund');

    // then
    expect(driver.incident('failed')).toMatchObject({
      errorType: 'UNHANDLED_ERROR_EVENT',
      errorMessage:
        "Expected to throw an error event with the code 'REFUND_FAILED', but it was not caught. No error events are available in the scope.",
      elementInstanceKey: driver.elementKey('failed'),
      jobKey: null,
    });
    expect(driver.current.state).toBe('ACTIVE');
  });

  it('throw again when the incident of the error end event is resolved', async () => {
    // given
    const driver = await startInstance('errors.uncaught');
    driver.completeJob('refund');
    const first = driver.incident('failed');

    // when
    const resolved = driver.resolveIncident('failed');

    // then
    expect(recordsOf(resolved.records, 'incident').map((r) => r.state)).toEqual([
      'RESOLVED',
      'ACTIVE',
    ]);
    const second = driver.incident('failed');
    expect(second.key).not.toBe(first.key);
    expect(second.errorType).toBe('UNHANDLED_ERROR_EVENT');
    expect(driver.activeElementIds()).toEqual(['failed']);
  });
});
