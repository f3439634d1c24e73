/**
 * User task listeners run as jobs of kind TASK_LISTENER before a transition of a Camunda
 * user task takes effect, one at a time; the task waits in the transitional state. A
 * listener may correct the task or (except while creating) deny the transition.
 */
import { describe, expect, it } from 'vitest';
import type { JobState, UserTaskJobResult, Variables } from '../../../../runtime/src';
import {
  elementStates,
  expectRejected,
  instanceStates,
  recordsOf,
  startInstance,
  type InstanceDriver,
} from './support';

const HEADER = 'io.camunda.zeebe:';

function onlyJob(driver: InstanceDriver): JobState {
  const jobs = Object.values(driver.current.jobs);
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

function completeListener(driver: InstanceDriver, result?: UserTaskJobResult) {
  const jobKey = onlyJob(driver).key;
  return driver.run({ type: 'job.complete', jobKey, variables: {}, ...(result ? { result } : {}) });
}

function assign(driver: InstanceDriver, assignee: string) {
  const userTaskKey = driver.userTask().key;
  return driver.run({ type: 'userTask.assign', userTaskKey, assignee, allowOverride: true });
}

function complete(driver: InstanceDriver, variables: Variables) {
  return driver.run({ type: 'userTask.complete', userTaskKey: driver.userTask().key, variables });
}

describe('user task listeners', () => {
  describe('creating', () => {
    it('runs before the task is created and applies its corrections, the assignee among them', async () => {
      // when the task is reached
      const driver = await startInstance('taskListeners.creating');

      // then it is being created, and the listener sees its properties in the job headers
      expect(driver.userTask()).toMatchObject({ state: 'CREATING', assignee: null });
      const listener = onlyJob(driver);
      expect(listener).toMatchObject({
        type: 'lead.route',
        retries: 2,
        kind: 'TASK_LISTENER',
        listenerEventType: 'CREATING',
        customHeaders: {
          kind: 'triage',
          [`${HEADER}candidateGroups`]: '["sales"]',
          [`${HEADER}priority`]: '50',
          [`${HEADER}userTaskKey`]: String(driver.userTask().key),
        },
      });

      // when the listener assigns the task, raises its priority and clears its groups
      const done = completeListener(driver, {
        corrections: { assignee: 'anna', priority: 80, candidateGroups: [], dueDate: null },
      });

      // then the task is created with the corrections
      expect(driver.userTask()).toMatchObject({
        assignee: 'anna',
        priority: 80,
        candidateGroups: [],
        dueDate: null,
      });
      expect(driver.userTask().state).toBeUndefined();
      expect(recordsOf(done.records, 'job')).toEqual([
        expect.objectContaining({
          state: 'COMPLETED',
          row: expect.objectContaining({ denied: false, deniedReason: null }),
        }),
      ]);
      expect(driver.current.jobs).toEqual({});
    });

    it('assigns the assignee of the model after it, which it may not correct', async () => {
      // given a task created for its owner
      const driver = await startInstance('taskListeners.creating', { owner: 'dora' });
      expect(onlyJob(driver).customHeaders).toMatchObject({ [`${HEADER}assignee`]: 'dora' });

      // when the listener corrects the assignee
      const result = driver.send({
        type: 'job.complete',
        jobKey: onlyJob(driver).key,
        variables: {},
        result: { corrections: { assignee: 'eve' } },
      });

      // then that is refused, and once it approves the owner has the task
      const rejection = expectRejected(result, 'INVALID_ARGUMENT');
      expect(rejection.message).toContain("correcting the assignee on 'CREATING' event");
      completeListener(driver);
      expect(driver.userTask()).toMatchObject({ assignee: 'dora' });
      expect(driver.userTask().state).toBeUndefined();
    });

    it('refuses to deny the creation of a task', async () => {
      // given
      const driver = await startInstance('taskListeners.creating');

      // when
      const result = driver.send({
        type: 'job.complete',
        jobKey: onlyJob(driver).key,
        variables: {},
        result: { denied: true, deniedReason: 'no' },
      });

      // then the job is still open and the task still being created
      const rejection = expectRejected(result, 'INVALID_ARGUMENT');
      expect(rejection.message).toContain("Denying result is not supported for 'CREATING'");
      expect(onlyJob(driver).listenerEventType).toBe('CREATING');
      expect(driver.userTask().state).toBe('CREATING');
    });

    it('refuses variables on the completion of a listener job', async () => {
      // given
      const driver = await startInstance('taskListeners.creating');

      // when
      const result = driver.send({
        type: 'job.complete',
        jobKey: onlyJob(driver).key,
        variables: { routed: true },
      });

      // then
      const rejection = expectRejected(result, 'INVALID_ARGUMENT');
      expect(rejection.message).toContain('variables payload provided is not yet supported');
    });
  });

  describe('assigning', () => {
    it('assigns once the listener approves, with its correction of the assignee', async () => {
      // given an unassigned task
      const driver = await startInstance('taskListeners.assigning', { owner: null });
      expect(driver.userTask()).toMatchObject({ assignee: null });
      expect(driver.current.jobs).toEqual({});

      // when it is assigned to bob
      assign(driver, 'bob');

      // then the listener runs first and sees the assignee asked for
      expect(driver.userTask()).toMatchObject({ state: 'ASSIGNING', assignee: null });
      expect(onlyJob(driver)).toMatchObject({
        type: 'complaint.checkAssignee',
        listenerEventType: 'ASSIGNING',
        customHeaders: {
          [`${HEADER}assignee`]: 'bob',
          [`${HEADER}action`]: 'assign',
          [`${HEADER}changedAttributes`]: '["assignee"]',
        },
      });

      // when it approves, assigning carl instead
      completeListener(driver, { corrections: { assignee: 'carl' } });

      // then
      expect(driver.userTask()).toMatchObject({ assignee: 'carl' });
      expect(driver.userTask().state).toBeUndefined();
    });

    it('leaves the task unassigned when the listener denies, and records why on the job', async () => {
      // given
      const driver = await startInstance('taskListeners.assigning', { owner: null });
      assign(driver, 'bob');

      // when
      const denied = completeListener(driver, { denied: true, deniedReason: 'bob is on leave' });

      // then
      expect(driver.userTask()).toMatchObject({ assignee: null });
      expect(driver.userTask().state).toBeUndefined();
      expect(recordsOf(denied.records, 'job')).toEqual([
        expect.objectContaining({
          state: 'COMPLETED',
          row: expect.objectContaining({ denied: true, deniedReason: 'bob is on leave' }),
        }),
      ]);
      expect(recordsOf(denied.records, 'userTask').at(-1)?.row.assignee).toBeNull();
    });

    it('assigns the assignee of the model after creation, through the listener', async () => {
      // when the task is created for its owner
      const driver = await startInstance('taskListeners.assigning', { owner: 'dora' });

      // then it is created unassigned and the assignment waits on the listener
      expect(driver.userTask()).toMatchObject({ state: 'ASSIGNING', assignee: null });
      expect(onlyJob(driver).customHeaders).toMatchObject({
        [`${HEADER}assignee`]: 'dora',
        [`${HEADER}action`]: 'assign',
      });

      // when it approves
      completeListener(driver);

      // then
      expect(driver.userTask()).toMatchObject({ assignee: 'dora' });
    });

    it('rejects other commands on the task while the listener runs', async () => {
      // given an assignment waiting on its listener
      const driver = await startInstance('taskListeners.assigning', { owner: null });
      assign(driver, 'bob');
      const userTaskKey = driver.userTask().key;

      // when
      const completion = driver.send({ type: 'userTask.complete', userTaskKey, variables: {} });
      const reassignment = driver.send({ type: 'userTask.unassign', userTaskKey });
      const update = driver.send({ type: 'userTask.update', userTaskKey, changeset: {} });

      // then
      const rejection = expectRejected(completion, 'INVALID_STATE');
      expect(rejection.message).toBe(
        `Expected to complete user task with key '${userTaskKey}', but it is in state 'ASSIGNING'`,
      );
      expectRejected(reassignment, 'INVALID_STATE');
      expectRejected(update, 'INVALID_STATE');
    });

    it('refuses a BPMN error from a listener job', async () => {
      // given
      const driver = await startInstance('taskListeners.assigning', { owner: 'dora' });

      // when
      const result = driver.send({
        type: 'job.throwError',
        jobKey: onlyJob(driver).key,
        errorCode: 'NO',
        errorMessage: '',
        variables: {},
      });

      // then
      expect(expectRejected(result, 'INVALID_STATE').message).toContain(
        'task listeners cannot throw BPMN errors',
      );
    });
  });

  describe('updating', () => {
    it('runs the listeners in order, the second one seeing the correction of the first', async () => {
      // given
      const driver = await startInstance('taskListeners.updating', { region: 'eu' });
      const userTaskKey = driver.userTask().key;

      // when the due date is updated
      const dueDate = '2025-05-01T10:00:00.000Z';
      driver.run({ type: 'userTask.update', userTaskKey, changeset: { dueDate } });

      // then the first listener sees the change
      expect(driver.userTask()).toMatchObject({ state: 'UPDATING', dueDate: null });
      expect(onlyJob(driver)).toMatchObject({
        type: 'call.prioritise',
        listenerEventType: 'UPDATING',
        customHeaders: {
          [`${HEADER}dueDate`]: dueDate,
          [`${HEADER}changedAttributes`]: '["dueDate"]',
          [`${HEADER}priority`]: '40',
        },
      });

      // when it corrects the priority, the second one sees that too
      completeListener(driver, { corrections: { priority: 90 } });
      expect(onlyJob(driver)).toMatchObject({
        type: 'audit.eu',
        customHeaders: {
          [`${HEADER}changedAttributes`]: '["dueDate","priority"]',
          [`${HEADER}priority`]: '90',
        },
      });
      expect(driver.userTask().priority).toBe(40);

      // then once it approves, the update takes effect with the correction
      completeListener(driver);
      expect(driver.userTask()).toMatchObject({ dueDate, priority: 90 });
      expect(driver.userTask().state).toBeUndefined();
    });

    it('waits on an incident when a listener job type cannot be evaluated, and starts over once resolved', async () => {
      // given a region-less instance whose first updating listener corrected the priority
      const driver = await startInstance('taskListeners.updating');
      const userTaskKey = driver.userTask().key;
      driver.run({ type: 'userTask.update', userTaskKey, changeset: { priority: 60 } });
      completeListener(driver, { corrections: { priority: 90 } });

      // then the second one cannot be opened
      expect(driver.current.jobs).toEqual({});
      expect(driver.incident('call')).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR' });
      expect(driver.userTask().state).toBe('UPDATING');

      // when the region is set and the incident resolved
      driver.run({
        type: 'variables.set',
        elementInstanceKey: driver.processInstanceKey,
        variables: { region: 'eu' },
        local: false,
      });
      driver.resolveIncident('call');

      // then the transition starts over at its first listener, without the correction
      expect(onlyJob(driver)).toMatchObject({
        type: 'call.prioritise',
        customHeaders: { [`${HEADER}priority`]: '60' },
      });
      completeListener(driver);
      completeListener(driver);
      expect(driver.userTask().priority).toBe(60);
    });
  });

  describe('completing', () => {
    it('keeps the task open when a listener denies the completion', async () => {
      // given
      const driver = await startInstance('taskListeners.completing');

      // when the completion is denied
      complete(driver, { approved: true });
      expect(driver.userTask().state).toBe('COMPLETING');
      completeListener(driver, { denied: true, deniedReason: 'discount too high' });

      // then the task is open again, the listener after it did not run, nothing was kept
      expect(driver.userTask().state).toBeUndefined();
      expect(driver.userTask().denial).toMatchObject({ reason: 'discount too high' });
      expect(driver.current.jobs).toEqual({});
      expect(driver.activeElementIds()).toEqual(['approve']);
      expect(driver.processVariables()).toEqual({});
    });

    it('completes the element with the completion variables once every listener approved', async () => {
      // given
      const driver = await startInstance('taskListeners.completing');
      complete(driver, { approved: true });

      // when both listeners approve, in the order modelled
      expect(onlyJob(driver)).toMatchObject({
        type: 'offer.validate',
        listenerEventType: 'COMPLETING',
      });
      completeListener(driver);
      expect(onlyJob(driver)).toMatchObject({ type: 'offer.audit', retries: 1 });
      expect(driver.activeElementIds()).toEqual(['approve']);
      const done = completeListener(driver);

      // then the task completes and the process takes its variables
      expect(recordsOf(done.records, 'userTask').map((r) => r.state)).toEqual(['COMPLETED']);
      expect(elementStates(done.records, 'approve')).toEqual(['COMPLETED']);
      expect(driver.current.state).toBe('COMPLETED');
      expect(driver.records).toContainEqual(
        expect.objectContaining({
          kind: 'variable',
          row: expect.objectContaining({ name: 'approved', value: 'true' }),
        }),
      );
    });

    it('waits on an incident when a listener job fails for good, and goes on once resolved', async () => {
      // given the audit listener failing without retries
      const driver = await startInstance('taskListeners.completing');
      complete(driver, { approved: true });
      completeListener(driver);
      const audit = onlyJob(driver);
      driver.run({
        type: 'job.fail',
        jobKey: audit.key,
        retries: 0,
        errorMessage: 'audit log down',
        retryBackOff: 0,
        variables: {},
      });
      const incident = driver.incident('approve');
      expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', jobKey: audit.key });
      expect(driver.userTask().state).toBe('COMPLETING');

      // when its retries are raised, the incident resolved and the job completed
      driver.run({ type: 'job.updateRetries', jobKey: audit.key, retries: 1 });
      driver.run({ type: 'incident.resolve', incidentKey: incident.key });
      completeListener(driver);

      // then the task completes
      expect(driver.current.state).toBe('COMPLETED');
    });

    it('cancels the listener job when a boundary event interrupts the task', async () => {
      // given a completion waiting on its first listener
      const driver = await startInstance('taskListeners.completing');
      complete(driver, { approved: true });

      // when the deadline fires
      const fired = driver.fireTimer('deadline');

      // then the listener job and the task are cancelled with the element
      expect(recordsOf(fired.records, 'job').map((r) => r.state)).toEqual(['CANCELED']);
      expect(recordsOf(fired.records, 'userTask').map((r) => r.state)).toEqual(['CANCELED']);
      expect(driver.current.state).toBe('COMPLETED');
      expect(elementStates(driver.records, 'expired')).toEqual(['ACTIVE', 'COMPLETED']);
    });

    it('continues after a restore from JSON while a listener runs', async () => {
      // given a completion waiting on its second listener, persisted and restored
      const driver = await startInstance('taskListeners.completing');
      complete(driver, { approved: true });
      completeListener(driver);
      driver.state = JSON.parse(JSON.stringify(driver.current));

      // when
      completeListener(driver);

      // then
      expect(driver.current.state).toBe('COMPLETED');
    });
  });
});

describe('canceling user task listeners', () => {
  const cancel = (driver: InstanceDriver) => driver.run({ type: 'instance.cancel' });

  it('holds the cancellation of the instance until its listeners are done, one after the other', async () => {
    // given
    const driver = await startInstance('taskListeners.canceling', { channel: 'mail' });
    const userTaskKey = driver.userTask().key;

    // when the instance is cancelled
    const canceled = cancel(driver);

    // then the task is canceling, its first listener runs, and nothing is terminated yet
    expect(driver.userTask()).toMatchObject({ state: 'CANCELING', assignee: 'anna' });
    expect(onlyJob(driver)).toMatchObject({
      type: 'audit.mail',
      retries: 2,
      kind: 'TASK_LISTENER',
      listenerEventType: 'CANCELING',
      customHeaders: {
        kind: 'contract',
        [`${HEADER}assignee`]: 'anna',
        [`${HEADER}userTaskKey`]: String(userTaskKey),
      },
    });
    expect(elementStates(canceled.records, 'review')).toEqual([]);
    expect(instanceStates(canceled.records)).toEqual([]);
    expect(driver.current.state).toBe('ACTIVE');
    expect(driver.current.timers).toEqual({});

    // when the first listener is done, the second runs; when it is done with a correction
    completeListener(driver);
    expect(onlyJob(driver)).toMatchObject({
      type: 'notify.canceled',
      listenerEventType: 'CANCELING',
    });
    expect(driver.activeElementIds()).toEqual(['review']);
    const done = completeListener(driver, { corrections: { assignee: 'bob' } });

    // then the task is cancelled with it, its element terminated, and the instance ends
    expect(recordsOf(done.records, 'userTask')).toEqual([
      expect.objectContaining({
        state: 'CANCELED',
        row: expect.objectContaining({ assignee: 'bob' }),
      }),
    ]);
    expect(elementStates(done.records, 'review')).toEqual(['TERMINATED']);
    expect(elementStates(done.records, 'review-contract')).toEqual(['TERMINATED']);
    expect(instanceStates(done.records)).toEqual(['TERMINATED']);
    expect(driver.current.state).toBe('TERMINATED');
    expect(driver.current.userTasks).toEqual({});
    expect(driver.current.jobs).toEqual({});
  });

  it('refuses a denial, a second cancellation and commands on the task while it is canceling', async () => {
    // given
    const driver = await startInstance('taskListeners.canceling', { channel: 'mail' });
    const userTaskKey = driver.userTask().key;
    cancel(driver);

    // when
    const denial = driver.send({
      type: 'job.complete',
      jobKey: onlyJob(driver).key,
      variables: {},
      result: { denied: true, deniedReason: 'keep it' },
    });
    const again = driver.send({ type: 'instance.cancel' });
    const assignment = driver.send({
      type: 'userTask.assign',
      userTaskKey,
      assignee: 'bob',
      allowOverride: true,
    });

    // then
    expect(expectRejected(denial, 'INVALID_ARGUMENT').message).toContain(
      "Denying result is not supported for 'CANCELING' task listener jobs",
    );
    expectRejected(again, 'NOT_FOUND');
    expect(expectRejected(assignment, 'INVALID_STATE').message).toContain(
      "but it is in state 'CANCELING'",
    );
    expect(onlyJob(driver).type).toBe('audit.mail');
    expect(driver.userTask().state).toBe('CANCELING');
  });

  it('enters an interrupting boundary event only once the task is terminated', async () => {
    // given
    const driver = await startInstance('taskListeners.canceling', { channel: 'mail' });

    // when the deadline fires
    const fired = driver.fireTimer('deadline');

    // then the task waits for its listeners before the boundary event is entered
    expect(elementStates(fired.records, 'deadline')).toEqual([]);
    expect(driver.activeElementIds()).toEqual(['review']);
    expect(driver.userTask().state).toBe('CANCELING');

    // when both listeners are done
    completeListener(driver);
    const done = completeListener(driver);

    // then the task is terminated, and after it the boundary event is entered
    const order = done.records.flatMap((r) =>
      r.kind === 'elementInstance' ? [`${r.row.elementId}:${r.row.state}`] : [],
    );
    expect(order.slice(0, 2)).toEqual(['review:TERMINATED', 'deadline:ACTIVE']);
    expect(order).toContain('deadline:COMPLETED');
    expect(driver.activeElementIds()).toEqual(['escalate']);
    expect(driver.current.state).toBe('ACTIVE');
  });

  it('does not enter the boundary event when the instance is cancelled meanwhile', async () => {
    // given a task held by its listeners after the deadline fired
    const driver = await startInstance('taskListeners.canceling', { channel: 'mail' });
    driver.fireTimer('deadline');

    // when the instance is cancelled too and the listeners are done
    cancel(driver);
    completeListener(driver);
    completeListener(driver);

    // then
    expect(elementStates(driver.records, 'deadline')).toEqual([]);
    expect(elementStates(driver.records, 'escalate')).toEqual([]);
    expect(driver.current.state).toBe('TERMINATED');
  });

  it('waits on an incident when a listener cannot be opened, and opens it once resolved', async () => {
    // given an instance without the channel the first listener's type needs
    const driver = await startInstance('taskListeners.canceling');

    // when it is cancelled
    cancel(driver);

    // then the termination waits on the incident
    expect(driver.incident('review')).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR' });
    expect(driver.current.jobs).toEqual({});
    expect(driver.userTask().state).toBe('CANCELING');
    expect(driver.current.state).toBe('ACTIVE');

    // when the channel is set and the incident resolved
    driver.setProcessVariables({ channel: 'sms' });
    driver.resolveIncident('review');

    // then the listener runs, and the instance ends after both
    expect(onlyJob(driver).type).toBe('audit.sms');
    completeListener(driver);
    completeListener(driver);
    expect(driver.current.state).toBe('TERMINATED');
  });

  it('continues after a restore from JSON while a canceling listener runs', async () => {
    // given a cancellation waiting on its second listener, persisted and restored
    const driver = await startInstance('taskListeners.canceling', { channel: 'mail' });
    cancel(driver);
    completeListener(driver);
    driver.state = JSON.parse(JSON.stringify(driver.current));

    // when
    completeListener(driver);

    // then
    expect(driver.current.state).toBe('TERMINATED');
  });

  it('enters the boundary event of a subprocess once the task inside it is terminated', async () => {
    // given
    const driver = await startInstance('taskListeners.cancelingInScopes', { claimId: 'c-1' });

    // when the claim is withdrawn
    driver.correlate('withdrawn', 1);

    // then the rest of the subprocess is terminated, the subprocess waits for the task
    expect(elementStates(driver.records, 'check')).toEqual(['ACTIVE', 'TERMINATED']);
    expect(driver.activeElementIds()).toEqual(['handling', 'review']);
    expect(elementStates(driver.records, 'withdrawn')).toEqual([]);

    // when its listener is done
    completeListener(driver);

    // then
    expect(elementStates(driver.records, 'handling')).toEqual(['ACTIVE', 'TERMINATED']);
    expect(elementStates(driver.records, 'closed')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('starts an interrupting event subprocess once the task is terminated', async () => {
    // given
    const driver = await startInstance('taskListeners.cancelingInScopes', { claimId: 'c-1' });

    // when the claims are recalled
    driver.signal('recalled', 1);

    // then the event subprocess waits for the task
    expect(driver.activeElementIds()).toEqual(['handling', 'review']);
    expect(elementStates(driver.records, 'recalling')).toEqual([]);

    // when its listener is done
    completeListener(driver);

    // then
    expect(elementStates(driver.records, 'handling')).toEqual(['ACTIVE', 'TERMINATED']);
    expect(elementStates(driver.records, 'recalling')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('completes the subprocess a terminate end event ended once the task is terminated', async () => {
    // given
    const driver = await startInstance('taskListeners.cancelingInScopes', { claimId: 'c-1' });

    // when the fraud check arrives and the terminate end event is reached
    driver.correlate('check', 1);

    // then the subprocess stays until the task is terminated, and then completes
    expect(elementStates(driver.records, 'halt')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.activeElementIds()).toEqual(['handling', 'review']);
    completeListener(driver);
    expect(elementStates(driver.records, 'review')).toEqual(['ACTIVE', 'TERMINATED']);
    expect(elementStates(driver.records, 'handling')).toEqual(['ACTIVE', 'COMPLETED']);
    expect(driver.current.state).toBe('COMPLETED');
  });

  it('completes a multi-instance activity whose condition is met once the other tasks are terminated', async () => {
    // given two approvers, one of whom approves
    const driver = await startInstance('taskListeners.cancelingMultiInstance', {
      approvers: ['anna', 'bob'],
    });
    const tasks = Object.values(driver.current.userTasks);
    const anna = tasks.find((task) => task.assignee === 'anna')!;
    driver.run({ type: 'userTask.complete', userTaskKey: anna.key, variables: {} });

    // then bob's task is canceling and the activity waits for it
    expect(driver.userTask()).toMatchObject({ assignee: 'bob', state: 'CANCELING' });
    expect(elementStates(driver.records, 'grant')).toEqual([]);

    // when its listener is done
    completeListener(driver);

    // then the activity completes and the process goes on
    expect(driver.activeElementIds()).toEqual(['grant']);
  });
});
