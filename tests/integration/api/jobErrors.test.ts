/**
 * `POST /v2/jobs/{jobKey}/error` against a real server: a worker throws a BPMN error for
 * its job, an error boundary event or an error event subprocess catches it, and an error
 * nobody catches waits on an `UNHANDLED_ERROR_EVENT` incident until it is resolved.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/testServer';
import {
  deployProcess,
  expectAllUnauthorized,
  expectProblem,
  expectRejected,
  send,
  startApiServer,
  startInstance,
  waitFor,
  worker,
  type Call,
} from './apiTestKit';

const fixture = (variant: string) =>
  readFileSync(new URL(`./jobErrors.${variant}.bpmn`, import.meta.url), 'utf8');

const BOUNDARY = 'job-errors-boundary';
const EVENT_SUBPROCESS = 'job-errors-event-subprocess';
const CREDIT_CHECK = 'job-errors.credit-check';
const NOTIFY = 'job-errors.notify';

interface ActivatedJob {
  jobKey: string;
  processInstanceKey: string;
  elementId: string;
}

describe('POST /v2/jobs/{jobKey}/error', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('job_errors');
    await deployProcess(server.api, 'jobErrors.boundary.bpmn', fixture('boundary'));
    await deployProcess(server.api, 'jobErrors.eventSubProcess.bpmn', fixture('eventSubProcess'));
  });
  afterAll(() => server.close());

  const activation = (type: string, timeout: number) => ({
    type,
    timeout,
    maxJobsToActivate: 100,
    requestTimeout: -1,
  });

  /** Activates the job of this instance; other instances' jobs are given back at once. */
  const activateJobOf = async (instanceKey: string, type = CREDIT_CHECK) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const { status, body } = await worker(server.api).post(
        '/jobs/activation',
        activation(type, 30_000),
      );
      expect(status, JSON.stringify(body)).toBe(200);
      const jobs = body.jobs as ActivatedJob[];
      const mine = jobs.find((job) => job.processInstanceKey === instanceKey);
      for (const job of jobs.filter((job) => job !== mine)) {
        await worker(server.api).request('PATCH', `/jobs/${job.jobKey}`, {
          changeset: { timeout: 1 },
        });
      }
      if (mine) return mine;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ${type} job activated for ${instanceKey}`);
  };

  /** The jobs of this instance an activation offers now (on a 1 ms lease, so nothing is held). */
  const offeredJobsOf = async (instanceKey: string, type = CREDIT_CHECK) => {
    const { status, body } = await worker(server.api).post('/jobs/activation', activation(type, 1));
    expect(status, JSON.stringify(body)).toBe(200);
    return (body.jobs as ActivatedJob[]).filter((job) => job.processInstanceKey === instanceKey);
  };

  /** An instance waiting at its credit check, with the check's job activated. */
  const waitingCreditCheck = async (processId = BOUNDARY) => {
    const instanceKey = await startInstance(server.api, processId, { applicant: 'Ada' });
    const job = await activateJobOf(instanceKey);
    return { instanceKey, jobKey: job.jobKey };
  };

  const throwError = (jobKey: string, body: unknown) =>
    worker(server.api).post(`/jobs/${jobKey}/error`, body);

  const jobRow = (jobKey: string, state: string) =>
    waitFor(async () => {
      const { body } = await server.api.post('/jobs/search', { filter: { jobKey } });
      const row = body.items[0] as Record<string, unknown> | undefined;
      return row?.state === state ? row : undefined;
    }, `job ${jobKey} in state ${state}`);

  const elementStates = async (instanceKey: string) => {
    const { body } = await server.api.post('/element-instances/search', {
      filter: { processInstanceKey: instanceKey },
      page: { limit: 100 },
    });
    return Object.fromEntries(
      (body.items as Array<{ elementId: string; state: string }>).map((item) => [
        item.elementId,
        item.state,
      ]),
    );
  };

  const instanceState = async (instanceKey: string) =>
    (await server.api.get(`/process-instances/${instanceKey}`)).body.state as string;

  const completed = (instanceKey: string) =>
    waitFor(
      async () => ((await instanceState(instanceKey)) === 'COMPLETED' ? true : undefined),
      `instance ${instanceKey} to complete`,
    );

  const activeIncidentsOf = (instanceKey: string) =>
    waitFor(async () => {
      const { body } = await server.api.post('/incidents/search', {
        filter: { processInstanceKey: instanceKey, state: 'ACTIVE' },
      });
      return body.items.length > 0 ? (body.items as Array<Record<string, string>>) : undefined;
    }, `an incident on ${instanceKey}`);

  describe('a code an error boundary event catches', () => {
    it('takes the boundary path, with the variables the worker sent', async () => {
      // given an application whose credit check a worker holds
      const { instanceKey, jobKey } = await waitingCreditCheck();

      // when the worker throws CREDIT_REJECTED with variables
      const { status, body } = await throwError(jobKey, {
        errorCode: 'CREDIT_REJECTED',
        errorMessage: 'score below 500',
        variables: { rejectionReason: 'score', score: 420 },
      });

      // then the review task after the boundary event waits
      expect(status, JSON.stringify(body)).toBe(204);
      const review = await waitFor(async () => {
        const { body: tasks } = await server.api.post('/user-tasks/search', {
          filter: { processInstanceKey: instanceKey, state: 'CREATED' },
        });
        return tasks.items[0] as { elementId: string } | undefined;
      }, 'the review task');
      expect(review.elementId).toBe('Task_ReviewRejection');
      // and the credit check was interrupted by the boundary event
      expect(await elementStates(instanceKey)).toMatchObject({
        Task_CheckCredit: 'TERMINATED',
        Boundary_CreditRejected: 'COMPLETED',
        Task_ReviewRejection: 'ACTIVE',
      });
      expect(await instanceState(instanceKey)).toBe('ACTIVE');
      // and the worker's variables reached the process
      const { body: variables } = await server.api.post('/variables/search', {
        filter: { processInstanceKey: instanceKey, scopeKey: instanceKey },
      });
      const values = Object.fromEntries(
        (variables.items as Array<{ name: string; value: string }>).map((v) => [v.name, v.value]),
      );
      expect(values).toMatchObject({
        applicant: '"Ada"',
        rejectionReason: '"score"',
        score: '420',
      });
    });

    it('shows the job as ERROR_THROWN and no longer offers it', async () => {
      // given a credit check whose worker threw the code the boundary catches
      const { instanceKey, jobKey } = await waitingCreditCheck();
      expect(
        (await throwError(jobKey, { errorCode: 'CREDIT_REJECTED', errorMessage: 'too risky' }))
          .status,
      ).toBe(204);

      // when the jobs are searched by state
      await jobRow(jobKey, 'ERROR_THROWN');
      const { status, body } = await server.api.post('/jobs/search', {
        filter: { processInstanceKey: instanceKey, state: 'ERROR_THROWN' },
      });

      // then the job is found in state ERROR_THROWN, with the worker's message
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items).toHaveLength(1);
      expect(body.items[0]).toMatchObject({
        jobKey,
        state: 'ERROR_THROWN',
        elementId: 'Task_CheckCredit',
        errorMessage: 'too risky',
        endTime: expect.any(String),
      });
      // and activation offers it to nobody
      expect(await offeredJobsOf(instanceKey)).toEqual([]);
    });

    it('answers 404 for the job once its element has ended, as completion does', async () => {
      // given a credit check interrupted by a caught error
      const { jobKey } = await waitingCreditCheck();
      expect((await throwError(jobKey, { errorCode: 'CREDIT_REJECTED' })).status).toBe(204);

      // when the job is completed, or an error is thrown for it again
      const calls: Call[] = [
        { method: 'POST', path: `/jobs/${jobKey}/completion`, json: {} },
        { method: 'POST', path: `/jobs/${jobKey}/error`, json: { errorCode: 'CREDIT_REJECTED' } },
      ];

      // then both answer 404, and the job keeps its state
      for (const call of calls) expectProblem(await send(worker(server.api), call), 404, call.path);
      await jobRow(jobKey, 'ERROR_THROWN');
    });
  });

  it('lets an error event subprocess around the task catch the code', async () => {
    // given an application whose credit check a worker holds, in a process with a
    // rejection handler
    const { instanceKey, jobKey } = await waitingCreditCheck(EVENT_SUBPROCESS);

    // when the worker throws CREDIT_REJECTED
    expect(
      (await throwError(jobKey, { errorCode: 'CREDIT_REJECTED', variables: { notify: 'email' } }))
        .status,
    ).toBe(204);

    // then the handler's notify job is offered, with the worker's variables
    const notify = (await activateJobOf(instanceKey, NOTIFY)) as ActivatedJob & {
      variables: Record<string, unknown>;
    };
    expect(notify.elementId).toBe('Task_NotifyApplicant');
    expect(notify.variables).toMatchObject({ notify: 'email', applicant: 'Ada' });
    expect(await elementStates(instanceKey)).toMatchObject({
      Task_CheckCredit: 'TERMINATED',
      SubProcess_HandleRejection: 'ACTIVE',
    });
    // and completing it ends the instance inside the handler, not at "Credit approved"
    expect((await worker(server.api).post(`/jobs/${notify.jobKey}/completion`, {})).status).toBe(
      204,
    );
    await completed(instanceKey);
    const ended = await elementStates(instanceKey);
    expect(ended).toMatchObject({ End_Notified: 'COMPLETED', Task_CheckCredit: 'TERMINATED' });
    expect(ended).not.toHaveProperty('End_Approved');
  });

  describe('a code nobody catches', () => {
    it('raises an UNHANDLED_ERROR_EVENT incident on the task; resolving it offers the job again', async () => {
      // given a credit check a worker holds
      const { instanceKey, jobKey } = await waitingCreditCheck();

      // when the worker throws a code no event catches
      const { status, body } = await throwError(jobKey, {
        errorCode: 'BUREAU_OFFLINE',
        errorMessage: 'the credit bureau did not answer',
      });

      // then the task waits on an incident naming the code and the job
      expect(status, JSON.stringify(body)).toBe(204);
      const [incident, ...others] = await activeIncidentsOf(instanceKey);
      expect(others).toEqual([]);
      expect(incident).toMatchObject({
        errorType: 'UNHANDLED_ERROR_EVENT',
        elementId: 'Task_CheckCredit',
        jobKey,
        state: 'ACTIVE',
      });
      expect(incident!.errorMessage).toContain("'BUREAU_OFFLINE'");
      // and the incident search filters on that error type
      const byType = await server.api.post('/incidents/search', {
        filter: { errorType: 'UNHANDLED_ERROR_EVENT', jobKey },
      });
      expect(byType.status, JSON.stringify(byType.body)).toBe(200);
      expect(byType.body.items.map((item: { incidentKey: string }) => item.incidentKey)).toEqual([
        incident!.incidentKey,
      ]);
      // and the job shows ERROR_THROWN, offered to nobody while the incident is open
      await jobRow(jobKey, 'ERROR_THROWN');
      expect(await offeredJobsOf(instanceKey)).toEqual([]);
      expect(await instanceState(instanceKey)).toBe('ACTIVE');

      // when the incident is resolved
      const resolution = await server.api.post(`/incidents/${incident!.incidentKey}/resolution`);
      expect(resolution.status, JSON.stringify(resolution.body)).toBe(204);

      // then activation offers the same job again, and completing it approves the credit
      const again = await activateJobOf(instanceKey);
      expect(again.jobKey).toBe(jobKey);
      expect((await worker(server.api).post(`/jobs/${jobKey}/completion`, {})).status).toBe(204);
      await completed(instanceKey);
      expect(await elementStates(instanceKey)).toMatchObject({
        Task_CheckCredit: 'COMPLETED',
        End_Approved: 'COMPLETED',
      });
    });

    it('answers 409 while the job waits on its incident, as completion does', async () => {
      // given a job waiting on the incident of an uncaught error
      const { instanceKey, jobKey } = await waitingCreditCheck();
      expect((await throwError(jobKey, { errorCode: 'BUREAU_OFFLINE' })).status).toBe(204);
      await activeIncidentsOf(instanceKey);

      // when an error is thrown for it again, or it is completed
      const calls: Call[] = [
        { method: 'POST', path: `/jobs/${jobKey}/error`, json: { errorCode: 'CREDIT_REJECTED' } },
        { method: 'POST', path: `/jobs/${jobKey}/completion`, json: {} },
      ];

      // then both answer 409, and the boundary path is not taken
      for (const call of calls) expectProblem(await send(worker(server.api), call), 409, call.path);
      expect(await elementStates(instanceKey)).not.toHaveProperty('Boundary_CreditRejected');
      expect(await activeIncidentsOf(instanceKey)).toHaveLength(1);
    });
  });

  describe('rejected requests', () => {
    let instanceKey: string;
    let jobKey: string;
    beforeAll(async () => {
      ({ instanceKey, jobKey } = await waitingCreditCheck());
    });

    const errorCall = (key: string, json: unknown): Call => ({
      method: 'POST',
      path: `/jobs/${key}/error`,
      json,
    });

    it.each<[string, unknown, string]>([
      ['a missing errorCode', {}, '/errorCode'],
      ['a missing errorCode next to a message', { errorMessage: 'no code' }, '/errorCode'],
      ['an empty errorCode', { errorCode: '' }, '/errorCode'],
      ['a null errorCode', { errorCode: null }, '/errorCode'],
      ['an errorCode that is a number', { errorCode: 7 }, '/errorCode'],
      ['an operator object as the errorCode', { errorCode: { $ne: '' } }, '/errorCode'],
      ['a NUL character in the errorCode', { errorCode: 'CREDIT\u0000REJECTED' }, '/errorCode'],
      ['an errorMessage that is a number', { errorCode: 'X', errorMessage: 5 }, '/errorMessage'],
      ['variables that are a string', { errorCode: 'X', variables: 'rejected' }, '/variables'],
      ['variables that are an array', { errorCode: 'X', variables: [1] }, '/variables'],
      [
        'a prototype key in the variables',
        { errorCode: 'X', variables: { prototype: 1 } },
        '/variables/prototype',
      ],
      ['a body that is an array', [{ errorCode: 'CREDIT_REJECTED' }], ''],
    ])('rejects %s with 400 and changes nothing', async (_name, json, pointer) => {
      // given the activated job
      const before = await jobRow(jobKey, 'CREATED');
      // when / then
      await expectRejected(
        server.api,
        errorCall(jobKey, json),
        400,
        { pointer },
        worker(server.api),
      );
      expect(await jobRow(jobKey, 'CREATED')).toEqual(before);
      expect(await elementStates(instanceKey)).toEqual({
        [BOUNDARY]: 'ACTIVE',
        Start_Application: 'COMPLETED',
        Task_CheckCredit: 'ACTIVE',
      });
    });

    it('rejects malformed JSON with 400', async () => {
      await expectRejected(
        server.api,
        { method: 'POST', path: `/jobs/${jobKey}/error`, raw: '{"errorCode":' },
        400,
        { pointer: '' },
        worker(server.api),
      );
    });

    it.each(['12a', 'abc', '1.0', `${'2'.repeat(26)}`])(
      'rejects the path key %s with 400 naming jobKey',
      async (bad) => {
        await expectRejected(
          server.api,
          errorCall(bad, { errorCode: 'CREDIT_REJECTED' }),
          400,
          { pointer: '/jobKey' },
          worker(server.api),
        );
      },
    );

    it('answers 404 for an unknown job', async () => {
      const call = errorCall('1', { errorCode: 'CREDIT_REJECTED' });
      expectProblem(await send(worker(server.api), call), 404, call.path);
    });

    it('refuses staff and analysts with 403', async () => {
      const call = errorCall(jobKey, { errorCode: 'CREDIT_REJECTED' });
      for (const user of ['staff', 'analyst']) {
        await expectRejected(server.api, call, 403, {}, server.api.as(user));
      }
    });

    it('answers 401 without valid credentials', async () => {
      await expectAllUnauthorized(server, [errorCall(jobKey, { errorCode: 'CREDIT_REJECTED' })]);
    });

    it('still completes the job after all that', async () => {
      // when
      const { status } = await worker(server.api).post(`/jobs/${jobKey}/completion`, {
        variables: { approved: true },
      });
      // then
      expect(status).toBe(204);
      await completed(instanceKey);
      expect(await elementStates(instanceKey)).toMatchObject({ End_Approved: 'COMPLETED' });
    });
  });
});
