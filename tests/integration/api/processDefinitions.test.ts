import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/testServer';
import {
  TWO_POW_60,
  deployProcess,
  expectProblem,
  expectRejected,
  expectAllUnauthorized,
  send,
  sequenceProcess,
  serviceTask,
  startApiServer,
  unique,
  worker,
  type Call,
} from './apiTestKit';

describe('/v2/process-definitions', () => {
  let server: TestServer;
  let key: string;
  const processId = `api-defs-${unique()}`;
  beforeAll(async () => {
    server = await startApiServer('definitions');
    key = await deployProcess(
      server.api,
      'defs.bpmn',
      sequenceProcess(processId, [serviceTask('Task_Work', `api.defs.${processId}`)], 'Defs'),
    );
  });
  afterAll(() => server.close());

  const search = (json: unknown): Call => ({
    method: 'POST',
    path: '/process-definitions/search',
    json,
  });
  const searchRaw = (raw: string): Call => ({
    method: 'POST',
    path: '/process-definitions/search',
    raw,
  });

  describe('search', () => {
    it.each<[string, Call, string]>([
      ['malformed JSON', searchRaw('{"filter": {'), ''],
      ['a body that is not an object', search([1, 2]), ''],
      ['a filter that is not an object', search({ filter: 'all' }), '/filter'],
      [
        'an operator object on a string field that does not take it',
        search({ filter: { processDefinitionId: { $gt: '' } } }),
        '/filter/processDefinitionId/$gt',
      ],
      [
        'an operator of its own at the filter top level',
        search({ filter: { $where: 'sleep(1000)' } }),
        '/filter/$where',
      ],
      ['a wrong type', search({ filter: { version: '1' } }), '/filter/version'],
      [
        'a boolean of the wrong type',
        search({ filter: { isLatestVersion: 'yes' } }),
        '/filter/isLatestVersion',
      ],
      [
        'a key that is not digits',
        search({ filter: { processDefinitionKey: 'abc' } }),
        '/filter/processDefinitionKey',
      ],
      ['a NUL character', search({ filter: { name: 'a\u0000b' } }), '/filter/name'],
      ['1e400 in raw JSON', searchRaw('{"filter":{"version":1e400}}'), '/filter/version'],
      ['2^60', searchRaw(`{"filter":{"version":${TWO_POW_60}}}`), '/filter/version'],
      ['a __proto__ key', searchRaw('{"filter":{"__proto__":{"name":"x"}}}'), '/filter/__proto__'],
      [
        'a constructor key',
        search({ filter: { constructor: { name: 'x' } } }),
        '/filter/constructor',
      ],
      ['page.limit 10001', search({ page: { limit: 10001 } }), '/page/limit'],
      ['page.limit 0', search({ page: { limit: 0 } }), '/page/limit'],
      ['a negative page.from', search({ page: { from: -1 } }), '/page/from'],
      ['a forged cursor', search({ page: { after: 'not a cursor!' } }), '/page/after'],
      ['an unknown sort field', search({ sort: [{ field: 'xml' }] }), '/sort/0/field'],
      [
        'an unknown sort order',
        search({ sort: [{ field: 'name', order: 'sideways' }] }),
        '/sort/0/order',
      ],
    ])('rejects %s', async (_name, call, pointer) => {
      await expectRejected(server.api, call, 400, { pointer });
    });

    it('ignores unknown fields and accepts enum values in any casing', async () => {
      const { status, body } = await send(
        server.api,
        search({
          filter: { processDefinitionId: processId, tenantId: '<default>', somethingNew: 1 },
          sort: [
            { field: 'version', order: 'desc' },
            { field: 'name', order: 'asc' },
          ],
          page: { limit: 5 },
          extra: true,
        }),
      );
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({ processDefinitionKey: key, tenantId: '<default>' }),
      ]);
    });

    it('bounds page sizes at 10000', async () => {
      const { status, body } = await send(server.api, search({ page: { limit: 10000 } }));
      expect(status).toBe(200);
      expect(body.page.totalItems).toBeGreaterThanOrEqual(1);
    });
  });

  describe('GET by key', () => {
    it.each(['abc', '12a', '1e3', '-', `${'9'.repeat(30)}`])(
      'rejects the key %s with 400 naming processDefinitionKey',
      async (bad) => {
        for (const path of [`/process-definitions/${bad}`, `/process-definitions/${bad}/xml`]) {
          expectProblem(await server.api.get(path), 400, path, {
            pointer: '/processDefinitionKey',
          });
        }
      },
    );

    it('answers 404 for an unknown key', async () => {
      expectProblem(await server.api.get('/process-definitions/1'), 404, '/process-definitions/1');
      expectProblem(
        await server.api.get('/process-definitions/1/xml'),
        404,
        '/process-definitions/1/xml',
      );
    });

    it('serves the XML as text/xml', async () => {
      const response = await server.api.get(`/process-definitions/${key}/xml`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(response.body).toContain(processId);
    });
  });

  describe('PUT startable-by-groups', () => {
    const put = (json: unknown, definitionKey = key): Call => ({
      method: 'PUT',
      path: `/process-definitions/${definitionKey}/startable-by-groups`,
      json,
    });

    it.each<[string, () => Call, string]>([
      ['malformed JSON', () => ({ ...put(undefined), raw: '{"startableByGroups":[' }), ''],
      [
        'a string instead of a list',
        () => put({ startableByGroups: 'sales' }),
        '/startableByGroups',
      ],
      ['a missing list', () => put({}), '/startableByGroups'],
      ['a number in the list', () => put({ startableByGroups: [1] }), '/startableByGroups/0'],
      ['an empty group name', () => put({ startableByGroups: [''] }), '/startableByGroups/0'],
      [
        'an operator object in the list',
        () => put({ startableByGroups: [{ $gt: '' }] }),
        '/startableByGroups/0',
      ],
      [
        'a NUL character',
        () => put({ startableByGroups: ['sa\u0000les'] }),
        '/startableByGroups/0',
      ],
      [
        'a __proto__ key',
        () => ({ ...put(undefined), raw: '{"startableByGroups":["sales"],"__proto__":{"x":1}}' }),
        '/__proto__',
      ],
      [
        'an invalid path key',
        () => put({ startableByGroups: ['sales'] }, 'abc'),
        '/processDefinitionKey',
      ],
    ])('rejects %s', async (_name, call, pointer) => {
      // given
      const before = (await server.api.get(`/process-definitions/${key}`)).body;
      // when / then
      await expectRejected(server.api.as('analyst'), call(), 400, { pointer });
      expect((await server.api.get(`/process-definitions/${key}`)).body).toEqual(before);
    });

    it('answers 404 for an unknown definition', async () => {
      const call = put({ startableByGroups: ['sales'] }, '1');
      expectProblem(await send(server.api.as('analyst'), call), 404, call.path);
    });

    it('lets analysts set it, and refuses staff and workers', async () => {
      const call = put({ startableByGroups: ['service'] });
      expectProblem(await send(server.api.as('staff'), call), 403, call.path);
      expectProblem(await send(worker(server.api), call), 403, call.path);
      expect((await send(server.api.as('analyst'), call)).status).toBe(204);
      expect((await server.api.get(`/process-definitions/${key}`)).body.startableByGroups).toEqual([
        'service',
      ]);
    });

    it('passes the groups on to the next version of the process', async () => {
      // given version 1 of a process that sales may start
      const id = `api-next-${unique()}`;
      const first = await deployProcess(
        server.api.as('analyst'),
        'next.bpmn',
        sequenceProcess(id, [serviceTask('Task_Work', `api.next.${id}`)]),
      );
      const allowed = await send(server.api.as('analyst'), {
        ...put({ startableByGroups: ['sales'] }, first),
      });
      expect(allowed.status).toBe(204);

      // when a changed version 2 is deployed
      const second = await deployProcess(
        server.api.as('analyst'),
        'next.bpmn',
        sequenceProcess(id, [serviceTask('Task_Other', `api.next.${id}`)]),
      );

      // then sales may start it too, without being allowed again
      expect(second).not.toBe(first);
      const { body } = await server.api.get(`/process-definitions/${second}`);
      expect(body).toMatchObject({ version: 2, startableByGroups: ['sales'] });
    });
  });

  it('answers 401 without valid credentials on every endpoint', async () => {
    await expectAllUnauthorized(server, [
      search({}),
      { method: 'GET', path: `/process-definitions/${key}` },
      { method: 'GET', path: `/process-definitions/${key}/xml` },
      {
        method: 'PUT',
        path: `/process-definitions/${key}/startable-by-groups`,
        json: { startableByGroups: [] },
      },
    ]);
  });
});
