import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  authenticate,
  principalOf,
  requirePermission,
  type AuthenticateMiddleware,
  type AuthenticateOptions,
} from '../../../../server/src/auth/basicAuth';
import type { Principal } from '../../../../server/src/auth/Principal';
import { problemHandler } from '../../../../server/src/http/sendProblem';
import { InMemoryUserRepository } from './InMemoryUserRepository';

const basic = (name: string, secret: string) =>
  `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;

describe('authenticate', () => {
  let repo: InMemoryUserRepository;
  const servers: Server[] = [];
  let clock = 0;

  beforeAll(async () => {
    repo = new InMemoryUserRepository();
    await repo.createGroup({ groupId: 'sales' });
    await repo.createUser({ username: 'ada', password: 'pw', roles: ['admin'], email: 'a@x' });
    await repo.createUser({ username: 'sam', password: 'pw', roles: ['staff'], groups: ['sales'] });
    await repo.createApiClient({ clientId: 'worker-1', secret: 's3cret' });
  });

  beforeEach(() => {
    repo.reads.users = 0;
    repo.reads.clients = 0;
  });

  afterAll(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  });

  /** An app with the middleware and two routes; returns its base URL and the middleware. */
  async function start(options: Partial<AuthenticateOptions> = {}) {
    const middleware = authenticate({ users: repo, required: true, now: () => clock, ...options });
    const app = express();
    app.use(middleware);
    app.get('/whoami', (_req, res) => {
      res.json(principalOf(res) ?? null);
    });
    app.get('/deploy', requirePermission('deployment.create'), (_req, res) => {
      res.json({ ok: true });
    });
    app.use(problemHandler);
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, middleware };
  }

  let app: { url: string; middleware: AuthenticateMiddleware };
  beforeAll(async () => {
    app = await start();
  });

  const get = (path: string, headers: Record<string, string> = {}, base = app.url) =>
    fetch(`${base}${path}`, { headers });

  it('sets the principal of a user with the right password', async () => {
    // when
    const response = await get('/whoami', { authorization: basic('ada', 'pw') });

    // then
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      kind: 'user',
      username: 'ada',
      displayName: null,
      email: 'a@x',
      roles: ['admin'],
      groups: [],
    });
  });

  it('accepts the username in any case and the scheme in any case', async () => {
    const response = await get('/whoami', {
      authorization: basic('ADA', 'pw').replace('Basic', 'basic'),
    });
    expect(response.status).toBe(200);
  });

  it('sets the principal of an API client with its secret', async () => {
    // when
    const response = await get('/whoami', { authorization: basic('worker-1', 's3cret') });

    // then
    expect(await response.json()).toEqual({
      kind: 'client',
      clientId: 'worker-1',
      roles: ['worker'],
      groups: [],
    });
  });

  it.each([
    ['no header', {}],
    ['an empty header', { authorization: '' }],
    ['a wrong password', { authorization: basic('ada', 'nope') }],
    ['an unknown user', { authorization: basic('nobody', 'pw') }],
    ['a bearer token', { authorization: 'Bearer abc.def.ghi' }],
    ['malformed base64', { authorization: 'Basic ***' }],
    ['no colon', { authorization: `Basic ${Buffer.from('adapw').toString('base64')}` }],
    ['an empty username', { authorization: basic('', 'pw') }],
    ['"Basic" alone', { authorization: 'Basic' }],
    [
      'invalid UTF-8',
      { authorization: `Basic ${Buffer.from([0xff, 0x3a, 0x41]).toString('base64')}` },
    ],
  ])('answers %s with a 401 problem and a basic challenge', async (_label, headers) => {
    // when
    const response = await get('/whoami', headers);

    // then
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="Relata"');
    expect(await response.json()).toMatchObject({
      type: 'about:blank',
      status: 401,
      title: 'UNAUTHORIZED',
      instance: '/whoami',
    });
  });

  it.each([
    ['X-Requested-With', { 'x-requested-with': 'XMLHttpRequest' }],
    ['Sec-Fetch-Site', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Dest', { 'sec-fetch-dest': 'empty' }],
    ['an Accept with text/html', { accept: 'text/html,application/xhtml+xml' }],
  ])('leaves out the challenge for a browser request (%s)', async (_label, headers) => {
    // when
    const response = await get('/whoami', { ...headers, authorization: basic('ada', 'nope') });

    // then
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  it('answers 403 FORBIDDEN when the principal lacks the permission', async () => {
    // when
    const response = await get('/deploy', { authorization: basic('sam', 'pw') });

    // then
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ status: 403, title: 'FORBIDDEN' });
  });

  it('reuses a successful verification for a minute, then checks again', async () => {
    // given
    const headers = { authorization: basic('worker-1', 's3cret') };
    await get('/whoami', headers);
    const reads = repo.reads.clients;

    // when
    clock += 59_000;
    await get('/whoami', headers);
    const readsWithinTtl = repo.reads.clients;
    clock += 2_000;
    await get('/whoami', headers);

    // then
    expect(readsWithinTtl).toBe(reads);
    expect(repo.reads.clients).toBe(reads + 1);
  });

  it('verifies concurrent requests with the same header once', async () => {
    // given
    const fresh = await start();
    const headers = { authorization: basic('ada', 'pw') };

    // when
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => get('/whoami', headers, fresh.url)),
    );

    // then
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(repo.reads.users).toBe(1);
  });

  it('does not cache a failed verification', async () => {
    // given
    const headers = { authorization: basic('ada', 'wrong') };
    await get('/whoami', headers);

    // when
    await get('/whoami', headers);

    // then
    expect(repo.reads.users).toBe(2);
  });

  it('checks again after the user changes', async () => {
    // given
    const headers = { authorization: basic('sam', 'pw') };
    const before = (await (await get('/whoami', headers)).json()) as Principal;
    await repo.createGroup({ groupId: 'service' });

    // when
    await repo.addUserToGroup('sam', 'service');
    const after = (await (await get('/whoami', headers)).json()) as Principal;

    // then
    expect(before.groups).toEqual(['sales']);
    expect(after.groups).toEqual(['sales', 'service']);
  });

  it('forgets everything on invalidate()', async () => {
    // given
    const headers = { authorization: basic('ada', 'pw') };
    await get('/whoami', headers);
    const reads = repo.reads.users;

    // when
    app.middleware.invalidate();
    await get('/whoami', headers);

    // then
    expect(repo.reads.users).toBe(reads + 1);
  });

  it('lets anonymous requests through without a principal when not required', async () => {
    // given
    const optional = await start({ required: false });

    // when
    const anonymous = await get('/whoami', {}, optional.url);
    const guarded = await get('/deploy', {}, optional.url);
    const wrong = await get('/whoami', { authorization: basic('ada', 'nope') }, optional.url);

    // then
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toBeNull();
    expect(guarded.status).toBe(401);
    expect(wrong.status).toBe(401);
  });

  it('takes the principal from sessionLookup when there is no Authorization header', async () => {
    // given
    const session: Principal = {
      kind: 'user',
      username: 'from-session',
      displayName: null,
      email: null,
      roles: ['analyst'],
      groups: [],
    };
    const withSessions = await start({
      sessionLookup: async (req) => (req.get('cookie') === 'sid=1' ? session : null),
    });

    // when
    const withCookie = await get('/deploy', { cookie: 'sid=1' }, withSessions.url);
    const withoutCookie = await get('/deploy', { cookie: 'sid=2' }, withSessions.url);

    // then
    expect(withCookie.status).toBe(200);
    expect(withoutCookie.status).toBe(401);
  });
});
