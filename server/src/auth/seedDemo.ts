import type { UserRole } from './Principal';
import { isAlreadyExists, type UserRepository } from './UserRepository';

/** A login the start-up banner prints in demo mode. */
export interface DemoCredential {
  kind: 'user' | 'client';
  name: string;
  secret: string;
  roles: string[];
}

const DEMO_GROUPS = [
  { groupId: 'sales', name: 'Sales' },
  { groupId: 'service', name: 'Service' },
  { groupId: 'supervisors', name: 'Supervisors' },
];

const DEMO_USERS: { username: string; displayName: string; roles: UserRole[]; groups: string[] }[] =
  [
    { username: 'demo', displayName: 'Demo', roles: ['admin'], groups: [] },
    { username: 'admin', displayName: 'Admin', roles: ['admin'], groups: ['supervisors'] },
    { username: 'analyst', displayName: 'Analyst', roles: ['analyst'], groups: [] },
    { username: 'staff', displayName: 'Staff', roles: ['staff'], groups: ['sales', 'service'] },
  ];

const DEMO_PASSWORD = 'demo';
const DEMO_CLIENT = { clientId: 'demo-worker', secret: 'demo-secret' };

/** Runs a create and treats "already exists" as done: another process (or run) made it. */
async function once(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw error;
  }
}

/**
 * Seeds the demo logins (`demo`, `admin`, `analyst`, `staff`, all with password `demo`),
 * the groups `sales`, `service` and `supervisors`, and the API client
 * `demo-worker`/`demo-secret`, when there are no users yet. Safe to run again and from
 * several server processes at once: every record is an insert on its unique `_id`, and
 * the loser of a race just skips it. Returns the demo credentials for the banner.
 *
 * @example
 * for (const login of await seedDemoUsers(users)) console.log(`${login.name} / ${login.secret}`);
 */
export async function seedDemoUsers(repo: UserRepository): Promise<DemoCredential[]> {
  const credentials: DemoCredential[] = [
    ...DEMO_USERS.map((user) => ({
      kind: 'user' as const,
      name: user.username,
      secret: DEMO_PASSWORD,
      roles: user.roles,
    })),
    { kind: 'client', name: DEMO_CLIENT.clientId, secret: DEMO_CLIENT.secret, roles: ['worker'] },
  ];
  // A database with real users is not turned into a demo; a seed cut short (a process
  // killed halfway) already has the `demo` user and is completed.
  if ((await repo.countUsers()) > 0 && !(await repo.findUser('demo'))) return [];

  await Promise.all(DEMO_GROUPS.map((group) => once(() => repo.createGroup(group))));
  // `demo` goes first, so "users exist but not demo" means real users, not a seed under way.
  const [first, ...others] = DEMO_USERS.map(
    (user) => () => once(() => repo.createUser({ ...user, password: DEMO_PASSWORD })),
  );
  await first?.();
  await Promise.all(others.map((create) => create()));
  await once(() => repo.createApiClient(DEMO_CLIENT));
  return credentials;
}

/**
 * Production start-up: creates the `admin` user with the given password when there are
 * no users at all, so the first login is possible. Returns whether it created one.
 *
 * @example
 * if (await ensureFirstAdmin(users, config.adminPassword)) console.log('created user admin');
 */
export async function ensureFirstAdmin(repo: UserRepository, password: string): Promise<boolean> {
  if ((await repo.countUsers()) > 0) return false;
  return once(() =>
    repo.createUser({ username: 'admin', password, displayName: 'Admin', roles: ['admin'] }),
  );
}
