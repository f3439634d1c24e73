/**
 * CRM permissions, kept beside the CRM until they move into `auth/Principal.ts`
 * (`PERMISSIONS` and `ROLE_PERMISSIONS`). Admins manage custom fields; admins, analysts
 * and staff read and write clients (staff: every client, for now); API clients (the
 * `worker` role) read and update clients, so CRM task workers can.
 */
import type { RequestHandler } from 'express';
import { principalOf } from '../auth/basicAuth';
import { principalName, type Principal, type Role } from '../auth/Principal';
import { ProblemError } from '../http/ProblemError';
import type { Actor } from './ClientService';

export const CRM_PERMISSIONS = ['client.read', 'client.write', 'customField.manage'] as const;
export type CrmPermission = (typeof CRM_PERMISSIONS)[number];

export const CRM_ROLE_PERMISSIONS: Readonly<Record<Role, readonly CrmPermission[]>> = {
  admin: CRM_PERMISSIONS,
  analyst: ['client.read', 'client.write'],
  staff: ['client.read', 'client.write'],
  worker: ['client.read', 'client.write'],
};

/**
 * Whether any of the principal's roles grants the CRM permission.
 *
 * @example
 * canCrm(staff, 'customField.manage'); // false
 */
export function canCrm(principal: Principal, permission: CrmPermission): boolean {
  return principal.roles.some((role: Role) => CRM_ROLE_PERMISSIONS[role]?.includes(permission));
}

/**
 * 401 without a principal (authenticate runs first), 403 without the permission.
 *
 * @example
 * router.post('/fields', requireCrmPermission('customField.manage'), createField);
 */
export function requireCrmPermission(permission: CrmPermission): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (!principal) throw ProblemError.unauthorized('Credentials are missing.');
    if (!canCrm(principal, permission))
      throw ProblemError.forbidden(`Missing permission '${permission}'.`);
    next();
  };
}

/** The writer of a request, for the audit trail and a new client's default owner. */
export function actorOf(principal: Principal): Actor {
  const name = principalName(principal);
  return principal.kind === 'user' ? { name, username: principal.username } : { name };
}
