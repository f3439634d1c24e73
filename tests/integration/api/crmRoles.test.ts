// Who may call which /api endpoint (M8), over HTTP Basic with the demo logins: for every
// route, no credentials → 401, each role without the permission → 403, each role with it
// → its 2xx. The table names every route the /api routers register, so a new route fails
// the first test until it has a row. Browser sessions have their own section below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../../server/src/admin/adminRoutes';
import type { UserAdminService } from '../../../server/src/admin/UserAdminService';
import { crmPublicRoutes, crmRoutes, type CrmDeps } from '../../../server/src/crm/crmRoutes';
import { sessionRoutes, type SessionRouteDeps } from '../../../server/src/routes/sessionRoutes';
import { backends } from '../../support/backends';
import { routesOf } from '../../unit/server/crm/routesOf';
import {
  LOGINS,
  startCrmServer,
  type CrmApi,
  type CrmResponse,
  type CrmServer,
} from '../crm/crmTestKit';

type Role = keyof typeof LOGINS;
const ROLES: readonly Role[] = ['admin', 'analyst', 'staff', 'worker'];
const EVERYONE = ROLES;
const ADMINS: readonly Role[] = ['admin'];

interface Request {
  method: string;
  path: string;
  body?: unknown;
}

interface Row {
  /** `METHOD /path/{param}`, as the router registers it. */
  route: string;
  /** The roles that get `status`; the others get 403. */
  allowed: readonly Role[];
  status: number;
  /** Answers without credentials too. */
  open?: boolean;
  /** The request; it may first create, as admin, what it acts on. */
  request(admin: CrmApi): Promise<Request>;
}

let made = 0;
const fresh = (prefix: string) => `${prefix}${Date.now().toString(36)}${(made++).toString(36)}`;

async function newClient(admin: CrmApi): Promise<string> {
  return (await admin.createClient({ name: fresh('Role client ') })).id;
}

async function newField(admin: CrmApi): Promise<string> {
  return (await admin.defineField({ name: fresh('f'), label: 'Role field', type: 'text' })).name;
}

const client = async (admin: CrmApi, suffix = '') => `/clients/${await newClient(admin)}${suffix}`;

const ROWS: readonly Row[] = [
  {
    route: 'GET /openapi.json',
    allowed: EVERYONE,
    status: 200,
    open: true,
    request: async () => ({ method: 'GET', path: '/openapi.json' }),
  },
  {
    route: 'GET /fields',
    allowed: EVERYONE,
    status: 200,
    request: async () => ({ method: 'GET', path: '/fields' }),
  },
  {
    route: 'POST /fields',
    allowed: ADMINS,
    status: 201,
    request: async () => ({
      method: 'POST',
      path: '/fields',
      body: { name: fresh('f'), label: 'Made by role', type: 'text' },
    }),
  },
  {
    route: 'PATCH /fields/{name}',
    allowed: ADMINS,
    status: 200,
    request: async (admin) => ({
      method: 'PATCH',
      path: `/fields/${await newField(admin)}`,
      body: { label: 'Renamed by role' },
    }),
  },
  {
    route: 'DELETE /fields/{name}',
    allowed: ADMINS,
    status: 204,
    request: async (admin) => ({ method: 'DELETE', path: `/fields/${await newField(admin)}` }),
  },
  {
    route: 'GET /clients',
    allowed: EVERYONE,
    status: 200,
    request: async () => ({ method: 'GET', path: '/clients?limit=5' }),
  },
  {
    route: 'POST /clients',
    allowed: EVERYONE,
    status: 201,
    request: async () => ({ method: 'POST', path: '/clients', body: { name: fresh('New ') } }),
  },
  {
    route: 'POST /clients/search',
    allowed: EVERYONE,
    status: 200,
    request: async () => ({ method: 'POST', path: '/clients/search', body: { q: 'Role' } }),
  },
  {
    route: 'GET /clients/{id}',
    allowed: EVERYONE,
    status: 200,
    request: async (admin) => ({ method: 'GET', path: await client(admin) }),
  },
  {
    route: 'PATCH /clients/{id}',
    allowed: EVERYONE,
    status: 200,
    request: async (admin) => ({
      method: 'PATCH',
      path: await client(admin),
      body: { segment: 'B' },
    }),
  },
  {
    route: 'DELETE /clients/{id}',
    allowed: EVERYONE,
    status: 200,
    request: async (admin) => ({ method: 'DELETE', path: await client(admin) }),
  },
  {
    route: 'GET /clients/{id}/purchases',
    allowed: EVERYONE,
    status: 200,
    request: async (admin) => ({ method: 'GET', path: await client(admin, '/purchases') }),
  },
  {
    route: 'POST /clients/{id}/purchases',
    allowed: EVERYONE,
    status: 201,
    request: async (admin) => ({
      method: 'POST',
      path: await client(admin, '/purchases'),
      body: { amount: 1999, currency: 'EUR', product: 'Support plan' },
    }),
  },
  {
    route: 'GET /clients/{id}/interactions',
    allowed: EVERYONE,
    status: 200,
    request: async (admin) => ({ method: 'GET', path: await client(admin, '/interactions') }),
  },
  {
    route: 'POST /clients/{id}/interactions',
    allowed: EVERYONE,
    status: 201,
    request: async (admin) => ({
      method: 'POST',
      path: await client(admin, '/interactions'),
      body: { kind: 'note', summary: 'Called about the renewal' },
    }),
  },
  {
    route: 'GET /clients/{id}/process-instances',
    allowed: EVERYONE,
    status: 200,
    request: async (admin) => ({ method: 'GET', path: await client(admin, '/process-instances') }),
  },
  {
    route: 'GET /task-types',
    allowed: EVERYONE,
    status: 200,
    request: async () => ({ method: 'GET', path: '/task-types' }),
  },
  {
    route: 'GET /users',
    allowed: ADMINS,
    status: 200,
    request: async () => ({ method: 'GET', path: '/users' }),
  },
  {
    route: 'POST /users',
    allowed: ADMINS,
    status: 201,
    request: async () => ({
      method: 'POST',
      path: '/users',
      body: { username: fresh('u'), password: 'long enough', roles: ['staff'] },
    }),
  },
  {
    route: 'GET /users/{username}',
    allowed: ADMINS,
    status: 200,
    request: async () => ({ method: 'GET', path: '/users/staff' }),
  },
  {
    route: 'PATCH /users/{username}',
    allowed: ADMINS,
    status: 200,
    request: async () => ({
      method: 'PATCH',
      path: '/users/analyst',
      body: { displayName: fresh('Analyst ') },
    }),
  },
  {
    route: 'GET /groups',
    allowed: ADMINS,
    status: 200,
    request: async () => ({ method: 'GET', path: '/groups' }),
  },
  {
    route: 'POST /groups',
    allowed: ADMINS,
    status: 201,
    request: async () => ({ method: 'POST', path: '/groups', body: { groupId: fresh('g') } }),
  },
];

const SESSION_ROUTES = ['POST /session/', 'GET /session/', 'DELETE /session/'];

const send = (api: CrmApi, call: Request) => api.request(call.method, call.path, call.body);

const shown = (response: CrmResponse) => JSON.stringify(response.body);

describe('roles on /api', () => {
  let crm: CrmServer;
  let admin: CrmApi;

  beforeAll(async () => {
    crm = await startCrmServer(backends()[0]!.uri, 'roles');
    admin = crm.api;
  });

  afterAll(async () => {
    await crm?.server.close();
  });

  it('has a row for every route the /api routers register', () => {
    const registered = [
      ...routesOf(crmPublicRoutes()),
      ...routesOf(sessionRoutes({} as SessionRouteDeps), '/session'),
      ...routesOf(adminRoutes({} as UserAdminService)),
      ...routesOf(crmRoutes({} as CrmDeps)),
    ];
    const covered = [...ROWS.map((row) => row.route), ...SESSION_ROUTES];
    expect([...covered].sort()).toEqual([...registered].sort());
  });

  describe.each(ROWS)('$route', (row) => {
    it(`answers ${row.open ? row.status : 401} without credentials`, async () => {
      const answer = await send(admin.as(null), await row.request(admin));
      expect(answer.status, shown(answer)).toBe(row.open ? row.status : 401);
      if (!row.open) expect(answer.headers.get('www-authenticate')).toMatch(/^Basic\b/);
    });

    it.each(ROLES.map((role) => [row.allowed.includes(role) ? row.status : 403, role] as const))(
      'answers %i to %s',
      async (status, role) => {
        const answer = await send(admin.as(role), await row.request(admin));
        expect(answer.status, shown(answer)).toBe(status);
        if (status === 403) expect(answer.body.title).toBe('FORBIDDEN');
      },
    );
  });

  describe('sessions (/api/session)', () => {
    const session = (body?: unknown, headers: Record<string, string> = {}) => ({
      post: () => admin.as(null).request('POST', '/session', body, headers),
      get: () => admin.as(null).request('GET', '/session', undefined, headers),
      delete: () => admin.as(null).request('DELETE', '/session', undefined, headers),
    });

    async function signIn(role: Role) {
      const [username, password] = LOGINS[role];
      const answer = await session({ username, password }).post();
      const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0]!;
      return { answer, cookie, csrf: answer.body?.csrfToken as string | undefined };
    }

    it('answers 401 to a sign-in with a wrong password', async () => {
      const answer = await session({ username: 'admin', password: 'wrong' }).post();
      expect(answer.status, shown(answer)).toBe(401);
    });

    it('answers 401 to a sign-in as an API client: workers use basic auth only', async () => {
      const { answer } = await signIn('worker');
      expect(answer.status, shown(answer)).toBe(401);
    });

    it.each(['admin', 'analyst', 'staff'] as const)(
      'signs %s in and answers their session with their roles',
      async (role) => {
        // when
        const { answer, cookie } = await signIn(role);

        // then
        expect(answer.status, shown(answer)).toBe(200);
        expect(answer.body.user.roles).toEqual([role]);
        const current = await session(undefined, { cookie }).get();
        expect(current.status, shown(current)).toBe(200);
        expect(current.body.user.username).toBe(LOGINS[role][0]);
      },
    );

    it('answers 401 to a session read without a session cookie', async () => {
      const answer = await session().get();
      expect(answer.status, shown(answer)).toBe(401);
    });

    it.each(['admin', 'analyst', 'staff'] as const)(
      'refuses a sign-out of %s without the CSRF token (403), then signs out with it (204)',
      async (role) => {
        // given
        const { cookie, csrf } = await signIn(role);

        // when
        const refused = await session(undefined, { cookie }).delete();
        const signedOut = await session(undefined, { cookie, 'x-csrf-token': csrf! }).delete();

        // then
        expect(refused.status, shown(refused)).toBe(403);
        expect(signedOut.status).toBe(204);
        expect((await session(undefined, { cookie }).get()).status).toBe(401);
      },
    );

    it('lets a session reach only what its role may: staff 403 on /api/users, admin 200', async () => {
      for (const [role, status] of [
        ['staff', 403],
        ['admin', 200],
      ] as const) {
        const { cookie } = await signIn(role);
        const answer = await admin.as(null).request('GET', '/users', undefined, { cookie });
        expect(answer.status, `${role}: ${shown(answer)}`).toBe(status);
      }
    });
  });
});
