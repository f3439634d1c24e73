/**
 * User administration under `/api` (M8), for admins only (`user.manage`). Routes check the
 * permission, hand the body to one service method, and answer.
 *
 *   GET   /users                 the users (no passwords)
 *   POST  /users                 create a user with roles and groups
 *   GET   /users/{username}      one user
 *   PATCH /users/{username}      change name, email, roles, groups; reset the password
 *   GET   /groups                the groups
 *   POST  /groups                create a group
 */
import express, { type Router } from 'express';
import { requirePermission } from '../auth/basicAuth';
import type { UserAdminService } from './UserAdminService';

/**
 * The authenticated admin routes; mount behind `authenticate` and before any router that
 * answers unknown `/api` paths with 404.
 *
 * @example
 * app.use('/api', adminRoutes(new UserAdminService(users)));
 */
export function adminRoutes(service: UserAdminService): Router {
  const router = express.Router();
  const manage = requirePermission('user.manage');

  router.get('/users', manage, async (_req, res) => {
    res.json({ items: await service.listUsers() });
  });
  router.post('/users', manage, async (req, res) => {
    const user = await service.createUser(req.body);
    res.status(201).location(`${req.baseUrl}/users/${user.username}`).json(user);
  });
  router.get('/users/:username', manage, async (req, res) => {
    res.json(await service.getUser(String(req.params.username)));
  });
  router.patch('/users/:username', manage, async (req, res) => {
    res.json(await service.updateUser(String(req.params.username), req.body));
  });

  router.get('/groups', manage, async (_req, res) => {
    res.json({ items: await service.listGroups() });
  });
  router.post('/groups', manage, async (req, res) => {
    res.status(201).json(await service.createGroup(req.body));
  });
  return router;
}
