import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../../server/src/auth/Principal';
import { actorOf, canCrm } from '../../../../server/src/crm/crmPermissions';

const user = (roles: ('admin' | 'analyst' | 'staff')[]): Principal => ({
  kind: 'user',
  username: roles.join('-'),
  displayName: null,
  email: null,
  roles,
  groups: [],
});
const worker: Principal = { kind: 'client', clientId: 'crm-bot', roles: ['worker'], groups: [] };

describe('CRM permissions', () => {
  it('lets only admins manage custom fields', () => {
    expect(canCrm(user(['admin']), 'customField.manage')).toBe(true);
    for (const principal of [user(['analyst']), user(['staff']), worker]) {
      expect(canCrm(principal, 'customField.manage')).toBe(false);
    }
  });

  it('lets every role read and write clients', () => {
    for (const principal of [user(['admin']), user(['analyst']), user(['staff']), worker]) {
      expect(canCrm(principal, 'client.read')).toBe(true);
      expect(canCrm(principal, 'client.write')).toBe(true);
    }
    expect(canCrm(user([]), 'client.read')).toBe(false);
  });

  it('names the actor, with a username only for people', () => {
    expect(actorOf(user(['staff']))).toEqual({ name: 'staff', username: 'staff' });
    expect(actorOf(worker)).toEqual({ name: 'crm-bot' });
  });
});
