/**
 * Every wait state survives persist → restore → continue: the state is stored as JSON
 * text between commands (as the server stores a commit) and the instance goes on from
 * the text exactly as it would have from the live object.
 */
import { describe, expect, it } from 'vitest';
import { processCommand, type Command, type InstanceState } from '../../../../runtime/src';
import { InstanceDriver, elementStates, instanceStates, startInstance } from './support';

/** Stores the driver's state as text and reads it back into a new driver. */
function restore(driver: InstanceDriver): InstanceDriver {
  const stored = JSON.stringify(driver.current);
  const restored = new InstanceDriver(driver.definition, { now: driver.now });
  restored.state = JSON.parse(stored) as InstanceState;
  return restored;
}

/** The same command from the live state and from its JSON text give the same result. */
function expectSameFromText(driver: InstanceDriver, command: Command) {
  const context = driver.nextContext();
  const live = processCommand(driver.definition, driver.current, command, context);
  const text = JSON.parse(JSON.stringify(driver.current)) as InstanceState;
  const fromText = processCommand(driver.definition, text, command, context);
  expect(fromText).toStrictEqual(live);
}

describe('persist → restore → continue', () => {
  it('keeps everything a state holds through a JSON round trip', async () => {
    // given
    const driver = await startInstance('parallelGateway.forkJoin', { nested: { a: [1, 2] } });
    driver.completeJob('contract');

    // when
    const restored = restore(driver);

    // then
    expect(restored.current).toStrictEqual(driver.current);
  });

  it('completes a restored service task job', async () => {
    // given
    const driver = await startInstance('processCommand.serviceTask', { leadId: 'L-1' });
    const restored = restore(driver);

    // when
    const result = restored.completeJob('send', { offerId: 'O-1' });

    // then
    expect(restored.current.state).toBe('COMPLETED');
    expect(elementStates(result.records, 'send')).toEqual(['COMPLETED']);
    expect(elementStates(result.records, 'end')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(instanceStates(result.records)).toEqual(['COMPLETED']);
    expectSameFromText(driver, { type: 'job.complete', jobKey: driver.job().key, variables: {} });
  });

  it('completes a restored Camunda user task with variables', async () => {
    // given
    const driver = await startInstance('rehydration.userTask', { offer: 'O-1' });
    const restored = restore(driver);
    const task = restored.userTask('review');

    // when
    const result = restored.completeUserTask('review', { approved: true });

    // then
    expect(task).toMatchObject({ assignee: 'anna', candidateGroups: ['sales'] });
    expect(result.records).toContainEqual(
      expect.objectContaining({ kind: 'userTask', state: 'COMPLETED' }),
    );
    expect(restored.current.state).toBe('COMPLETED');
    expectSameFromText(driver, {
      type: 'userTask.complete',
      userTaskKey: task.key,
      variables: { approved: true },
    });
  });

  it('assigns and then completes a user task restored between each command', async () => {
    // given
    let driver = await startInstance('rehydration.userTask');
    const userTaskKey = driver.userTask().key;

    // when
    driver = restore(driver);
    driver.run({ type: 'userTask.assign', userTaskKey, assignee: 'carl', allowOverride: true });
    driver = restore(driver);
    const assignee = driver.userTask().assignee;
    driver.run({ type: 'userTask.complete', userTaskKey, variables: {} });

    // then
    expect(assignee).toBe('carl');
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('completes a restored job-worker user task through its job', async () => {
    // given
    const driver = await startInstance('rehydration.jobWorkerUserTask');
    const restored = restore(driver);
    const job = restored.job('call');

    // when
    restored.completeJob('call', { reached: true });

    // then
    expect(job.type).toBe('io.camunda.zeebe:userTask');
    expect(job.customHeaders).toMatchObject({ 'io.camunda.zeebe:assignee': 'bob' });
    expect(restored.current.state).toBe('COMPLETED');
    expectSameFromText(driver, { type: 'job.complete', jobKey: job.key, variables: {} });
  });

  it('joins a restored token waiting at a parallel join', async () => {
    // given
    const driver = await startInstance('parallelGateway.forkJoin');
    driver.completeJob('contract');
    const restored = restore(driver);

    // when
    restored.completeJob('welcome');

    // then
    expect(restored.activeElementIds()).toEqual(['activate']);
    expect(restored.current.joins).toEqual({});
    expectSameFromText(driver, {
      type: 'job.complete',
      jobKey: driver.job('welcome').key,
      variables: {},
    });
  });

  it('resolves a restored job incident after its retries are updated', async () => {
    // given
    let driver = await startInstance('processCommand.serviceTask');
    const jobKey = driver.job().key;
    driver.run({
      type: 'job.fail',
      jobKey,
      retries: 0,
      errorMessage: 'mail server down',
      retryBackOff: 0,
      variables: {},
    });

    // when
    driver = restore(driver);
    driver.run({ type: 'job.updateRetries', jobKey, retries: 2 });
    driver = restore(driver);
    driver.resolveIncident('send');
    driver = restore(driver);
    driver.completeJob('send');

    // then
    expect(driver.current.state).toBe('COMPLETED');
  });
});
