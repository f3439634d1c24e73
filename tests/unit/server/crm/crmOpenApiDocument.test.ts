// The OpenAPI document covers every route the CRM router registers (walked from the
// express stack), and its schemas are JSON Schemas ajv compiles.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { crmOpenApiDocument } from '../../../../server/src/crm/crmOpenApiDocument';
import { adminRoutes } from '../../../../server/src/admin/adminRoutes';
import type { UserAdminService } from '../../../../server/src/admin/UserAdminService';
import { crmPublicRoutes, crmRoutes, type CrmDeps } from '../../../../server/src/crm/crmRoutes';
import { routesOf } from './routesOf';

const document = crmOpenApiDocument() as any;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

describe('crmOpenApiDocument', () => {
  it('documents exactly the routes the router registers', () => {
    // given
    const routes = [
      ...routesOf(crmPublicRoutes()),
      ...routesOf(adminRoutes({} as UserAdminService)),
      ...routesOf(crmRoutes({} as CrmDeps)),
    ];

    // when
    const documented = Object.entries(document.paths as Record<string, object>).flatMap(
      ([path, item]) =>
        Object.keys(item)
          .filter((key) => METHODS.includes(key))
          .map((method) => `${method.toUpperCase()} ${path}`),
    );

    // then
    expect(routes).toContain('PATCH /clients/{id}');
    expect(routes).toContain('GET /openapi.json');
    expect([...documented].sort()).toEqual([...routes].sort());
  });

  it('declares every path parameter it templates', () => {
    for (const [path, item] of Object.entries(document.paths as Record<string, any>)) {
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1])) {
        for (const method of METHODS.filter((m) => item[m])) {
          const parameters = [...(item.parameters ?? []), ...(item[method].parameters ?? [])];
          expect(
            parameters.some((p: any) => p.in === 'path' && p.name === name),
            `${method} ${path}`,
          ).toBe(true);
        }
      }
    }
  });

  it('has component schemas ajv compiles and $refs that resolve', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addFormat('date-or-date-time', true);
    ajv.addFormat('email', true);
    ajv.addFormat('date-time', true);
    for (const [name, schema] of Object.entries(
      document.components.schemas as Record<string, object>,
    )) {
      ajv.addSchema(schema, `#/components/schemas/${name}`);
    }
    for (const name of Object.keys(document.components.schemas)) {
      expect(() => ajv.getSchema(`#/components/schemas/${name}`), name).not.toThrow();
    }
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)];
    for (const [, name] of refs) expect(document.components.schemas, name).toHaveProperty(name!);
  });
});
