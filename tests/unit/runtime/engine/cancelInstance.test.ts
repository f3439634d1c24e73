import { describe, expect, it } from 'vitest';
import type { Command } from '../../../../runtime/src';
import {
  T0,
  elementStates,
  expectRejected,
  instanceStates,
  recordsOf,
  startInstance,
  type InstanceDriver,
} from './support';

/**
 * An instance with a job (`acknowledge`), a user task (`investigate`) and an incident
 * (`refund`: its input mapping fails without an amount).
 */
async function busyInstance(): Promise<InstanceDriver> {
  const driver = await startInstance('cancelInstance.parallelWork');
  expect(driver.activeElementIds()).toEqual(['acknowledge', 'investigate', 'refund']);
  expect(driver.incident('refund').errorType).toBe('IO_MAPPING_ERROR');
  return driver;
}

describe('instance.cancel', () => {
  it('terminates every element instance and then the instance', async () => {
    // given
    const driver = await busyInstance();
    driver.now = T0 + 9_000;

    // when
    const canceled = driver.run({ type: 'instance.cancel' });

    // then
    for (const elementId of ['acknowledge', 'investigate', 'handle-complaint']) {
      expect(elementStates(canceled.records, elementId)).toEqual(['TERMINATED']);
    }
    // the element with the incident is recorded once more as its incident is resolved
    expect(elementStates(canceled.records, 'refund')).toEqual(['ACTIVE', 'TERMINATED']);
    const terminated = recordsOf(canceled.records, 'elementInstance')
      .map((r) => r.row)
      .filter((row) => row.state === 'TERMINATED');
    expect(terminated.at(-1)).toMatchObject({ type: 'PROCESS', state: 'TERMINATED' });
    expect(new Set(terminated.map((row) => row.endDate))).toEqual(
      new Set([new Date(T0 + 9_000).toISOString()]),
    );
    expect(instanceStates(canceled.records)).toEqual(['TERMINATED']);
    expect(driver.current).toMatchObject({
      state: 'TERMINATED',
      endDate: new Date(T0 + 9_000).toISOString(),
      elements: {},
    });
  });

  it('cancels the jobs and user tasks and resolves the incidents', async () => {
    // given
    const driver = await busyInstance();
    const jobKey = driver.job('acknowledge').key;
    const userTaskKey = driver.userTask('investigate').key;
    const incidentKey = driver.incident('refund').key;

    // when
    const canceled = driver.run({ type: 'instance.cancel' });

    // then
    expect(recordsOf(canceled.records, 'job')).toEqual([
      expect.objectContaining({
        state: 'CANCELED',
        activatable: false,
        row: expect.objectContaining({ key: jobKey }),
      }),
    ]);
    expect(recordsOf(canceled.records, 'userTask')).toEqual([
      expect.objectContaining({
        state: 'CANCELED',
        row: expect.objectContaining({ key: userTaskKey }),
      }),
    ]);
    expect(recordsOf(canceled.records, 'incident')).toEqual([
      expect.objectContaining({
        state: 'RESOLVED',
        row: expect.objectContaining({ key: incidentKey }),
      }),
    ]);
    expect(driver.current).toMatchObject({ jobs: {}, userTasks: {}, incidents: {} });
  });

  it('drops the variables and the tokens waiting at a join', async () => {
    // given
    const driver = await busyInstance();
    driver.completeJob('acknowledge', { acknowledged: true });
    expect(Object.keys(driver.current.joins)).toHaveLength(1);

    // when
    driver.run({ type: 'instance.cancel' });

    // then
    expect(driver.current.joins).toEqual({});
    expect(driver.current.variables).toEqual({});
  });

  it('rejects every command after the cancellation with NOT_FOUND', async () => {
    // given
    const driver = await busyInstance();
    const jobKey = driver.job('acknowledge').key;
    const userTaskKey = driver.userTask('investigate').key;
    const incidentKey = driver.incident('refund').key;
    driver.run({ type: 'instance.cancel' });
    const commands: Command[] = [
      { type: 'job.complete', jobKey, variables: {} },
      { type: 'userTask.complete', userTaskKey, variables: {} },
      { type: 'incident.resolve', incidentKey },
      {
        type: 'variables.set',
        elementInstanceKey: driver.processInstanceKey,
        variables: { a: 1 },
        local: false,
      },
      { type: 'instance.cancel' },
    ];

    // when
    const results = commands.map((command) => driver.send(command));

    // then
    for (const result of results) {
      expect(expectRejected(result, 'NOT_FOUND').message).toContain('terminated');
    }
  });

  it('rejects cancelling a completed instance with NOT_FOUND', async () => {
    // given
    const driver = await startInstance('processCommand.serviceTask');
    driver.completeJob('send');

    // when
    const result = driver.send({ type: 'instance.cancel' });

    // then
    expectRejected(result, 'NOT_FOUND');
  });

  it('cancels a job-worker user task through its job', async () => {
    // given
    const driver = await startInstance('userTasks.jobWorker', { owner: 'bob' });

    // when
    const canceled = driver.run({ type: 'instance.cancel' });

    // then
    expect(recordsOf(canceled.records, 'job').map((r) => r.state)).toEqual(['CANCELED']);
    expect(elementStates(canceled.records, 'call')).toEqual(['TERMINATED']);
  });
});
