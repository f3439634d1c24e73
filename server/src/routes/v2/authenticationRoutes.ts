import { Router } from 'express';
import { principalOf, requirePrincipal } from '../../auth/basicAuth';
import type { Principal } from '../../auth/Principal';

/** Camunda's `CamundaUserResult` (8.9 shape: every field present, `null` when empty). */
export interface CamundaUserResult {
  username: string;
  displayName: string | null;
  email: string | null;
  authorizedComponents: string[];
  tenants: { tenantId: string; name: string; description: string | null }[];
  groups: string[];
  roles: string[];
  salesPlanType: string | null;
  c8Links: Record<string, string>;
  canLogout: boolean;
}

/** The parts of the browser app (D5) each role opens; `*` is all of them. */
const COMPONENTS_BY_ROLE: Record<string, string[]> = {
  admin: ['*'],
  analyst: ['modeler', 'monitor', 'analytics', 'tasks', 'clients'],
  staff: ['tasks', 'clients'],
  worker: [],
};

const DEFAULT_TENANT = { tenantId: '<default>', name: 'Default', description: null };

/** Maps a principal to Camunda's `GET /authentication/me` answer. */
export function toCamundaUser(principal: Principal): CamundaUserResult {
  const components = new Set(principal.roles.flatMap((role) => COMPONENTS_BY_ROLE[role] ?? []));
  const isUser = principal.kind === 'user';
  return {
    username: isUser ? principal.username : principal.clientId,
    displayName: isUser ? principal.displayName : principal.clientId,
    email: isUser ? principal.email : null,
    authorizedComponents: components.has('*') ? ['*'] : [...components],
    tenants: [DEFAULT_TENANT],
    groups: [...principal.groups],
    roles: [...principal.roles],
    salesPlanType: null,
    c8Links: {},
    // Basic-auth clients have nothing to log out of; people do (sessions come later).
    canLogout: isUser,
  };
}

/**
 * `GET /authentication/me`: who the caller is, in Camunda's shape. Mount it after
 * `authenticate`; a request without a principal gets 401.
 *
 * @example
 * app.use('/v2', authenticate({ users, required: true }), authenticationRoutes());
 */
export function authenticationRoutes(): Router {
  const router = Router();
  router.get('/authentication/me', requirePrincipal(), (_req, res) => {
    res.json(toCamundaUser(principalOf(res) as Principal));
  });
  return router;
}
