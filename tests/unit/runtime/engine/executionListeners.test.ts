/**
 * Execution listeners run as jobs of their own, one at a time: start listeners after the
 * input mappings and before the element's work, end listeners after its work and before
 * the outgoing flows; the process's own listeners around the whole instance.
 */
import { describe, expect, it } from 'vitest';
import type { JobState } from '../../../../runtime/src';
import { expectRejected, startInstance, type InstanceDriver } from './support';

const variables = { order: { total: 80 }, region: 'eu' };

function onlyJob(driver: InstanceDriver): JobState {
  const jobs = Object.values(driver.current.jobs);
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

function complete(driver: InstanceDriver, job: JobState, result: Record<string, unknown> = {}) {
  return driver.run({ type: 'job.complete', jobKey: job.key, variables: result });
}

describe('execution listeners', () => {
  it('runs the start listeners in order, after the input mappings, before the task job', async () => {
    // when the service task is entered
    const driver = await startInstance('executionListeners.serviceTask', variables);

    // then the first start listener's job is open, and the task's own job is not
    const fraud = onlyJob(driver);
    expect(fraud).toMatchObject({
      type: 'fraud.check',
      retries: 2,
      kind: 'EXECUTION_LISTENER',
      listenerEventType: 'START',
    });
    const taskKey = driver.elementKey('charge');
    expect(driver.current.variables[String(taskKey)]).toMatchObject({ amount: { value: '80' } });

    // when it completes, the second one (type by FEEL) follows
    complete(driver, fraud, { riskScore: 3 });
    const limits = onlyJob(driver);
    expect(limits).toMatchObject({ type: 'limits.eu', listenerEventType: 'START' });

    // then after it the task's own job opens, seeing the start listener's local variable
    complete(driver, limits);
    const charge = onlyJob(driver);
    expect(charge.type).toBe('card.charge');
    expect(charge.kind).toBeUndefined();
    expect(driver.current.variables[String(taskKey)]).toMatchObject({ riskScore: { value: '3' } });
  });

  it('runs the end listener after the task, then the process end listener, then completes', async () => {
    // given the task's job done
    const driver = await startInstance('executionListeners.serviceTask', variables);
    complete(driver, onlyJob(driver));
    complete(driver, onlyJob(driver));
    complete(driver, onlyJob(driver), { chargeId: 'ch_1' });

    // when the end listener runs
    const receipt = onlyJob(driver);
    expect(receipt).toMatchObject({ type: 'receipt.send', listenerEventType: 'END' });
    expect(driver.activeElementIds()).toEqual(['charge']);
    complete(driver, receipt, { receiptSent: true });

    // then the process's end listener runs last, and the instance completes after it
    const audit = onlyJob(driver);
    expect(audit).toMatchObject({ type: 'audit.processEnded', listenerEventType: 'END' });
    expect(driver.current.state).toBe('ACTIVE');
    complete(driver, audit);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('refuses a BPMN error from a listener job', async () => {
    // given
    const driver = await startInstance('executionListeners.serviceTask', variables);

    // when
    const result = driver.send({
      type: 'job.throwError',
      jobKey: onlyJob(driver).key,
      errorCode: 'FRAUD',
      errorMessage: '',
      variables: {},
    });

    // then
    expectRejected(result, 'INVALID_STATE');
  });

  it('waits on an incident when a listener job fails for good, and goes on once retried', async () => {
    // given the fraud check failing without retries left
    const driver = await startInstance('executionListeners.serviceTask', variables);
    const fraud = onlyJob(driver);
    driver.run({
      type: 'job.fail',
      jobKey: fraud.key,
      retries: 0,
      errorMessage: 'fraud service down',
      retryBackOff: 0,
      variables: {},
    });
    const incident = driver.incident('charge');
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', jobKey: fraud.key });

    // when its retries are raised, the incident resolved and the job completed
    driver.run({ type: 'job.updateRetries', jobKey: fraud.key, retries: 1 });
    driver.run({ type: 'incident.resolve', incidentKey: incident.key });
    complete(driver, fraud);

    // then the next listener runs
    expect(onlyJob(driver).type).toBe('limits.eu');
  });

  it('cancels an open listener job with its element', async () => {
    // given
    const driver = await startInstance('executionListeners.serviceTask', variables);
    const fraud = onlyJob(driver);

    // when
    const cancelled = driver.run({ type: 'instance.cancel' });

    // then
    expect(driver.current.jobs).toEqual({});
    expect(
      cancelled.records.filter((r) => r.kind === 'job').map((r) => r.kind === 'job' && r.state),
    ).toEqual(['CANCELED']);
    expect(fraud.kind).toBe('EXECUTION_LISTENER');
  });

  it('continues after a restore from JSON between two listeners', async () => {
    // given
    const driver = await startInstance('executionListeners.serviceTask', variables);
    complete(driver, onlyJob(driver));
    driver.state = JSON.parse(JSON.stringify(driver.current));

    // when
    complete(driver, onlyJob(driver));

    // then
    expect(onlyJob(driver).type).toBe('card.charge');
  });
});
