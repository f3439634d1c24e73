/**
 * User task listeners through the REST API: workers activate TASK_LISTENER jobs that carry
 * the user task as the listener sees it, and complete them with Camunda's `result` to
 * correct the task or deny the transition; the user task command answers once they are done.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse, TestServer } from '../../support/testServer';
import {
  expectProblem,
  startApiServer,
  startInstance,
  unique,
  waitFor,
  worker,
} from './apiTestKit';

const xml = readFileSync(new URL('./taskListeners.userTask.bpmn', import.meta.url), 'utf8');

interface Job {
  jobKey: string;
  kind: string;
  listenerEventType: string;
  variables: Record<string, unknown>;
  userTask: Record<string, unknown> | null;
}

interface Task {
  userTaskKey: string;
  state: string;
  assignee: string | null;
  priority: number;
  dueDate: string | null;
}

describe('user task listeners', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('task_listeners');
    const { status, body } = await server.api.deploy({ 'listened.bpmn': xml });
    expect(status, JSON.stringify(body)).toBe(200);
  });
  afterAll(() => server.close());

  /** Starts an instance whose listener job types end in its own `run`. */
  async function begin() {
    const run = unique();
    const instanceKey = await startInstance(server.api, 'api-task-listened', { run });
    return { run, instanceKey };
  }

  async function activate(type: string): Promise<Job> {
    return waitFor(async () => {
      const { body } = await worker(server.api).post('/jobs/activation', {
        type,
        timeout: 30_000,
        maxJobsToActivate: 1,
        requestTimeout: 1_000,
      });
      return body.jobs?.[0] as Job | undefined;
    }, `a job of type ${type}`);
  }

  const completeJob = (job: Job, body: unknown): Promise<ApiResponse<any>> =>
    worker(server.api).post(`/jobs/${job.jobKey}/completion`, body);

  async function taskOf(instanceKey: string, state: string): Promise<Task> {
    return waitFor(async () => {
      const { body } = await server.api.post('/user-tasks/search', {
        filter: { processInstanceKey: instanceKey },
      });
      const task = body.items?.[0] as Task | undefined;
      return task?.state === state ? task : undefined;
    }, `the user task of ${instanceKey} in state ${state}`);
  }

  /** An instance whose task the creating listener let through unchanged. */
  async function createdTask() {
    const { run, instanceKey } = await begin();
    const creating = await activate(`api.tl.creating.${run}`);
    expect((await completeJob(creating, {})).status).toBe(204);
    return { run, instanceKey, task: await taskOf(instanceKey, 'CREATED') };
  }

  it('hands the creating listener the task and creates the task with its corrections', async () => {
    // given an instance at the task
    const { run, instanceKey } = await begin();

    // when the creating listener's job is activated
    const job = await activate(`api.tl.creating.${run}`);

    // then it says what it is and shows the task being created
    const creating = await taskOf(instanceKey, 'CREATING');
    expect(job).toMatchObject({
      kind: 'TASK_LISTENER',
      listenerEventType: 'CREATING',
      variables: { run },
      userTask: {
        userTaskKey: creating.userTaskKey,
        assignee: null,
        candidateGroups: ['sales'],
        priority: 50,
        changedAttributes: [],
      },
    });

    // when it completes with corrections
    const done = await completeJob(job, {
      result: {
        type: 'userTask',
        corrections: { priority: 75, dueDate: '2025-06-01T10:00:00.000Z' },
      },
    });

    // then the task is created with them
    expect(done.status, JSON.stringify(done.body)).toBe(204);
    const task = await taskOf(instanceKey, 'CREATED');
    expect(task).toMatchObject({ priority: 75, dueDate: '2025-06-01T10:00:00.000Z' });
  });

  it('answers an assignment once the assigning listener decided, with 409 and its reason on denial', async () => {
    // given a created task and an assignment waiting for its listener
    const { run, task } = await createdTask();
    const path = `/user-tasks/${task.userTaskKey}`;
    const pending = server.api.post(`${path}/assignment`, { assignee: 'anna' });
    const job = await activate(`api.tl.assigning.${run}`);
    expect(job).toMatchObject({
      listenerEventType: 'ASSIGNING',
      userTask: { assignee: 'anna', action: 'assign', changedAttributes: ['assignee'] },
    });
    expect((await server.api.get(path)).body).toMatchObject({ state: 'ASSIGNING', assignee: null });

    // when the task is completed meanwhile, and the listener denies the assignment
    const meanwhile = await server.api.post(`${path}/completion`, {});
    const denied = await completeJob(job, {
      result: { type: 'userTask', denied: true, deniedReason: 'anna is away' },
    });

    // then the completion was refused, and so is the assignment, with the listener's reason
    expectProblem(meanwhile, 409, `${path}/completion`);
    expect(denied.status, JSON.stringify(denied.body)).toBe(204);
    const answer = await pending;
    expectProblem(answer, 409, `${path}/assignment`);
    expect(answer.body.detail).toBe(
      `Command 'ASSIGN' rejected with code 'INVALID_STATE': Assignment of the User Task with key '${task.userTaskKey}' was denied by Task Listener. Reason to deny: 'anna is away'`,
    );
    expect((await server.api.get(path)).body).toMatchObject({ state: 'CREATED', assignee: null });
    const { body: jobs } = await server.api.post('/jobs/search', {
      filter: { jobKey: job.jobKey, isDenied: true },
    });
    expect(jobs.items).toEqual([
      expect.objectContaining({
        kind: 'TASK_LISTENER',
        listenerEventType: 'ASSIGNING',
        state: 'COMPLETED',
        isDenied: true,
        deniedReason: 'anna is away',
      }),
    ]);

    // when it is assigned again and the listener corrects the assignee
    const again = server.api.post(`${path}/assignment`, { assignee: 'anna' });
    const second = await activate(`api.tl.assigning.${run}`);
    await completeJob(second, { result: { corrections: { assignee: 'bob' } } });

    // then
    expect((await again).status).toBe(204);
    expect((await server.api.get(path)).body).toMatchObject({ state: 'CREATED', assignee: 'bob' });
  });

  it('updates a task with the correction of its updating listener', async () => {
    // given
    const { run, task } = await createdTask();
    const path = `/user-tasks/${task.userTaskKey}`;

    // when the priority is updated and the listener corrects it
    const pending = server.api.request('PATCH', path, { changeset: { priority: 20 } });
    const job = await activate(`api.tl.updating.${run}`);
    expect(job.userTask).toMatchObject({ priority: 20, changedAttributes: ['priority'] });
    await completeJob(job, { result: { type: 'userTask', corrections: { priority: 30 } } });

    // then
    expect((await pending).status).toBe(204);
    expect((await server.api.get(path)).body).toMatchObject({ state: 'CREATED', priority: 30 });
  });

  it('completes the element once the completing listener approves, refusing what Camunda refuses', async () => {
    // given a completion waiting for its listener
    const { run, instanceKey, task } = await createdTask();
    const pending = server.api.post(`/user-tasks/${task.userTaskKey}/completion`, {
      variables: { approved: true },
    });
    const job = await activate(`api.tl.completing.${run}`);
    const jobPath = `/jobs/${job.jobKey}/completion`;

    // when the worker sends variables, a denial with corrections, or a priority out of range
    const withVariables = await completeJob(job, { variables: { checked: true } });
    const deniedAndCorrected = await completeJob(job, {
      result: { denied: true, corrections: { priority: 1 } },
    });
    const outOfRange = await completeJob(job, { result: { corrections: { priority: 101 } } });

    // then each is refused, naming the field
    expectProblem(withVariables, 400, jobPath, { pointer: '/variables' });
    expectProblem(deniedAndCorrected, 400, jobPath, { pointer: '/result/corrections' });
    expectProblem(outOfRange, 400, jobPath, { pointer: '/result/corrections/priority' });

    // when it approves
    expect((await completeJob(job, { result: { type: 'userTask' } })).status).toBe(204);

    // then the completion is answered and the instance ends with the task's variables
    expect((await pending).status).toBe(204);
    await waitFor(async () => {
      const { body } = await server.api.get(`/process-instances/${instanceKey}`);
      return body.state === 'COMPLETED' ? true : undefined;
    }, 'the instance to complete');
    const { body } = await server.api.post('/variables/search', {
      filter: { processInstanceKey: instanceKey, name: 'approved' },
    });
    expect(body.items.map((item: { value: string }) => item.value)).toEqual(['true']);
  });
  it('holds the cancellation of an instance until its canceling listener is done', async () => {
    // given a created task and an assignment waiting for its listener
    const { run, instanceKey, task } = await createdTask();
    const path = `/user-tasks/${task.userTaskKey}`;
    const pending = server.api.post(`${path}/assignment`, { assignee: 'anna' });
    await activate(`api.tl.assigning.${run}`);

    // when the instance is cancelled
    const cancel = await server.api.post(`/process-instances/${instanceKey}/cancellation`, {});

    // then the assignment is answered as cancelled, and the canceling listener runs
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(204);
    const answer = await pending;
    expectProblem(answer, 409, `${path}/assignment`);
    expect(answer.body.detail).toContain(`User task '${task.userTaskKey}' was canceled`);
    const job = await activate(`api.tl.canceling.${run}`);
    expect(job).toMatchObject({
      kind: 'TASK_LISTENER',
      listenerEventType: 'CANCELING',
      userTask: { userTaskKey: task.userTaskKey },
    });
    await taskOf(instanceKey, 'CANCELING');
    expect((await server.api.get(`/process-instances/${instanceKey}`)).body.state).toBe('ACTIVE');

    // when the worker denies, then approves
    const denied = await completeJob(job, { result: { type: 'userTask', denied: true } });
    const done = await completeJob(job, { result: { type: 'userTask' } });

    // then the denial is refused, and the task and the instance end after the listener
    expect(denied.status, JSON.stringify(denied.body)).toBe(400);
    expect(done.status, JSON.stringify(done.body)).toBe(204);
    await taskOf(instanceKey, 'CANCELED');
    await waitFor(async () => {
      const { body } = await server.api.get(`/process-instances/${instanceKey}`);
      return body.state === 'TERMINATED' ? true : undefined;
    }, 'the instance to be terminated');
  });
});
