import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/testServer';
import {
  TWO_POW_60,
  deployProcess,
  expectAllUnauthorized,
  expectProblem,
  expectRejected,
  send,
  sequenceProcess,
  serviceTask,
  startApiServer,
  startInstance,
  unique,
  waitFor,
  worker,
  type Call,
} from './apiTestKit';

describe('/v2/jobs', () => {
  let server: TestServer;
  const jobType = `api.jobs.${unique()}`;
  const processId = `api-jobs-${unique()}`;
  beforeAll(async () => {
    server = await startApiServer('jobs');
    await deployProcess(
      server.api,
      'jobs.bpmn',
      sequenceProcess(processId, [serviceTask('Task_Work', jobType)]),
    );
  });
  afterAll(() => server.close());

  const activation = (json: unknown): Call => ({ method: 'POST', path: '/jobs/activation', json });
  const activationRaw = (raw: string): Call => ({ method: 'POST', path: '/jobs/activation', raw });
  const valid = { type: jobType, timeout: 30_000, maxJobsToActivate: 1, requestTimeout: -1 };

  /** The job row of an instance, from the job search. */
  const jobOf = (instanceKey: string) =>
    waitFor(async () => {
      const { body } = await server.api.post('/jobs/search', {
        filter: { processInstanceKey: instanceKey },
      });
      return body.items[0] as
        { jobKey: string; state: string; worker: string | null; retries: number } | undefined;
    }, `the job of ${instanceKey}`);

  /** Activates the one job of this instance (other instances' jobs are failed back). */
  const activateJobOf = async (instanceKey: string) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const { status, body } = await send(
        worker(server.api),
        activation({ ...valid, maxJobsToActivate: 100 }),
      );
      expect(status, JSON.stringify(body)).toBe(200);
      const mine = body.jobs.find(
        (job: { processInstanceKey: string }) => job.processInstanceKey === instanceKey,
      );
      for (const job of body.jobs) {
        if (job !== mine) {
          await send(worker(server.api), {
            method: 'PATCH',
            path: `/jobs/${job.jobKey}`,
            json: { changeset: { timeout: 1 } },
          });
        }
      }
      if (mine) return mine as { jobKey: string; retries: number };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no job activated for ${instanceKey}`);
  };

  describe('POST /jobs/activation', () => {
    it.each<[string, Call, string]>([
      ['malformed JSON', activationRaw('{"type":"x",'), ''],
      ['a missing type', activation({ ...valid, type: undefined }), '/type'],
      ['a type that is a number', activation({ ...valid, type: 5 }), '/type'],
      ['an operator object as the type', activation({ ...valid, type: { $gt: '' } }), '/type'],
      ['an empty type', activation({ ...valid, type: '' }), '/type'],
      ['a NUL character in the type', activation({ ...valid, type: `${jobType}\u0000` }), '/type'],
      ['a missing timeout', activation({ ...valid, timeout: undefined }), '/timeout'],
      ['a timeout that is a string', activation({ ...valid, timeout: '1000' }), '/timeout'],
      ['a zero timeout', activation({ ...valid, timeout: 0 }), '/timeout'],
      ['maxJobsToActivate 0', activation({ ...valid, maxJobsToActivate: 0 }), '/maxJobsToActivate'],
      [
        'maxJobsToActivate 1.5',
        activation({ ...valid, maxJobsToActivate: 1.5 }),
        '/maxJobsToActivate',
      ],
      [
        'maxJobsToActivate 1e400 in raw JSON',
        activationRaw(`{"type":"${jobType}","timeout":1000,"maxJobsToActivate":1e400}`),
        '/maxJobsToActivate',
      ],
      [
        'a timeout of 2^60',
        activationRaw(`{"type":"${jobType}","timeout":${TWO_POW_60},"maxJobsToActivate":1}`),
        '/timeout',
      ],
      [
        'fetchVariable that is a string',
        activation({ ...valid, fetchVariable: 'a' }),
        '/fetchVariable',
      ],
      [
        'a tenant other than <default>',
        activation({ ...valid, tenantIds: ['<default>', 'acme'] }),
        '/tenantIds/1',
      ],
      [
        'a __proto__ key',
        activationRaw(
          `{"type":"${jobType}","timeout":1000,"maxJobsToActivate":1,"__proto__":{"x":1}}`,
        ),
        '/__proto__',
      ],
      ['a constructor key', activation({ ...valid, constructor: {} }), '/constructor'],
      ['a body that is an array', activation([valid]), ''],
    ])('rejects %s with 400 and leases nothing', async (_name, call, pointer) => {
      // given a job waiting to be activated
      const instanceKey = await startInstance(server.api, processId);
      const before = await jobOf(instanceKey);
      // when / then
      await expectRejected(server.api, call, 400, { pointer }, worker(server.api));
      expect(await jobOf(instanceKey)).toEqual(before);
      // and the job can still be activated
      const job = await activateJobOf(instanceKey);
      expect(job.jobKey).toBe(before.jobKey);
      expect((await worker(server.api).post(`/jobs/${job.jobKey}/completion`, {})).status).toBe(
        204,
      );
    });

    it("accepts tenantIds ['<default>'] and unknown fields", async () => {
      const { status, body } = await send(
        worker(server.api),
        activation({
          ...valid,
          type: `api.nothing.${unique()}`,
          tenantIds: ['<default>'],
          tenantFilter: 'provided',
          future: 1,
        }),
      );
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.jobs).toEqual([]);
    });

    it('answers a job with tenantId <default>', async () => {
      const instanceKey = await startInstance(server.api, processId);
      const job = (await activateJobOf(instanceKey)) as unknown as {
        tenantId: string;
        jobKey: string;
      };
      expect(job.tenantId).toBe('<default>');
      expect((await worker(server.api).post(`/jobs/${job.jobKey}/completion`, {})).status).toBe(
        204,
      );
    });
  });

  describe('job commands', () => {
    let instanceKey: string;
    let jobKey: string;
    beforeAll(async () => {
      instanceKey = await startInstance(server.api, processId);
      jobKey = (await activateJobOf(instanceKey)).jobKey;
    });

    const commandCalls = (key: string): Call[] => [
      { method: 'POST', path: `/jobs/${key}/completion`, json: {} },
      { method: 'POST', path: `/jobs/${key}/failure`, json: { retries: 1 } },
      { method: 'PATCH', path: `/jobs/${key}`, json: { changeset: { retries: 2 } } },
    ];

    it.each(['12a', 'abc', '0x1f', '1.0', `${'2'.repeat(26)}`])(
      'rejects the path key %s with 400 naming jobKey',
      async (bad) => {
        for (const call of commandCalls(bad)) {
          await expectRejected(server.api, call, 400, { pointer: '/jobKey' }, worker(server.api));
        }
      },
    );

    it('answers 404 for an unknown job', async () => {
      for (const call of commandCalls('1')) {
        expectProblem(await send(worker(server.api), call), 404, call.path);
      }
    });

    it.each<[string, unknown, string]>([
      ['completion', '{"variables":', ''],
      ['completion', { variables: 'done' }, '/variables'],
      ['completion', { variables: [1] }, '/variables'],
      ['completion', '{"variables":{"__proto__":{"polluted":true}}}', '/variables/__proto__'],
      ['completion', { variables: { prototype: 1 } }, '/variables/prototype'],
      ['completion', { variables: { note: '\u0000' } }, '/variables/note'],
      ['completion', '{"variables":{"n":1e400}}', '/variables/n'],
      ['completion', `{"variables":{"n":${TWO_POW_60}}}`, '/variables/n'],
      ['failure', '{"retries":', ''],
      ['failure', { retries: -1 }, '/retries'],
      ['failure', { retries: '3' }, '/retries'],
      ['failure', { retries: { $gt: 0 } }, '/retries'],
      ['failure', { errorMessage: 5 }, '/errorMessage'],
      ['failure', { errorMessage: 'a\u0000b' }, '/errorMessage'],
      ['failure', '{"retryBackOff":1e400}', '/retryBackOff'],
      ['failure', { retryBackOff: -5 }, '/retryBackOff'],
      ['failure', { variables: 'x' }, '/variables'],
      ['update', '{"changeset"', ''],
      ['update', {}, '/changeset'],
      ['update', { changeset: 'retries=3' }, '/changeset'],
      ['update', { changeset: { retries: '3' } }, '/changeset/retries'],
      ['update', { changeset: { timeout: 0 } }, '/changeset/timeout'],
      ['update', `{"changeset":{"timeout":${TWO_POW_60}}}`, '/changeset/timeout'],
      ['update', '{"changeset":{"constructor":{"prototype":{}}}}', '/changeset/constructor'],
    ])('%s rejects %j', async (what, body, pointer) => {
      // given the activated job
      const before = await jobOf(instanceKey);
      const method = what === 'update' ? 'PATCH' : 'POST';
      const path = `/jobs/${jobKey}${what === 'update' ? '' : `/${what}`}`;
      const call: Call =
        typeof body === 'string' ? { method, path, raw: body } : { method, path, json: body };
      // when / then
      await expectRejected(server.api, call, 400, { pointer }, worker(server.api));
      expect(await jobOf(instanceKey)).toEqual(before);
      expect((await server.api.get(`/process-instances/${instanceKey}`)).body.state).toBe('ACTIVE');
    });

    it('still completes the job after all that', async () => {
      expect(
        (await worker(server.api).post(`/jobs/${jobKey}/completion`, { variables: { ok: 1 } }))
          .status,
      ).toBe(204);
      await waitFor(async () => {
        const state = (await server.api.get(`/process-instances/${instanceKey}`)).body.state;
        return state === 'COMPLETED' ? true : undefined;
      }, 'completion');
    });
  });

  describe('POST /jobs/search', () => {
    const search = (json: unknown): Call => ({ method: 'POST', path: '/jobs/search', json });
    it.each<[string, Call, string]>([
      ['malformed JSON', { method: 'POST', path: '/jobs/search', raw: '[' }, ''],
      ['an unknown state', search({ filter: { state: 'DONE' } }), '/filter/state'],
      [
        'an operator a string field does not take',
        search({ filter: { type: { $gt: '' } } }),
        '/filter/type/$gt',
      ],
      ['a wrong type', search({ filter: { retries: '3' } }), '/filter/retries'],
      [
        '1e400',
        { method: 'POST', path: '/jobs/search', raw: '{"filter":{"retries":1e400}}' },
        '/filter/retries',
      ],
      ['a key that is not digits', search({ filter: { jobKey: '12a' } }), '/filter/jobKey'],
      ['a NUL character', search({ filter: { worker: '\u0000' } }), '/filter/worker'],
      [
        'a __proto__ key',
        { method: 'POST', path: '/jobs/search', raw: '{"sort":[{"__proto__":{}}]}' },
        '/sort/0/__proto__',
      ],
      ['page.limit 10001', search({ page: { limit: 10001 } }), '/page/limit'],
    ])('rejects %s', async (_name, call, pointer) => {
      await expectRejected(server.api, call, 400, { pointer });
    });

    it('accepts enum values in any casing and sort order "asc"', async () => {
      const instanceKey = await startInstance(server.api, processId);
      await jobOf(instanceKey);
      const { status, body } = await send(
        server.api,
        search({
          filter: {
            processInstanceKey: instanceKey,
            state: 'created',
            kind: 'bpmn_element',
            tenantId: '<default>',
            x: 1,
          },
          sort: [{ field: 'jobKey', order: 'asc' }],
        }),
      );
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items).toHaveLength(1);
      expect(body.items[0]).toMatchObject({ state: 'CREATED', tenantId: '<default>' });
    });
  });

  describe('who may work and read jobs', () => {
    it.each(['staff', 'analyst'])('refuses %s job activation with 403', async (user) => {
      await expectRejected(server.api, activation(valid), 403, {}, server.api.as(user));
    });

    it('refuses staff and analysts job commands with 403', async () => {
      const instanceKey = await startInstance(server.api, processId);
      const { jobKey } = await activateJobOf(instanceKey);
      const retries = {
        method: 'PATCH',
        path: `/jobs/${jobKey}`,
        json: { changeset: { retries: 5 } },
      };
      const lease = {
        method: 'PATCH',
        path: `/jobs/${jobKey}`,
        json: { changeset: { timeout: 1 } },
      };
      for (const user of ['staff', 'analyst']) {
        for (const call of [
          { method: 'POST', path: `/jobs/${jobKey}/completion`, json: {} },
          { method: 'POST', path: `/jobs/${jobKey}/failure`, json: {} },
          lease,
        ]) {
          expectProblem(await send(server.api.as(user), call), 403, call.path);
        }
      }
      expectProblem(await send(server.api.as('staff'), retries), 403, retries.path);
      expect((await worker(server.api).post(`/jobs/${jobKey}/completion`, {})).status).toBe(204);
    });

    it('lets analysts give a job its retries back, as the retry of a job incident needs', async () => {
      const instanceKey = await startInstance(server.api, processId);
      const { jobKey } = await activateJobOf(instanceKey);
      const api = server.api.as('analyst');
      expect(
        (await api.request('PATCH', `/jobs/${jobKey}`, { changeset: { retries: 4 } })).status,
      ).toBe(204);
      expect((await jobOf(instanceKey)).retries).toBe(4);
      expect((await worker(server.api).post(`/jobs/${jobKey}/completion`, {})).status).toBe(204);
    });

    it('lets the worker role fail, update and complete jobs', async () => {
      const instanceKey = await startInstance(server.api, processId);
      const { jobKey } = await activateJobOf(instanceKey);
      const api = worker(server.api);
      expect(
        (await api.post(`/jobs/${jobKey}/failure`, { retries: 2, errorMessage: 'busy' })).status,
      ).toBe(204);
      expect(
        (await api.request('PATCH', `/jobs/${jobKey}`, { changeset: { retries: 3 } })).status,
      ).toBe(204);
      expect((await jobOf(instanceKey)).retries).toBe(3);
      const again = await activateJobOf(instanceKey);
      expect((await api.post(`/jobs/${again.jobKey}/completion`, {})).status).toBe(204);
    });

    it('refuses staff the job search; lets analysts search', async () => {
      expectProblem(await send(server.api.as('staff'), search({})), 403, '/jobs/search');
      expect((await send(server.api.as('analyst'), search({}))).status).toBe(200);
      function search(json: unknown): Call {
        return { method: 'POST', path: '/jobs/search', json };
      }
    });

    it('answers 401 without valid credentials on every endpoint', async () => {
      await expectAllUnauthorized(server, [
        activation(valid),
        { method: 'POST', path: '/jobs/1/completion', json: {} },
        { method: 'POST', path: '/jobs/1/failure', json: {} },
        { method: 'PATCH', path: '/jobs/1', json: { changeset: {} } },
        { method: 'POST', path: '/jobs/search', json: {} },
      ]);
    });
  });
});
