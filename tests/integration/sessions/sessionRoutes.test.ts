// Browser sessions end to end: an in-process server on a real FerretDB, signed in
// through POST /api/session, then driving /v2 and /api with the cookie (and the CSRF
// token), with the session rows edited directly in the database where a test needs it.
import { createHash } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoUserRepository } from '../../../server/src/auth/UserRepository';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';

/** A JSON answer, loosely typed as tests read it. */
const json = (response: Response): Promise<any> => response.json();

interface SessionRow {
  _id: string;
  username: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

interface SignedIn {
  cookie: string;
  csrfToken: string;
  body: any;
}

describe.each(backends())('browser sessions on $name', ({ uri }) => {
  let server: TestServer;
  let client: MongoClient;
  let db: Db;
  let users: MongoUserRepository;

  beforeAll(async () => {
    const dbUri = databaseUri(uri, freshDbName('sessions'));
    server = await startTestServer(dbUri);
    client = await MongoClient.connect(dbUri);
    db = client.db();
    users = await MongoUserRepository.open(db);
  });

  afterAll(async () => {
    await server?.close();
    await db?.dropDatabase();
    await client?.close();
  });

  const postSession = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  async function signIn(username: string, password = 'demo'): Promise<SignedIn> {
    const response = await postSession({ username, password });
    expect(response.status).toBe(200);
    const setCookie = response.headers.getSetCookie().join('\n');
    const cookie = /relata_session=([^;]+)/.exec(setCookie)?.[1];
    if (!cookie) throw new Error(`no session cookie in ${setCookie}`);
    const body = await json(response);
    return { cookie, csrfToken: body.csrfToken, body };
  }

  /** A request carrying the session cookie and no Authorization header. */
  function withCookie(
    session: SignedIn,
    method: string,
    path: string,
    options: { body?: unknown; csrf?: boolean } = {},
  ) {
    const headers: Record<string, string> = { cookie: `relata_session=${session.cookie}` };
    if (options.csrf) headers['x-csrf-token'] = session.csrfToken;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  const sessionRow = (cookie: string) =>
    db
      .collection<SessionRow>('sessions')
      .findOne({ _id: createHash('sha256').update(cookie).digest('hex') });

  it('signs in with the user, a CSRF token and an HttpOnly, SameSite=Strict cookie', async () => {
    // when
    const response = await postSession({ username: 'admin', password: 'demo' });

    // then
    expect(response.status).toBe(200);
    const [setCookie] = response.headers.getSetCookie();
    expect(setCookie).toMatch(/^relata_session=[A-Za-z0-9_-]{43}; /);
    const attributes = setCookie!.split('; ').slice(1);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(attributes).not.toContain('Secure');
    const body = await json(response);
    expect(body).toEqual({
      user: {
        username: 'admin',
        displayName: 'Admin',
        email: null,
        roles: ['admin'],
        groups: ['supervisors'],
      },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
    });
  });

  it('stores the session under the hash of the cookie, on the wall clock', async () => {
    // given
    const before = Date.now();

    // when
    const session = await signIn('analyst');

    // then
    const row = await sessionRow(session.cookie);
    expect(row).toMatchObject({ username: 'analyst', csrfToken: session.csrfToken });
    expect(JSON.stringify(row)).not.toContain(session.cookie);
    expect(row!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row!.expiresAt.getTime() - row!.lastSeenAt.getTime()).toBe(8 * 60 * 60_000);
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const response = await postSession(
      { username: 'staff', password: 'demo' },
      { 'x-forwarded-proto': 'https' },
    );
    expect(response.headers.getSetCookie()[0]).toMatch(/; Secure(;|$)/);
  });

  it('answers GET /api/session with the same body for a valid cookie, 401 without', async () => {
    // given
    const session = await signIn('staff');

    // when
    const current = await withCookie(session, 'GET', '/api/session');
    const anonymous = await fetch(`${server.url}/api/session`);

    // then
    expect(current.status).toBe(200);
    expect(await json(current)).toEqual(session.body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBeNull();
  });

  it('refuses a wrong password with 401 and no basic challenge', async () => {
    // when
    const response = await postSession({ username: 'analyst', password: 'wrong' });

    // then
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await json(response)).toMatchObject({ status: 401, title: 'UNAUTHORIZED' });
  });

  it('names the missing field of a malformed sign-in', async () => {
    const response = await postSession({ username: 'analyst' });
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual([
      expect.objectContaining({ pointer: '/password' }),
    ]);
  });

  it('lets the cookie search /v2 and read who is signed in', async () => {
    // given
    const session = await signIn('demo');

    // when
    const search = await withCookie(session, 'POST', '/v2/process-definitions/search', {
      body: {},
    });
    const me = await withCookie(session, 'GET', '/v2/authentication/me');

    // then
    expect(search.status).toBe(200);
    expect(await json(search)).toHaveProperty('items');
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ username: 'demo', roles: ['admin'] });
  });

  it('refuses a state-changing /v2 request with the cookie but no X-CSRF-Token', async () => {
    // given
    const session = await signIn('demo');

    // when
    const response = await withCookie(session, 'POST', '/v2/clock/reset');

    // then
    expect(response.status).toBe(403);
    const problem = await json(response);
    expect(problem).toMatchObject({ status: 403, title: 'FORBIDDEN' });
    expect(problem.detail).toContain('X-CSRF-Token');
  });

  it('accepts the state-changing /v2 request with the session’s token', async () => {
    // given
    const session = await signIn('demo');

    // when
    const response = await withCookie(session, 'POST', '/v2/clock/reset', { csrf: true });

    // then
    expect(response.status).toBe(204);
  });

  it('refuses the token of another session', async () => {
    // given
    const mine = await signIn('demo');
    const other = await signIn('demo');

    // when
    const response = await withCookie(
      { ...mine, csrfToken: other.csrfToken },
      'POST',
      '/v2/clock/reset',
      {
        csrf: true,
      },
    );

    // then
    expect(response.status).toBe(403);
  });

  it('guards the CRM API under /api the same way', async () => {
    // given
    const session = await signIn('admin');

    // when
    const read = await withCookie(session, 'GET', '/api/fields');
    const write = await withCookie(session, 'POST', '/api/clients', { body: { name: 'Acme' } });

    // then
    expect(read.status).toBe(200);
    expect(write.status).toBe(403);
    expect((await json(write)).detail).toContain('X-CSRF-Token');
  });

  it('asks no token of a basic-auth request', async () => {
    const response = await server.api.post('/clock/reset');
    expect(response.status).toBe(204);
  });

  it('signs out: 204, the cookie cleared, the session gone', async () => {
    // given
    const session = await signIn('staff');

    // when
    const withoutToken = await withCookie(session, 'DELETE', '/api/session');
    const logout = await withCookie(session, 'DELETE', '/api/session', { csrf: true });
    const afterwards = await withCookie(session, 'GET', '/v2/authentication/me');

    // then
    expect(withoutToken.status).toBe(403);
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()[0]).toMatch(/^relata_session=; .*Max-Age=0/);
    expect(afterwards.status).toBe(401);
    expect(await sessionRow(session.cookie)).toBeNull();
  });

  it('answers 429 RESOURCE_EXHAUSTED with Retry-After after five wrong passwords', async () => {
    // given
    await users.createUser({ username: 'guessed', password: 'right', roles: ['staff'] });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await postSession({ username: 'guessed', password: `wrong${i}` })).status);
    }

    // when
    const throttled = await postSession({ username: 'guessed', password: 'right' });
    const otherUser = await postSession({ username: 'analyst', password: 'demo' });

    // then
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(throttled)).toMatchObject({ status: 429, title: 'RESOURCE_EXHAUSTED' });
    expect(otherUser.status).toBe(200);
  });

  it('rejects and deletes an expired session', async () => {
    // given
    const session = await signIn('analyst');
    const id = createHash('sha256').update(session.cookie).digest('hex');
    await db
      .collection<SessionRow>('sessions')
      .updateOne({ _id: id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });

    // when
    const response = await withCookie(session, 'GET', '/api/session');
    const v2 = await withCookie(session, 'GET', '/v2/authentication/me');

    // then
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect(v2.status).toBe(401);
    expect(await sessionRow(session.cookie)).toBeNull();
  });

  it('shows a change to the user’s roles and groups on the next request', async () => {
    // given
    await users.createUser({ username: 'changing', password: 'pw', roles: ['staff'] });
    const session = await signIn('changing', 'pw');
    const before = await withCookie(session, 'POST', '/v2/clock/reset', { csrf: true });

    // when
    await db
      .collection<{ _id: string }>('users')
      .updateOne({ _id: 'changing' }, { $set: { roles: ['admin'], groups: ['sales'] } });
    const current = await withCookie(session, 'GET', '/api/session');
    const after = await withCookie(session, 'POST', '/v2/clock/reset', { csrf: true });

    // then
    expect(before.status).toBe(403);
    expect((await json(current)).user).toMatchObject({ roles: ['admin'], groups: ['sales'] });
    expect(after.status).toBe(204);
  });

  it('ends the session of a deleted user', async () => {
    // given
    await users.createUser({ username: 'leaving', password: 'pw', roles: ['analyst'] });
    const session = await signIn('leaving', 'pw');

    // when
    await db.collection<{ _id: string }>('users').deleteOne({ _id: 'leaving' });
    const response = await withCookie(session, 'GET', '/v2/authentication/me');

    // then
    expect(response.status).toBe(401);
    expect(await sessionRow(session.cookie)).toBeNull();
  });
});
