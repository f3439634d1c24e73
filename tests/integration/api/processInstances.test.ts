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
  tally,
  unique,
  worker,
  type Call,
} from './apiTestKit';

describe('/v2/process-instances', () => {
  let server: TestServer;
  const processId = `api-instances-${unique()}`;
  let definitionKey: string;
  beforeAll(async () => {
    server = await startApiServer('instances');
    definitionKey = await deployProcess(
      server.api,
      'instances.bpmn',
      sequenceProcess(processId, [serviceTask('Task_Work', `api.instances.${processId}`)]),
    );
  });
  afterAll(() => server.close());

  const create = (json: unknown): Call => ({ method: 'POST', path: '/process-instances', json });
  const createRaw = (raw: string): Call => ({ method: 'POST', path: '/process-instances', raw });

  describe('POST /process-instances', () => {
    it.each<[string, () => Call, string]>([
      ['malformed JSON', () => createRaw('{"processDefinitionId": '), ''],
      [
        'NaN in raw JSON',
        () => createRaw(`{"processDefinitionId":"${processId}","variables":{"n":NaN}}`),
        '',
      ],
      ['a body that is an array', () => create([processId]), ''],
      ['a body that is a string', () => createRaw(JSON.stringify(processId)), ''],
      ['a missing definition', () => create({ variables: {} }), '/processDefinitionId'],
      [
        'a number as the process id',
        () => create({ processDefinitionId: 5 }),
        '/processDefinitionId',
      ],
      [
        'an operator object as the process id',
        () => create({ processDefinitionId: { $gt: '' } }),
        '/processDefinitionId',
      ],
      [
        'an operator object as the definition key',
        () => create({ processDefinitionKey: { $ne: null } }),
        '/processDefinitionKey',
      ],
      [
        'a definition key that is not digits',
        () => create({ processDefinitionKey: 'abc' }),
        '/processDefinitionKey',
      ],
      [
        '2^60 as the definition key',
        () => createRaw(`{"processDefinitionKey":${TWO_POW_60}}`),
        '/processDefinitionKey',
      ],
      [
        'a version that is a string',
        () => create({ processDefinitionId: processId, processDefinitionVersion: '1' }),
        '/processDefinitionVersion',
      ],
      [
        'variables that are a string',
        () => create({ processDefinitionId: processId, variables: 'a=1' }),
        '/variables',
      ],
      [
        'variables that are an array',
        () => create({ processDefinitionId: processId, variables: [1] }),
        '/variables',
      ],
      [
        'a __proto__ key in the variables',
        () =>
          createRaw(
            `{"processDefinitionId":"${processId}","variables":{"__proto__":{"isAdmin":true}}}`,
          ),
        '/variables/__proto__',
      ],
      [
        'a constructor key at the top level',
        () => create({ processDefinitionId: processId, constructor: { prototype: {} } }),
        '/constructor',
      ],
      [
        'a prototype key deep in a variable',
        () => create({ processDefinitionId: processId, variables: { a: { b: { prototype: 1 } } } }),
        '/variables/a/b/prototype',
      ],
      [
        'a NUL character in a variable value',
        () => create({ processDefinitionId: processId, variables: { note: 'a\u0000b' } }),
        '/variables/note',
      ],
      [
        'a NUL character in a variable name',
        () => create({ processDefinitionId: processId, variables: { 'no\u0000te': 1 } }),
        '/variables/no\u0000te',
      ],
      [
        'a process id longer than 256 characters',
        () => create({ processDefinitionId: 'p'.repeat(300) }),
        '/processDefinitionId',
      ],
      [
        'a NUL character in the process id',
        () => create({ processDefinitionId: `${processId}\u0000` }),
        '/processDefinitionId',
      ],
      [
        '1e400 in raw JSON',
        () => createRaw(`{"processDefinitionId":"${processId}","variables":{"big":1e400}}`),
        '/variables/big',
      ],
      [
        '-1e400 in raw JSON',
        () => createRaw(`{"processDefinitionId":"${processId}","variables":{"big":[-1e400]}}`),
        '/variables/big/0',
      ],
      [
        '2^60 in a variable',
        () => createRaw(`{"processDefinitionId":"${processId}","variables":{"big":${TWO_POW_60}}}`),
        '/variables/big',
      ],
      [
        'variables nested too deep',
        () =>
          createRaw(
            `{"processDefinitionId":"${processId}","variables":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`,
          ),
        '',
      ],
      [
        'awaitCompletion that is a string',
        () => create({ processDefinitionId: processId, awaitCompletion: 'yes' }),
        '/awaitCompletion',
      ],
      [
        'a requestTimeout beyond an hour',
        () => create({ processDefinitionId: processId, requestTimeout: 2 ** 40 }),
        '/requestTimeout',
      ],
      [
        'fetchVariables that is a string',
        () => create({ processDefinitionId: processId, fetchVariables: 'a' }),
        '/fetchVariables',
      ],
      [
        'a tenant other than <default>',
        () => create({ processDefinitionId: processId, tenantId: 'acme' }),
        '/tenantId',
      ],
      [
        'a tenant that is not a tenant id',
        () => create({ processDefinitionId: processId, tenantId: '../../etc' }),
        '/tenantId',
      ],
    ])('rejects %s with 400 and starts nothing', async (_name, call, pointer) => {
      const errors = await expectRejected(server.api, call(), 400);
      if (pointer) expect(errors.map((error) => error.pointer)).toContain(pointer);
    });

    it('rejects a body over 1 MiB with 413', async () => {
      const call = create({
        processDefinitionId: processId,
        variables: { big: 'x'.repeat(1100 * 1024) },
      });
      await expectRejected(server.api, call, 413, { pointer: '' });
    });

    it('answers 404 for an unknown definition and starts nothing', async () => {
      const before = await tally(server.api);
      for (const call of [
        create({ processDefinitionId: 'no-such-process' }),
        create({ processDefinitionKey: '1' }),
        create({ processDefinitionId: processId, processDefinitionVersion: 99 }),
      ]) {
        expectProblem(await send(server.api, call), 404, call.path);
      }
      expect(await tally(server.api)).toEqual(before);
    });

    it('ignores unknown fields; accepts and echoes tenantId <default>', async () => {
      const { status, body } = await send(
        server.api,
        create({
          processDefinitionId: processId,
          tenantId: '<default>',
          variables: { ok: true },
          somethingNew: { nested: 1 },
          startInstructions: [],
        }),
      );
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({
        processDefinitionId: processId,
        processDefinitionKey: definitionKey,
        tenantId: '<default>',
      });
    });

    it('treats a missing tenant as <default>', async () => {
      const { status, body } = await send(
        server.api,
        create({ processDefinitionKey: definitionKey }),
      );
      expect(status).toBe(200);
      expect(body.tenantId).toBe('<default>');
      const got = await server.api.get(`/process-instances/${body.processInstanceKey}`);
      expect(got.body.tenantId).toBe('<default>');
    });

    it('lets the worker role start instances', async () => {
      const { status } = await send(worker(server.api), create({ processDefinitionId: processId }));
      expect(status).toBe(200);
    });
  });

  describe('GET, search and cancel', () => {
    it.each(['abc', '12a', '0x10', '1.5'])('rejects the key %s with 400', async (bad) => {
      for (const call of [
        { method: 'GET', path: `/process-instances/${bad}` },
        { method: 'POST', path: `/process-instances/${bad}/cancellation`, json: {} },
      ]) {
        await expectRejected(server.api, call, 400, { pointer: '/processInstanceKey' });
      }
    });

    it('answers 404 for an unknown instance', async () => {
      expectProblem(await server.api.get('/process-instances/1'), 404, '/process-instances/1');
      const cancel = { method: 'POST', path: '/process-instances/1/cancellation', json: {} };
      expectProblem(await send(server.api, cancel), 404, cancel.path);
    });

    const search = (json: unknown): Call => ({
      method: 'POST',
      path: '/process-instances/search',
      json,
    });
    it.each<[string, Call, string]>([
      ['malformed JSON', { method: 'POST', path: '/process-instances/search', raw: '{' }, ''],
      ['an unknown state', search({ filter: { state: 'RUNNING' } }), '/filter/state'],
      [
        'a state operator it does not take',
        search({ filter: { state: { $gt: 'A' } } }),
        '/filter/state/$gt',
      ],
      [
        '$gt on a key',
        search({ filter: { processInstanceKey: { $gt: '' } } }),
        '/filter/processInstanceKey/$gt',
      ],
      ['a wrong type', search({ filter: { hasIncident: 'no' } }), '/filter/hasIncident'],
      [
        'an invalid date',
        search({ filter: { startDate: { $gt: '2020-02-30T00:00:00Z' } } }),
        '/filter/startDate/$gt',
      ],
      [
        'variables that are not a list',
        search({ filter: { variables: { name: 'a' } } }),
        '/filter/variables',
      ],
      [
        'a variable value operator it does not take',
        search({ filter: { variables: [{ name: 'a', value: { $gt: '1' } }] } }),
        '/filter/variables/0/value/$gt',
      ],
      [
        'a NUL character',
        search({ filter: { processDefinitionId: '\u0000' } }),
        '/filter/processDefinitionId',
      ],
      [
        'a __proto__ key',
        { method: 'POST', path: '/process-instances/search', raw: '{"__proto__":{"filter":{}}}' },
        '/__proto__',
      ],
      ['nested $or', search({ filter: { $or: [{ $or: [] }] } }), '/filter/$or/0/$or'],
      ['page.limit 10001', search({ page: { limit: 10001 } }), '/page/limit'],
      ['a limit that is a string', search({ page: { limit: '10' } }), '/page/limit'],
    ])('search rejects %s', async (_name, call, pointer) => {
      await expectRejected(server.api, call, 400, { pointer });
    });

    it('search accepts enum values in any casing and sort order "asc"', async () => {
      const key = await startInstance(server.api, processId, { color: 'green' });
      const { status, body } = await send(
        server.api,
        search({
          filter: { processInstanceKey: key, state: 'active', tenantId: '<default>', unknown: 1 },
          sort: [{ field: 'startDate', order: 'asc' }],
        }),
      );
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({ processInstanceKey: key, state: 'ACTIVE' }),
      ]);
      const byState = await send(
        server.api,
        search({ filter: { processInstanceKey: key, state: { $in: ['Active'] } } }),
      );
      expect(byState.body.items).toHaveLength(1);
    });

    it('cancellation rejects a body of the wrong shape and leaves the instance running', async () => {
      const key = await startInstance(server.api, processId);
      const path = `/process-instances/${key}/cancellation`;
      await expectRejected(server.api, { method: 'POST', path, raw: '{"operation' }, 400, {
        pointer: '',
      });
      await expectRejected(
        server.api,
        { method: 'POST', path, json: { operationReference: 'x' } },
        400,
        {
          pointer: '/operationReference',
        },
      );
      await expectRejected(
        server.api,
        { method: 'POST', path, raw: '{"operationReference":1e400}' },
        400,
        {
          pointer: '/operationReference',
        },
      );
      expect((await server.api.get(`/process-instances/${key}`)).body.state).toBe('ACTIVE');
    });
  });

  describe('who may start, read and cancel', () => {
    it('lets staff start a definition their group may start (lead-to-loyalty for sales)', async () => {
      const { status, body } = await server.api
        .as('staff')
        .post('/process-instances', { processDefinitionId: 'lead-to-loyalty' });
      expect(status, JSON.stringify(body)).toBe(200);
    });

    it('refuses staff a fresh definition until an analyst makes it startable by their group', async () => {
      // given a freshly deployed definition
      const freshId = `api-fresh-${unique()}`;
      const freshKey = await deployProcess(
        server.api.as('analyst'),
        'fresh.bpmn',
        sequenceProcess(freshId, [serviceTask('Task_Work', `api.fresh.${freshId}`)]),
      );
      // when staff start it, then 403 and nothing is started
      await expectRejected(
        server.api,
        create({ processDefinitionId: freshId }),
        403,
        {},
        server.api.as('staff'),
      );
      // when an analyst allows sales to start it
      const allowed = await server.api
        .as('analyst')
        .request('PUT', `/process-definitions/${freshKey}/startable-by-groups`, {
          startableByGroups: ['sales'],
        });
      expect(allowed.status).toBe(204);
      // then staff may start it
      const started = await server.api
        .as('staff')
        .post('/process-instances', { processDefinitionId: freshId });
      expect(started.status, JSON.stringify(started.body)).toBe(200);
    });

    it('lets staff read the instances they started, and no others', async () => {
      // given one instance started by staff and one by the analyst
      const mine = (
        await server.api
          .as('staff')
          .post('/process-instances', { processDefinitionId: 'lead-to-loyalty' })
      ).body.processInstanceKey as string;
      const theirs = await startInstance(server.api.as('analyst'), 'lead-to-loyalty');
      // then
      expect((await server.api.as('staff').get(`/process-instances/${mine}`)).status).toBe(200);
      expectProblem(
        await server.api.as('staff').get(`/process-instances/${theirs}`),
        404,
        `/process-instances/${theirs}`,
      );
      const { body } = await server.api.as('staff').post('/process-instances/search', {
        filter: { processDefinitionId: 'lead-to-loyalty' },
        page: { limit: 1000 },
      });
      const keys = body.items.map(
        (item: { processInstanceKey: string }) => item.processInstanceKey,
      );
      expect(keys).toContain(mine);
      expect(keys).not.toContain(theirs);
      const all = await server.api.post('/process-instances/search', {
        filter: { processDefinitionId: 'lead-to-loyalty' },
        page: { limit: 1000 },
      });
      expect(body.page.totalItems).toBeLessThan(all.body.page.totalItems);
      // and a search that names the other instance finds nothing for staff
      const named = await server.api.as('staff').post('/process-instances/search', {
        filter: { processInstanceKey: theirs },
      });
      expect(named.body.items).toEqual([]);
    });

    it('refuses staff and workers cancellation; lets analysts cancel', async () => {
      const key = await startInstance(server.api.as('analyst'), processId);
      const call = { method: 'POST', path: `/process-instances/${key}/cancellation`, json: {} };
      expectProblem(await send(server.api.as('staff'), call), 403, call.path);
      expectProblem(await send(worker(server.api), call), 403, call.path);
      expect((await server.api.get(`/process-instances/${key}`)).body.state).toBe('ACTIVE');
      expect((await send(server.api.as('analyst'), call)).status).toBe(204);
      expect((await server.api.get(`/process-instances/${key}`)).body.state).toBe('TERMINATED');
    });

    it('lets analysts inspect every instance', async () => {
      const key = (
        await server.api
          .as('staff')
          .post('/process-instances', { processDefinitionId: 'lead-to-loyalty' })
      ).body.processInstanceKey as string;
      expect((await server.api.as('analyst').get(`/process-instances/${key}`)).status).toBe(200);
    });

    it('answers 401 without valid credentials on every endpoint', async () => {
      await expectAllUnauthorized(server, [
        create({ processDefinitionId: processId }),
        { method: 'GET', path: '/process-instances/1' },
        { method: 'POST', path: '/process-instances/search', json: {} },
        { method: 'POST', path: '/process-instances/1/cancellation', json: {} },
      ]);
    });
  });
});
