import { describe, expect, it } from 'vitest';
import {
  PERMISSIONS,
  can,
  canStartDefinition,
  mayClaim,
  mayComplete,
  mayRelease,
  principalName,
  taskVisibleTo,
  type Permission,
  type Principal,
  type TaskAudience,
  type UserRole,
} from '../../../../server/src/auth/Principal';

function user(username: string, roles: UserRole[], groups: string[] = []): Principal {
  return { kind: 'user', username, displayName: null, email: null, roles, groups };
}

const admin = user('admin', ['admin']);
const analyst = user('analyst', ['analyst']);
const staff = user('staff', ['staff'], ['sales', 'service']);
const worker: Principal = {
  kind: 'client',
  clientId: 'demo-worker',
  roles: ['worker'],
  groups: [],
};

function task(overrides: Partial<TaskAudience> = {}): TaskAudience {
  return { assignee: null, candidateGroups: [], candidateUsers: [], ...overrides };
}

describe('can', () => {
  it('lets an admin do everything', () => {
    for (const permission of PERMISSIONS) expect(can(admin, permission)).toBe(true);
  });

  const expected: Record<Permission, [analyst: boolean, staff: boolean, worker: boolean]> = {
    'deployment.create': [true, false, false],
    'definition.read': [true, false, false],
    'instance.create': [true, false, true],
    'instance.read.all': [true, false, false],
    'instance.cancel': [true, false, false],
    'job.work': [false, false, true],
    'job.read': [true, false, false],
    'message.publish': [true, false, true],
    'signal.broadcast': [true, false, true],
    'userTask.read.all': [true, false, false],
    'userTask.work': [true, true, false],
    'variable.read': [true, false, false],
    'incident.manage': [true, false, false],
    'clock.manage': [false, false, false],
    'user.manage': [false, false, false],
  };

  it.each(Object.entries(expected))(
    'grants %s to analyst/staff/worker as %j',
    (permission, [forAnalyst, forStaff, forWorker]) => {
      expect(can(analyst, permission as Permission)).toBe(forAnalyst);
      expect(can(staff, permission as Permission)).toBe(forStaff);
      expect(can(worker, permission as Permission)).toBe(forWorker);
    },
  );

  it('covers every permission in the table above', () => {
    expect(Object.keys(expected).sort()).toEqual([...PERMISSIONS].sort());
  });

  it('unites the permissions of several roles', () => {
    // given
    const both = user('lead', ['staff', 'analyst']);

    // then
    expect(can(both, 'deployment.create')).toBe(true);
    expect(can(both, 'userTask.work')).toBe(true);
    expect(can(both, 'user.manage')).toBe(false);
  });

  it('grants nothing to a user without roles', () => {
    const nobody = user('nobody', []);
    for (const permission of PERMISSIONS) expect(can(nobody, permission)).toBe(false);
  });
});

describe('principalName', () => {
  it('names users by username and clients by client id', () => {
    expect(principalName(staff)).toBe('staff');
    expect(principalName(worker)).toBe('demo-worker');
  });
});

describe('canStartDefinition', () => {
  const salesOnly = { startableByGroups: ['sales'] };
  const nobody = { startableByGroups: [] };

  it('lets admins, analysts and workers start any definition', () => {
    for (const principal of [admin, analyst, worker]) {
      expect(canStartDefinition(principal, nobody)).toBe(true);
    }
  });

  it('lets staff start a definition offered to one of their groups', () => {
    expect(canStartDefinition(staff, salesOnly)).toBe(true);
    expect(canStartDefinition(staff, { startableByGroups: ['marketing', 'service'] })).toBe(true);
  });

  it('refuses staff a definition offered to other groups or to none', () => {
    expect(canStartDefinition(staff, { startableByGroups: ['supervisors'] })).toBe(false);
    expect(canStartDefinition(staff, nobody)).toBe(false);
  });

  it('refuses a user without the staff role even in a matching group', () => {
    expect(canStartDefinition(user('guest', [], ['sales']), salesOnly)).toBe(false);
  });
});

describe('taskVisibleTo', () => {
  it('shows every task to admins and analysts', () => {
    const theirs = task({ assignee: 'someone-else' });
    expect(taskVisibleTo(admin, theirs)).toBe(true);
    expect(taskVisibleTo(analyst, theirs)).toBe(true);
    expect(taskVisibleTo(analyst, task())).toBe(true);
  });

  it('shows staff a task assigned to them, whatever its candidates', () => {
    expect(taskVisibleTo(staff, task({ assignee: 'staff', candidateGroups: ['other'] }))).toBe(
      true,
    );
  });

  it('hides from staff a task assigned to someone else, even in their group', () => {
    expect(taskVisibleTo(staff, task({ assignee: 'bob', candidateGroups: ['sales'] }))).toBe(false);
  });

  it('shows staff an unassigned task offered to one of their groups', () => {
    expect(taskVisibleTo(staff, task({ candidateGroups: ['service'] }))).toBe(true);
  });

  it('shows staff an unassigned task offered to them as a candidate user', () => {
    expect(taskVisibleTo(staff, task({ candidateUsers: ['staff'] }))).toBe(true);
  });

  it('hides from staff an unassigned task offered to others', () => {
    expect(taskVisibleTo(staff, task({ candidateGroups: ['supervisors'] }))).toBe(false);
    expect(taskVisibleTo(staff, task({ candidateUsers: ['bob'] }))).toBe(false);
    expect(taskVisibleTo(staff, task())).toBe(false);
  });

  it('shows no task to an API client', () => {
    expect(taskVisibleTo(worker, task({ candidateUsers: ['demo-worker'] }))).toBe(false);
  });
});

describe('mayClaim', () => {
  const offeredToSales = task({ candidateGroups: ['sales'] });

  it('lets staff claim a task they can see for themselves', () => {
    expect(mayClaim(staff, offeredToSales, 'staff')).toBe(true);
    expect(mayClaim(staff, task({ candidateUsers: ['staff'] }), 'staff')).toBe(true);
  });

  it('refuses staff claiming for somebody else', () => {
    expect(mayClaim(staff, offeredToSales, 'bob')).toBe(false);
  });

  it('refuses staff a task they cannot see', () => {
    expect(mayClaim(staff, task({ candidateGroups: ['supervisors'] }), 'staff')).toBe(false);
    expect(mayClaim(staff, task({ assignee: 'bob', candidateGroups: ['sales'] }), 'staff')).toBe(
      false,
    );
  });

  it('lets admins and analysts assign any task to anyone', () => {
    const theirs = task({ assignee: 'bob', candidateGroups: ['supervisors'] });
    expect(mayClaim(admin, theirs, 'staff')).toBe(true);
    expect(mayClaim(analyst, theirs, 'carol')).toBe(true);
  });

  it('refuses API clients', () => {
    expect(mayClaim(worker, offeredToSales, 'demo-worker')).toBe(false);
  });
});

describe('mayComplete and mayRelease', () => {
  it('let staff complete and release only tasks assigned to them', () => {
    const mine = task({ assignee: 'staff' });
    const offered = task({ candidateGroups: ['sales'] });
    const theirs = task({ assignee: 'bob', candidateGroups: ['sales'] });
    expect(mayComplete(staff, mine)).toBe(true);
    expect(mayComplete(staff, offered)).toBe(false);
    expect(mayComplete(staff, theirs)).toBe(false);
    expect(mayRelease(staff, mine)).toBe(true);
    expect(mayRelease(staff, theirs)).toBe(false);
  });

  it('let admins and analysts complete and release any task', () => {
    const theirs = task({ assignee: 'bob' });
    for (const principal of [admin, analyst]) {
      expect(mayComplete(principal, theirs)).toBe(true);
      expect(mayComplete(principal, task())).toBe(true);
      expect(mayRelease(principal, theirs)).toBe(true);
    }
  });

  it('refuse API clients', () => {
    expect(mayComplete(worker, task({ assignee: 'demo-worker' }))).toBe(false);
  });
});
