import { describe, expect, it } from 'vitest';
import { T0, expectRejected, recordsOf, startInstance } from './support';

const DAY = 24 * 60 * 60 * 1000;
const feelVariables = { owner: 'bob', region: 'emea', backups: 'x, y', urgency: 90, form: 'f1' };

describe('Camunda user task (zeebe:userTask)', () => {
  it('opens a task with static assignment, schedule, priority, form and headers', async () => {
    // when
    const driver = await startInstance('userTasks.static');

    // then
    const task = driver.userTask('review');
    expect(task).toEqual({
      key: task.key,
      elementInstanceKey: driver.elementKey('review'),
      elementId: 'review',
      name: 'Review complaint',
      assignee: 'anna',
      candidateGroups: ['sales', 'service'],
      candidateUsers: ['bob', 'carl'],
      dueDate: '2025-04-01T12:00:00.000Z',
      followUpDate: '2025-03-25T08:00:00.000Z',
      priority: 70,
      externalFormReference: null,
      formId: 'review-form',
      customHeaders: { kind: 'review' },
      creationDate: new Date(T0).toISOString(),
    });
    expect(recordsOf(driver.records, 'userTask')).toEqual([
      expect.objectContaining({ state: 'CREATED', completionDate: null }),
    ]);
    expect(driver.current.jobs).toEqual({});
  });

  it('evaluates FEEL assignment, due date, priority and form reference with the command clock', async () => {
    // when
    const driver = await startInstance('userTasks.feel', feelVariables);

    // then
    expect(driver.userTask('followUp')).toMatchObject({
      assignee: 'bob',
      candidateGroups: ['sales', 'emea'],
      candidateUsers: ['x', 'y'],
      dueDate: new Date(T0 + 2 * DAY).toISOString(),
      followUpDate: null,
      priority: 90,
      externalFormReference: 'https://forms.example/f1',
    });
  });

  it('gives a task without a priority definition the priority 50', async () => {
    // when
    const driver = await startInstance('rehydration.userTask');

    // then
    expect(driver.userTask().priority).toBe(50);
  });

  it('raises an EXTRACT_VALUE_ERROR incident for a priority outside 0..100', async () => {
    // when
    const driver = await startInstance('userTasks.feel', { ...feelVariables, urgency: 150 });

    // then
    expect(driver.incident('followUp').errorType).toBe('EXTRACT_VALUE_ERROR');
    expect(driver.current.userTasks).toEqual({});
  });

  it('rejects assigning an assigned task without allowOverride as INVALID_STATE', async () => {
    // given
    const driver = await startInstance('userTasks.static');
    const userTaskKey = driver.userTask().key;

    // when
    const result = driver.send({
      type: 'userTask.assign',
      userTaskKey,
      assignee: 'zoe',
      allowOverride: false,
    });

    // then
    expect(expectRejected(result, 'INVALID_STATE').message).toContain("'anna'");
    expect(driver.userTask().assignee).toBe('anna');
  });

  it('reassigns with allowOverride and assigns an unassigned task without it', async () => {
    // given
    const driver = await startInstance('userTasks.static');
    const userTaskKey = driver.userTask().key;

    // when
    const reassigned = driver.run({
      type: 'userTask.assign',
      userTaskKey,
      assignee: 'zoe',
      allowOverride: true,
    });
    const unassigned = driver.run({ type: 'userTask.unassign', userTaskKey });
    const afterUnassign = driver.userTask().assignee;
    driver.run({ type: 'userTask.assign', userTaskKey, assignee: 'yan', allowOverride: false });

    // then
    expect(recordsOf(reassigned.records, 'userTask')[0]?.row.assignee).toBe('zoe');
    expect(recordsOf(unassigned.records, 'userTask')[0]?.row.assignee).toBeNull();
    expect(afterUnassign).toBeNull();
    expect(driver.userTask().assignee).toBe('yan');
  });

  it('updates the fields of a changeset and leaves the others', async () => {
    // given
    const driver = await startInstance('userTasks.static');
    const userTaskKey = driver.userTask().key;

    // when
    const updated = driver.run({
      type: 'userTask.update',
      userTaskKey,
      changeset: {
        dueDate: '2025-05-01T00:00:00.000Z',
        followUpDate: null,
        candidateGroups: ['support'],
        candidateUsers: [],
        priority: 10,
      },
    });

    // then
    expect(driver.userTask()).toMatchObject({
      assignee: 'anna',
      dueDate: '2025-05-01T00:00:00.000Z',
      followUpDate: '2025-03-25T08:00:00.000Z',
      candidateGroups: ['support'],
      candidateUsers: [],
      priority: 10,
    });
    expect(recordsOf(updated.records, 'userTask')).toEqual([
      expect.objectContaining({ state: 'CREATED', row: driver.userTask() }),
    ]);
  });

  it('clears a date updated to the empty string', async () => {
    // given
    const driver = await startInstance('userTasks.static');

    // when
    driver.run({
      type: 'userTask.update',
      userTaskKey: driver.userTask().key,
      changeset: { dueDate: '' },
    });

    // then
    expect(driver.userTask().dueDate).toBeNull();
  });

  it('completes the task with variables, then rejects completing it again as NOT_FOUND', async () => {
    // given
    const driver = await startInstance('userTasks.static');
    const userTaskKey = driver.userTask().key;
    driver.now = T0 + 5_000;

    // when
    const completed = driver.run({
      type: 'userTask.complete',
      userTaskKey,
      variables: { resolution: 'refund' },
    });
    const again = driver.send({ type: 'userTask.complete', userTaskKey, variables: {} });

    // then
    expect(recordsOf(completed.records, 'userTask')).toEqual([
      expect.objectContaining({
        state: 'COMPLETED',
        completionDate: new Date(T0 + 5_000).toISOString(),
      }),
    ]);
    expect(recordsOf(completed.records, 'variable').map((r) => r.row.name)).toEqual(['resolution']);
    expect(driver.current.state).toBe('COMPLETED');
    expectRejected(again, 'NOT_FOUND');
  });
});

describe('job-worker user task (no zeebe:userTask)', () => {
  it('creates a job of type io.camunda.zeebe:userTask with the assignment as headers', async () => {
    // when
    const driver = await startInstance('userTasks.jobWorker', { owner: 'bob' });

    // then
    const job = driver.job('call');
    expect(job.type).toBe('io.camunda.zeebe:userTask');
    expect(job.userTask).toBe(true);
    expect(job.customHeaders).toMatchObject({
      kind: 'call',
      'io.camunda.zeebe:assignee': 'bob',
      'io.camunda.zeebe:candidateGroups': '["sales"]',
      'io.camunda.zeebe:candidateUsers': '["dan"]',
      'io.camunda.zeebe:dueDate': new Date(T0 + 60 * 60 * 1000).toISOString(),
    });
    expect(driver.current.userTasks).toEqual({});
  });

  it('gives the job the single retry Zeebe gives job-worker user tasks', async () => {
    // when
    const driver = await startInstance('userTasks.jobWorker', { owner: 'bob' });

    // then
    expect(driver.job('call').retries).toBe(1);
  });

  it('hands the embedded form key to the worker as a header', async () => {
    // when
    const driver = await startInstance('userTasks.jobWorker', { owner: 'bob' });

    // then
    expect(driver.job('call').customHeaders).toMatchObject({
      'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:callForm',
    });
  });

  it('completes the instance when the user-task job is completed', async () => {
    // given
    const driver = await startInstance('userTasks.jobWorker', { owner: 'bob' });

    // when
    driver.completeJob('call', { reached: true });

    // then
    expect(driver.current.state).toBe('COMPLETED');
  });
});
