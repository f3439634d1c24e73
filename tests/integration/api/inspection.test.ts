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

describe('/v2 element instances, variables and incidents', () => {
  let server: TestServer;
  const jobType = `api.inspect.${unique()}`;
  const processId = `api-inspect-${unique()}`;
  let instanceKey: string;
  let taskInstanceKey: string;
  let variableKey: string;
  let incidentKey: string;

  beforeAll(async () => {
    server = await startApiServer('inspection');
    await deployProcess(
      server.api,
      'inspect.bpmn',
      sequenceProcess(processId, [serviceTask('Task_Work', jobType, 1)]),
    );
    instanceKey = await startInstance(server.api, processId, { customer: 'ACME', amount: 10 });
    taskInstanceKey = await waitFor(async () => {
      const { body } = await server.api.post('/element-instances/search', {
        filter: { processInstanceKey: instanceKey, elementId: 'Task_Work' },
      });
      return body.items[0]?.elementInstanceKey as string | undefined;
    }, 'the task element instance');
    variableKey = await waitFor(async () => {
      const { body } = await server.api.post('/variables/search', {
        filter: { processInstanceKey: instanceKey, name: 'customer' },
      });
      return body.items[0]?.variableKey as string | undefined;
    }, 'the customer variable');
    // a job failed without retries left becomes an incident
    const { body } = await worker(server.api).post('/jobs/activation', {
      type: jobType,
      timeout: 30_000,
      maxJobsToActivate: 1,
      requestTimeout: 5_000,
    });
    const failed = await worker(server.api).post(`/jobs/${body.jobs[0].jobKey}/failure`, {
      retries: 0,
      errorMessage: 'no route to CRM',
    });
    expect(failed.status).toBe(204);
    incidentKey = await waitFor(async () => {
      const { body: found } = await server.api.post('/incidents/search', {
        filter: { processInstanceKey: instanceKey },
      });
      return found.items[0]?.incidentKey as string | undefined;
    }, 'the incident');
  });
  afterAll(() => server.close());

  const search = (resource: string, json: unknown): Call => ({
    method: 'POST',
    path: `/${resource}/search`,
    json,
  });
  const searchRaw = (resource: string, raw: string): Call => ({
    method: 'POST',
    path: `/${resource}/search`,
    raw,
  });

  describe('element instances', () => {
    it.each<[string, Call, string]>([
      ['malformed JSON', searchRaw('element-instances', '{"filter"'), ''],
      [
        'an unknown type',
        search('element-instances', { filter: { type: 'TIMER' } }),
        '/filter/type',
      ],
      [
        'an unknown state',
        search('element-instances', { filter: { state: 'DONE' } }),
        '/filter/state',
      ],
      [
        'an operator object where a key belongs',
        search('element-instances', { filter: { processInstanceKey: { $gt: '' } } }),
        '/filter/processInstanceKey/$gt',
      ],
      [
        'a key that is not digits',
        search('element-instances', { filter: { elementInstanceKey: 'abc' } }),
        '/filter/elementInstanceKey',
      ],
      [
        'a NUL character',
        search('element-instances', { filter: { elementId: 'Task\u0000' } }),
        '/filter/elementId',
      ],
      [
        'a __proto__ key',
        searchRaw('element-instances', '{"filter":{"$or":[{"__proto__":{}}]}}'),
        '/filter/$or/0/__proto__',
      ],
      [
        'an unsortable field',
        search('element-instances', { sort: [{ field: 'hasIncident' }] }),
        '/sort/0/field',
      ],
      ['page.limit 10001', search('element-instances', { page: { limit: 10001 } }), '/page/limit'],
    ])('search rejects %s', async (_name, call, pointer) => {
      await expectRejected(server.api, call, 400, { pointer });
    });

    it('search accepts enum values in any casing', async () => {
      const { status, body } = await send(
        server.api,
        search('element-instances', {
          filter: { processInstanceKey: instanceKey, type: 'service_task', state: 'Active', x: 1 },
          sort: [{ field: 'startDate', order: 'asc' }],
        }),
      );
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({
          elementId: 'Task_Work',
          type: 'SERVICE_TASK',
          tenantId: '<default>',
        }),
      ]);
    });

    it.each(['abc', '12a', '-'])('GET rejects the key %s', async (bad) => {
      await expectRejected(server.api, { method: 'GET', path: `/element-instances/${bad}` }, 400, {
        pointer: '/elementInstanceKey',
      });
    });

    it('GET answers 404 for an unknown key', async () => {
      expectProblem(await server.api.get('/element-instances/1'), 404, '/element-instances/1');
    });
  });

  describe('GET /process-instances/{key}/sequence-flows', () => {
    it('lists the flows the tokens took, once each, and not the ones ahead', async () => {
      // when (the instance waits at Task_Work: Flow_0 taken, Flow_1 not yet)
      const { status, body } = await server.api.get(
        `/process-instances/${instanceKey}/sequence-flows`,
      );

      // then
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items).toEqual([
        {
          sequenceFlowId: 'Flow_0',
          processInstanceKey: instanceKey,
          processDefinitionKey: expect.any(String),
          processDefinitionId: processId,
          elementId: 'Flow_0',
          tenantId: '<default>',
        },
      ]);
    });

    it('answers 404 for an unknown instance', async () => {
      const path = `/process-instances/${TWO_POW_60}/sequence-flows`;
      expectProblem(await server.api.get(path), 404, path);
    });
  });

  describe('PUT /element-instances/{key}/variables', () => {
    const put = (json: unknown, key = taskInstanceKey): Call => ({
      method: 'PUT',
      path: `/element-instances/${key}/variables`,
      json,
    });
    const putRaw = (raw: string): Call => ({
      method: 'PUT',
      path: `/element-instances/${taskInstanceKey}/variables`,
      raw,
    });

    it.each<[string, () => Call, string]>([
      ['malformed JSON', () => putRaw('{"variables":{'), ''],
      ['missing variables', () => put({ local: true }), '/variables'],
      ['variables that are an array', () => put({ variables: [1] }), '/variables'],
      ['variables that are a string', () => put({ variables: 'a=1' }), '/variables'],
      ['variables that are null', () => put({ variables: null }), '/variables'],
      ['local that is a string', () => put({ variables: { a: 1 }, local: 'yes' }), '/local'],
      [
        'an operator object as local',
        () => put({ variables: { a: 1 }, local: { $ne: false } }),
        '/local',
      ],
      [
        'a __proto__ variable',
        () => putRaw('{"variables":{"__proto__":{"isAdmin":true}}}'),
        '/variables/__proto__',
      ],
      [
        'a constructor variable',
        () => put({ variables: { constructor: { prototype: 1 } } }),
        '/variables/constructor',
      ],
      [
        'a NUL character in a value',
        () => put({ variables: { customer: 'AC\u0000ME' } }),
        '/variables/customer',
      ],
      ['1e400 in raw JSON', () => putRaw('{"variables":{"amount":1e400}}'), '/variables/amount'],
      [
        '2^60 in raw JSON',
        () => putRaw(`{"variables":{"amount":${TWO_POW_60}}}`),
        '/variables/amount',
      ],
      ['an invalid path key', () => put({ variables: { a: 1 } }, 'abc'), '/elementInstanceKey'],
    ])('rejects %s and stores nothing', async (_name, call, pointer) => {
      // given
      const before = (await server.api.get(`/variables/${variableKey}`)).body;
      // when / then
      await expectRejected(server.api, call(), 400, { pointer });
      expect((await server.api.get(`/variables/${variableKey}`)).body).toEqual(before);
    });

    it('rejects a body over 1 MiB with 413', async () => {
      await expectRejected(server.api, put({ variables: { blob: 'x'.repeat(1100 * 1024) } }), 413, {
        pointer: '',
      });
    });

    it('answers 404 for an unknown element instance', async () => {
      const call = put({ variables: { a: 1 } }, '1');
      expectProblem(await send(server.api, call), 404, call.path);
    });

    it('refuses staff and workers; lets analysts set variables', async () => {
      const call = put({ variables: { customer: 'Globex' } });
      expectProblem(await send(server.api.as('staff'), call), 403, call.path);
      expectProblem(await send(worker(server.api), call), 403, call.path);
      expect((await server.api.get(`/variables/${variableKey}`)).body.value).toBe('"ACME"');
      expect((await send(server.api.as('analyst'), call)).status).toBe(204);
      expect((await server.api.get(`/variables/${variableKey}`)).body.value).toBe('"Globex"');
    });
  });

  describe('variables', () => {
    it.each<[string, Call, string]>([
      ['malformed JSON', searchRaw('variables', 'nul'), ''],
      [
        'an operator a value does not take',
        search('variables', { filter: { value: { $gt: '' } } }),
        '/filter/value/$gt',
      ],
      ['a name that is a number', search('variables', { filter: { name: 5 } }), '/filter/name'],
      [
        'a key that is not digits',
        search('variables', { filter: { variableKey: 'k1' } }),
        '/filter/variableKey',
      ],
      [
        'a NUL character',
        search('variables', { filter: { name: { $like: '\u0000*' } } }),
        '/filter/name/$like',
      ],
      [
        '$in that is not a list',
        search('variables', { filter: { name: { $in: 'customer' } } }),
        '/filter/name/$in',
      ],
      [
        'a __proto__ key',
        searchRaw('variables', '{"filter":{"name":{"__proto__":"x"}}}'),
        '/filter/name/__proto__',
      ],
      ['page.limit 10001', search('variables', { page: { limit: 10001 } }), '/page/limit'],
    ])('search rejects %s', async (_name, call, pointer) => {
      await expectRejected(server.api, call, 400, { pointer });
    });

    it('search ignores unknown fields and answers tenantId <default>', async () => {
      const { status, body } = await send(
        server.api,
        search('variables', {
          filter: { processInstanceKey: instanceKey, name: 'amount', tenantId: '<default>', y: 2 },
          sort: [{ field: 'name', order: 'asc' }],
        }),
      );
      expect(status).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({ name: 'amount', value: '10', tenantId: '<default>' }),
      ]);
    });

    it.each(['abc', '12a'])('GET rejects the key %s', async (bad) => {
      await expectRejected(server.api, { method: 'GET', path: `/variables/${bad}` }, 400, {
        pointer: '/variableKey',
      });
    });

    it('GET answers 404 for an unknown key', async () => {
      expectProblem(await server.api.get('/variables/1'), 404, '/variables/1');
    });
  });

  describe('incidents', () => {
    it.each<[string, Call, string]>([
      ['malformed JSON', searchRaw('incidents', '{,}'), ''],
      ['an unknown state', search('incidents', { filter: { state: 'OPEN' } }), '/filter/state'],
      [
        'an operator a key does not take',
        search('incidents', { filter: { incidentKey: { $lt: '5' } } }),
        '/filter/incidentKey/$lt',
      ],
      [
        'a date that is not a date',
        search('incidents', { filter: { creationTime: 'yesterday' } }),
        '/filter/creationTime',
      ],
      [
        'a NUL character',
        search('incidents', { filter: { errorMessage: '\u0000' } }),
        '/filter/errorMessage',
      ],
      [
        'a constructor key',
        search('incidents', { filter: { constructor: {} } }),
        '/filter/constructor',
      ],
      ['page.limit 10001', search('incidents', { page: { limit: 10001 } }), '/page/limit'],
    ])('search rejects %s', async (_name, call, pointer) => {
      await expectRejected(server.api, call, 400, { pointer });
    });

    it('search accepts enum values in any casing', async () => {
      const { status, body } = await send(
        server.api,
        search('incidents', {
          filter: { processInstanceKey: instanceKey, state: 'active', tenantId: '<default>' },
          sort: [{ field: 'creationTime', order: 'desc' }],
        }),
      );
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({ incidentKey, state: 'ACTIVE', errorType: 'JOB_NO_RETRIES' }),
      ]);
    });

    it.each(['abc', '1x'])('GET and resolution reject the key %s', async (bad) => {
      for (const call of [
        { method: 'GET', path: `/incidents/${bad}` },
        { method: 'POST', path: `/incidents/${bad}/resolution`, json: {} },
      ]) {
        await expectRejected(server.api, call, 400, { pointer: '/incidentKey' });
      }
    });

    it('resolution rejects a body of the wrong shape and leaves the incident open', async () => {
      const path = `/incidents/${incidentKey}/resolution`;
      for (const call of [
        { method: 'POST', path, raw: '{' },
        { method: 'POST', path, json: { operationReference: 'x' } },
        { method: 'POST', path, raw: '{"operationReference":1e400}' },
        { method: 'POST', path, raw: `{"operationReference":${TWO_POW_60}}` },
        { method: 'POST', path, raw: '{"__proto__":{}}' },
      ]) {
        await expectRejected(server.api, call, 400);
      }
      expect((await server.api.get(`/incidents/${incidentKey}`)).body.state).toBe('ACTIVE');
    });

    it('answers 404 for an unknown incident', async () => {
      expectProblem(await server.api.get('/incidents/1'), 404, '/incidents/1');
      const call = { method: 'POST', path: '/incidents/1/resolution', json: {} };
      expectProblem(await send(server.api, call), 404, call.path);
    });
  });

  describe('who may inspect', () => {
    it('refuses staff every search and read here', async () => {
      for (const call of [
        search('variables', {}),
        search('element-instances', {}),
        search('incidents', {}),
        { method: 'GET', path: `/variables/${variableKey}` },
        { method: 'GET', path: `/element-instances/${taskInstanceKey}` },
        { method: 'GET', path: `/incidents/${incidentKey}` },
        { method: 'POST', path: `/incidents/${incidentKey}/resolution`, json: {} },
      ]) {
        expectProblem(await send(server.api.as('staff'), call), 403, call.path);
      }
      expect((await server.api.get(`/incidents/${incidentKey}`)).body.state).toBe('ACTIVE');
    });

    it('lets analysts inspect', async () => {
      for (const call of [
        search('variables', {}),
        search('element-instances', {}),
        search('incidents', {}),
        { method: 'GET', path: `/variables/${variableKey}` },
        { method: 'GET', path: `/element-instances/${taskInstanceKey}` },
        { method: 'GET', path: `/incidents/${incidentKey}` },
      ]) {
        expect((await send(server.api.as('analyst'), call)).status).toBe(200);
      }
    });

    it('answers 401 without valid credentials on every endpoint', async () => {
      await expectAllUnauthorized(server, [
        search('element-instances', {}),
        { method: 'GET', path: '/element-instances/1' },
        { method: 'PUT', path: '/element-instances/1/variables', json: { variables: {} } },
        search('variables', {}),
        { method: 'GET', path: '/variables/1' },
        search('incidents', {}),
        { method: 'GET', path: '/incidents/1' },
        { method: 'POST', path: '/incidents/1/resolution', json: {} },
      ]);
    });
  });
});
