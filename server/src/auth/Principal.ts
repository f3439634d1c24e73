/** The roles a person can hold; API clients hold `worker` only. */
export const USER_ROLES = ['admin', 'analyst', 'staff'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export type Role = UserRole | 'worker';

/** Who is making a request: a person (basic auth or, later, a browser session) or an API client. */
export type Principal =
  | {
      kind: 'user';
      username: string;
      displayName: string | null;
      email: string | null;
      roles: UserRole[];
      groups: string[];
    }
  | { kind: 'client'; clientId: string; roles: ['worker']; groups: [] };

export const PERMISSIONS = [
  'deployment.create',
  'definition.read',
  /** Start an instance of any definition (staff start through {@link canStartDefinition}). */
  'instance.create',
  'instance.read.all',
  'instance.cancel',
  /** Activate, complete, fail, throw errors on and update jobs. */
  'job.work',
  /** Search and inspect jobs. */
  'job.read',
  'message.publish',
  'signal.broadcast',
  'userTask.read.all',
  /** Claim, release and complete user tasks, subject to the per-task rules below. */
  'userTask.work',
  'variable.read',
  'incident.manage',
  'clock.manage',
  'user.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What each role may do. Admins may do everything. Analysts deploy, start, inspect and
 * cancel, and may work tasks to try their processes, but do no job work, no user admin
 * and no clock control. Staff work user tasks (and start the definitions offered to
 * their groups). Workers are API clients running jobs and driving processes.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  analyst: [
    'deployment.create',
    'definition.read',
    'instance.create',
    'instance.read.all',
    'instance.cancel',
    'job.read',
    'message.publish',
    'signal.broadcast',
    'userTask.read.all',
    'userTask.work',
    'variable.read',
    'incident.manage',
  ],
  staff: ['userTask.work'],
  worker: ['job.work', 'message.publish', 'signal.broadcast', 'instance.create'],
};

/** The user-task fields the per-task rules look at. */
export interface TaskAudience {
  assignee: string | null;
  candidateGroups: readonly string[];
  candidateUsers: readonly string[];
}

/**
 * Whether any of the principal's roles grants the permission.
 *
 * @example
 * can(principal, 'deployment.create'); // true for admin and analyst
 */
export function can(principal: Principal, permission: Permission): boolean {
  return principal.roles.some((role: Role) => ROLE_PERMISSIONS[role]?.includes(permission));
}

/** The name the principal acts under: a username or a client id. */
export function principalName(principal: Principal): string {
  return principal.kind === 'user' ? principal.username : principal.clientId;
}

/**
 * Whether the principal may start an instance of this definition: anyone with
 * `instance.create`, and staff when one of their groups is in `startableByGroups`.
 *
 * @example
 * canStartDefinition(staff, { startableByGroups: ['sales'] });
 */
export function canStartDefinition(
  principal: Principal,
  definition: { startableByGroups: readonly string[] },
): boolean {
  if (can(principal, 'instance.create')) return true;
  return (
    principal.kind === 'user' &&
    principal.roles.includes('staff') &&
    principal.groups.some((group) => definition.startableByGroups.includes(group))
  );
}

/**
 * Whether the task shows in the principal's inbox: admins and analysts see every task;
 * staff see tasks assigned to them, and unassigned tasks offered to them as a candidate
 * user or through one of their groups.
 *
 * @example
 * taskVisibleTo(staff, { assignee: null, candidateGroups: ['sales'], candidateUsers: [] });
 */
export function taskVisibleTo(principal: Principal, task: TaskAudience): boolean {
  if (can(principal, 'userTask.read.all')) return true;
  if (principal.kind !== 'user' || !can(principal, 'userTask.work')) return false;
  if (task.assignee) return task.assignee === principal.username;
  return (
    task.candidateUsers.includes(principal.username) ||
    task.candidateGroups.some((group) => principal.groups.includes(group))
  );
}

/**
 * Whether the principal may assign the task to `assignee`: staff only to themselves and
 * only a task they can see; admins and analysts to anyone.
 *
 * @example
 * mayClaim(staff, task, 'staff'); // claim for oneself
 */
export function mayClaim(principal: Principal, task: TaskAudience, assignee: string): boolean {
  if (!can(principal, 'userTask.work')) return false;
  if (can(principal, 'userTask.read.all')) return true;
  return (
    principal.kind === 'user' && assignee === principal.username && taskVisibleTo(principal, task)
  );
}

/**
 * Whether the principal may unassign (release) the task: staff only their own tasks;
 * admins and analysts any task.
 */
export function mayRelease(principal: Principal, task: TaskAudience): boolean {
  return mayComplete(principal, task);
}

/**
 * Whether the principal may complete the task: staff only tasks assigned to them;
 * admins and analysts any task.
 *
 * @example
 * mayComplete(staff, { assignee: 'staff', candidateGroups: [], candidateUsers: [] }); // true
 */
export function mayComplete(principal: Principal, task: TaskAudience): boolean {
  if (!can(principal, 'userTask.work')) return false;
  if (can(principal, 'userTask.read.all')) return true;
  return principal.kind === 'user' && task.assignee === principal.username;
}
