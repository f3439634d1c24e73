import { describe, expect, it } from 'vitest';
import type { Command } from '../../../../runtime/src';
import { T0, expectRejected, recordsOf, startInstance, type InstanceDriver } from './support';

const FIXTURE = 'processCommand.serviceTask';

function fail(
  driver: InstanceDriver,
  retries: number,
  extra: Partial<Extract<Command, { type: 'job.fail' }>> = {},
): Command {
  return {
    type: 'job.fail',
    jobKey: driver.job('send').key,
    retries,
    errorMessage: 'mail server down',
    retryBackOff: 0,
    variables: {},
    ...extra,
  };
}

/** An instance whose job failed without retries left, with its JOB_NO_RETRIES incident. */
async function jobWithoutRetries() {
  const driver = await startInstance(FIXTURE);
  driver.run(fail(driver, 0));
  return driver;
}

describe('job.fail', () => {
  it('keeps a job that has retries left activatable, with the error', async () => {
    // given
    const driver = await startInstance(FIXTURE);

    // when
    const failed = driver.run(fail(driver, 2));

    // then
    expect(driver.job('send')).toMatchObject({
      retries: 2,
      status: 'FAILED',
      errorMessage: 'mail server down',
      notBefore: null,
    });
    expect(recordsOf(failed.records, 'job')).toEqual([
      expect.objectContaining({ state: 'FAILED', activatable: true, endTime: null }),
    ]);
    expect(driver.current.incidents).toEqual({});
    expect(driver.activeElementIds()).toEqual(['send']);
  });

  it('sets notBefore to the command clock plus the retry back-off', async () => {
    // given
    const driver = await startInstance(FIXTURE);
    driver.now = T0 + 1_000;

    // when
    const failed = driver.run(fail(driver, 2, { retryBackOff: 30_000 }));

    // then
    expect(driver.job('send').notBefore).toBe(T0 + 31_000);
    expect(recordsOf(failed.records, 'job')[0]?.row.notBefore).toBe(T0 + 31_000);
  });

  it('sets the variables of a failure on the task scope', async () => {
    // given
    const driver = await startInstance(FIXTURE);

    // when
    driver.run(fail(driver, 1, { variables: { attempt: 1 } }));

    // then
    expect(driver.scopeVariables(driver.elementKey('send'))).toEqual({ attempt: 1 });
    expect(driver.processVariables()).toEqual({});
  });

  it('raises a JOB_NO_RETRIES incident when no retries are left', async () => {
    // when
    const driver = await jobWithoutRetries();

    // then
    const job = driver.job('send');
    expect(driver.incident('send')).toMatchObject({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'mail server down',
      jobKey: job.key,
      elementInstanceKey: driver.elementKey('send'),
    });
    expect(recordsOf(driver.records, 'job').at(-1)).toMatchObject({
      state: 'FAILED',
      activatable: false,
    });
    expect(driver.current.state).toBe('ACTIVE');
  });

  it('says that no retries are left when the worker gave no message', async () => {
    // given
    const driver = await startInstance(FIXTURE);

    // when
    driver.run(fail(driver, 0, { errorMessage: '' }));

    // then
    expect(driver.incident('send').errorMessage).toBe('No more retries left.');
  });
});

describe('a job in an incident', () => {
  it('cannot be completed: INVALID_STATE', async () => {
    // given
    const driver = await jobWithoutRetries();

    // when
    const result = driver.send({ type: 'job.complete', jobKey: driver.job().key, variables: {} });

    // then
    expectRejected(result, 'INVALID_STATE');
    expect(driver.activeElementIds()).toEqual(['send']);
  });

  it('cannot be failed again: INVALID_STATE', async () => {
    // given
    const driver = await jobWithoutRetries();

    // when
    const result = driver.send(fail(driver, 0));

    // then
    expectRejected(result, 'INVALID_STATE');
  });

  it('rejects resolving its incident while it has no retries: INVALID_STATE', async () => {
    // given
    const driver = await jobWithoutRetries();

    // when
    const result = driver.send({ type: 'incident.resolve', incidentKey: driver.incident().key });

    // then
    expectRejected(result, 'INVALID_STATE');
    expect(Object.keys(driver.current.incidents)).toHaveLength(1);
  });

  it('becomes activatable once its retries are updated and the incident is resolved', async () => {
    // given
    const driver = await jobWithoutRetries();
    const jobKey = driver.job().key;

    // when
    const updated = driver.run({ type: 'job.updateRetries', jobKey, retries: 3 });
    const resolved = driver.resolveIncident('send');

    // then
    expect(recordsOf(updated.records, 'job')).toEqual([
      expect.objectContaining({ state: 'RETRIES_UPDATED', activatable: false }),
    ]);
    expect(recordsOf(resolved.records, 'incident')).toEqual([
      expect.objectContaining({ state: 'RESOLVED' }),
    ]);
    expect(recordsOf(resolved.records, 'job')).toEqual([
      expect.objectContaining({ state: 'RETRIES_UPDATED', activatable: true }),
    ]);
    expect(driver.job().retries).toBe(3);
    expect(driver.current.incidents).toEqual({});
    driver.completeJob('send');
    expect(driver.current.state).toBe('COMPLETED');
  });
});

describe('job.updateRetries and job.complete', () => {
  it('rejects retries below one: INVALID_ARGUMENT', async () => {
    // given
    const driver = await startInstance(FIXTURE);

    // when
    const result = driver.send({ type: 'job.updateRetries', jobKey: driver.job().key, retries: 0 });

    // then
    expectRejected(result, 'INVALID_ARGUMENT');
  });

  it('updates the retries of an activatable job', async () => {
    // given
    const driver = await startInstance(FIXTURE);

    // when
    const updated = driver.run({ type: 'job.updateRetries', jobKey: driver.job().key, retries: 9 });

    // then
    expect(driver.job().retries).toBe(9);
    expect(recordsOf(updated.records, 'job')[0]).toMatchObject({
      state: 'RETRIES_UPDATED',
      activatable: true,
    });
  });

  it('completes a job that failed with retries left', async () => {
    // given
    const driver = await startInstance(FIXTURE);
    driver.run(fail(driver, 1, { retryBackOff: 5_000 }));

    // when
    driver.completeJob('send', { ok: true });

    // then
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('rejects completing a job that is already completed: NOT_FOUND', async () => {
    // given
    const driver = await startInstance('parallelGateway.forkJoin');
    const jobKey = driver.job('contract').key;
    driver.completeJob('contract');

    // when
    const result = driver.send({ type: 'job.complete', jobKey, variables: {} });

    // then
    expectRejected(result, 'NOT_FOUND');
  });
});
