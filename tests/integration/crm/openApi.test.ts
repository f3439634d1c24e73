// The OpenAPI 3.1 document of /api, served without credentials: every route the CRM
// router registers is in it, and it documents nothing the router does not serve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../../../server/src/admin/adminRoutes';
import type { UserAdminService } from '../../../server/src/admin/UserAdminService';
import { crmPublicRoutes, crmRoutes, type CrmDeps } from '../../../server/src/crm/crmRoutes';
import { backends } from '../../support/backends';
import { routesOf } from '../../unit/server/crm/routesOf';
import { startCrmServer, type CrmServer } from './crmTestKit';

describe.each(backends())('/api/openapi.json on $name', ({ uri }) => {
  let crm: CrmServer;

  beforeAll(async () => {
    crm = await startCrmServer(uri, 'openapi');
  });

  afterAll(async () => {
    await crm?.server.close();
  });

  it('serves the document without credentials, listing every route of the router', async () => {
    // given: the routes as express holds them (nothing is called, so no services are needed)
    const routes = [
      ...routesOf(crmPublicRoutes()),
      ...routesOf(adminRoutes({} as UserAdminService)),
      ...routesOf(crmRoutes({} as CrmDeps)),
    ];

    // when
    const served = await crm.api.as(null).get('/openapi.json');

    // then
    expect(served.status).toBe(200);
    expect(served.body.openapi).toBe('3.1.0');
    expect(served.body.servers).toEqual([{ url: '/api' }]);
    const documented = Object.entries(served.body.paths as Record<string, object>).flatMap(
      ([path, item]) =>
        Object.keys(item)
          .filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
          .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.length).toBeGreaterThanOrEqual(11);
    expect([...documented].sort()).toEqual([...routes].sort());
  });
});
