import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/testServer';
import {
  TWO_POW_60,
  WORKER,
  expectAllUnauthorized,
  expectProblem,
  expectRejected,
  expectServing,
  expectUnauthorized,
  send,
  sendAnonymous,
  startApiServer,
  worker,
  type Call,
} from './apiTestKit';

describe('/v2 topology, status, license, me and clock', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('system');
  });
  afterAll(() => server.close());

  describe('authentication', () => {
    const topology: Call = { method: 'GET', path: '/topology' };

    it('answers 401 with WWW-Authenticate: Basic without credentials', async () => {
      const response = await sendAnonymous(server.url, topology);
      expectUnauthorized(response, '/topology');
      expect(response.body.title).toBe('UNAUTHORIZED');
    });

    it('treats an empty Authorization header as no credentials', async () => {
      expectUnauthorized(
        await sendAnonymous(server.url, topology, { authorization: '' }),
        '/topology',
      );
      expectUnauthorized(
        await sendAnonymous(server.url, topology, { authorization: '   ' }),
        '/topology',
      );
    });

    it('answers a browser-like request 401 without WWW-Authenticate (no login box)', async () => {
      const response = await sendAnonymous(server.url, topology, {
        'sec-fetch-site': 'same-origin',
        'sec-fetch-dest': 'empty',
      });
      expectProblem(response, 401, '/topology');
      expect(response.headers.get('www-authenticate')).toBeNull();
    });

    it.each([
      ['a wrong password', `Basic ${Buffer.from('demo:wrong').toString('base64')}`],
      ['an unknown user', `Basic ${Buffer.from('nobody:demo').toString('base64')}`],
      ['no colon', `Basic ${Buffer.from('demo').toString('base64')}`],
      ['not base64', 'Basic %%%'],
      ['another scheme', 'Bearer abc.def.ghi'],
      ['a NUL in the user name', `Basic ${Buffer.from('de\u0000mo:demo').toString('base64')}`],
      ['an operator-like user name', `Basic ${Buffer.from('{"$gt":""}:demo').toString('base64')}`],
    ])('answers 401 for %s', async (_name, authorization) => {
      expectUnauthorized(await sendAnonymous(server.url, topology, { authorization }), '/topology');
      await expectServing(server.api);
    });

    it('opens GET /v2/status (204) and GET /v2/license (200) without credentials', async () => {
      const status = await fetch(`${server.url}/v2/status`);
      expect(status.status).toBe(204);
      expect(await status.text()).toBe('');
      const license = await sendAnonymous(server.url, { method: 'GET', path: '/license' });
      expect(license.status).toBe(200);
      expect(license.body).toMatchObject({ validLicense: true, isCommercial: false });
      expect(license.body).toHaveProperty('expiresAt');
    });

    it('answers 401 on every system endpoint that needs credentials', async () => {
      await expectAllUnauthorized(server, [
        topology,
        { method: 'GET', path: '/authentication/me' },
        { method: 'PUT', path: '/clock', json: { timestamp: 0 } },
        { method: 'POST', path: '/clock/reset', json: {} },
        { method: 'GET', path: '/no-such-endpoint' },
      ]);
    });
  });

  describe('topology', () => {
    it('answers a single-node cluster to every role', async () => {
      for (const api of [
        server.api,
        server.api.as('analyst'),
        server.api.as('staff'),
        worker(server.api),
      ]) {
        const { status, body } = await api.get('/topology');
        expect(status).toBe(200);
        expect(body).toMatchObject({
          clusterSize: 1,
          partitionsCount: 1,
          brokers: [expect.any(Object)],
        });
      }
    });

    it('answers an unknown endpoint with a 404 problem', async () => {
      expectProblem(await server.api.get('/no-such-endpoint'), 404, '/no-such-endpoint');
    });
  });

  describe('GET /authentication/me', () => {
    it.each([
      ['demo', 'demo', ['admin']],
      ['admin', 'demo', ['admin']],
      ['analyst', 'demo', ['analyst']],
      ['staff', 'demo', ['staff']],
      [WORKER.user, WORKER.password, ['worker']],
    ])('tells %s who they are', async (user, password, roles) => {
      const { status, body } = await server.api.as(user, password).get('/authentication/me');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        username: user,
        roles,
        tenants: [expect.objectContaining({ tenantId: '<default>' })],
      });
    });

    it('lists the groups of staff', async () => {
      const { body } = await server.api.as('staff').get('/authentication/me');
      expect(body.groups).toEqual(expect.arrayContaining(['sales', 'service']));
    });
  });

  describe('clock', () => {
    const pin = (json: unknown): Call => ({ method: 'PUT', path: '/clock', json });
    const pinRaw = (raw: string): Call => ({ method: 'PUT', path: '/clock', raw });

    it.each<[string, Call, string]>([
      ['malformed JSON', pinRaw('{"timestamp":'), ''],
      ['NaN', pinRaw('{"timestamp":NaN}'), ''],
      ['a missing timestamp', pin({}), '/timestamp'],
      ['a string', pin({ timestamp: '2030-01-01T00:00:00Z' }), '/timestamp'],
      ['an operator object', pin({ timestamp: { $gt: 0 } }), '/timestamp'],
      ['a negative time', pin({ timestamp: -1 }), '/timestamp'],
      ['a fraction', pin({ timestamp: 1.5 }), '/timestamp'],
      ['1e400 in raw JSON', pinRaw('{"timestamp":1e400}'), '/timestamp'],
      ['2^60', pinRaw(`{"timestamp":${TWO_POW_60}}`), '/timestamp'],
      ['a __proto__ key', pinRaw('{"timestamp":0,"__proto__":{"pinned":true}}'), '/__proto__'],
      ['a body that is an array', pin([0]), ''],
    ])('PUT /clock rejects %s with 400', async (_name, call, pointer) => {
      await expectRejected(server.api, call, 400, { pointer });
    });

    it('PUT /clock rejects a body over 1 MiB with 413', async () => {
      await expectRejected(server.api, pin({ timestamp: 0, pad: 'x'.repeat(1100 * 1024) }), 413);
    });

    it('is for admins only', async () => {
      for (const api of [server.api.as('analyst'), server.api.as('staff'), worker(server.api)]) {
        expectProblem(await send(api, pin({ timestamp: 0 })), 403, '/clock');
        expectProblem(
          await send(api, { method: 'POST', path: '/clock/reset', json: {} }),
          403,
          '/clock/reset',
        );
      }
    });

    it('pins and resets for admins', async () => {
      const at = Date.UTC(2031, 0, 1);
      expect((await send(server.api, pin({ timestamp: at, unknown: true }))).status).toBe(204);
      expect((await server.api.post('/clock/reset')).status).toBe(204);
    });
  });

  describe('bodies the JSON parser refuses', () => {
    const search = '/process-instances/search';
    it.each<[string, Record<string, string>, string, number]>([
      ['an unsupported charset', { 'content-type': 'application/json; charset=koi8-r' }, '{}', 415],
      [
        'an unsupported content encoding',
        { 'content-type': 'application/json', 'content-encoding': 'br2' },
        '{}',
        415,
      ],
      [
        'a body that is not gzip though it says so',
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        'garbage',
        400,
      ],
    ])('answers %s with a problem', async (_name, headers, body, status) => {
      await expectRejected(
        server.api,
        { method: 'POST', path: search, raw: body, headers },
        status,
        {
          pointer: '',
        },
      );
    });

    it('answers a path that is not valid percent-encoding with 400', async () => {
      await expectRejected(server.api, { method: 'GET', path: '/user-tasks/%E0%A4%A' }, 400);
    });
  });

  it('keeps serving after a burst of bad requests', async () => {
    const bad: Call[] = [
      { method: 'POST', path: '/process-instances', raw: '{' },
      { method: 'POST', path: '/process-instances/search', raw: '{"filter":{"__proto__":1}}' },
      { method: 'POST', path: '/jobs/activation', raw: '{"type":1e400}' },
      { method: 'GET', path: '/user-tasks/abc' },
      { method: 'POST', path: '/jobs/12a/completion', json: {} },
    ];
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) => send(server.api, bad[index % bad.length]!)),
    );
    for (const response of responses) expect(response.status).toBe(400);
    await expectServing(server.api);
  });
});
