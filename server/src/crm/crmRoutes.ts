/**
 * The CRM REST API under `/api` (D4): custom fields, clients, purchases, and the OpenAPI
 * document. Routes check the permission, validate through a service, and answer; client
 * answers carry `ETag: "<rev>"`.
 *
 *   GET  /openapi.json                  open
 *   /fields, /clients/…                 authenticated (createApp) → requireCrmPermission → services
 */
import express, { type Request, type Response, type Router } from 'express';
import { principalOf } from '../auth/basicAuth';
import { ProblemError } from '../http/ProblemError';
import type { ClientResource } from './clientDocuments';
import type { ClientService } from './ClientService';
import type { CustomFieldService } from './CustomFieldService';
import { actorOf, requireCrmPermission } from './crmPermissions';
import { etagOf, parseIfMatch } from './ifMatch';
import { crmOpenApiDocument } from './crmOpenApiDocument';
import type { PurchaseService } from './PurchaseService';

export interface CrmDeps {
  clients: ClientService;
  customFields: CustomFieldService;
  purchases: PurchaseService;
}

const CLIENT_ID = /^[0-9]{1,25}$/;

/** Routes open to everyone: the OpenAPI document. */
export function crmPublicRoutes(): Router {
  const router = express.Router();
  const document = JSON.stringify(crmOpenApiDocument());
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  return router;
}

/** The authenticated CRM routes; mount behind `authenticate`. */
export function crmRoutes(deps: CrmDeps): Router {
  const router = express.Router();
  const read = requireCrmPermission('client.read');
  const write = requireCrmPermission('client.write');
  const manageFields = requireCrmPermission('customField.manage');

  router.get('/fields', read, async (_req, res) => {
    res.json({ items: await deps.customFields.list() });
  });
  router.post('/fields', manageFields, async (req, res) => {
    res.status(201).json(await deps.customFields.create(req.body, actor(res).name));
  });
  router.delete('/fields/:name', manageFields, async (req, res) => {
    await deps.customFields.remove(String(req.params.name), actor(res).name);
    res.status(204).end();
  });

  router.get('/clients', read, async (req, res) => {
    res.json(await deps.clients.search(searchFromQuery(req)));
  });
  router.post('/clients', write, async (req, res) => {
    const client = await deps.clients.create(req.body, actor(res));
    res.status(201).location(`${req.baseUrl}/clients/${client.id}`);
    sendClient(res, client);
  });
  router.post('/clients/search', read, async (req, res) => {
    res.json(await deps.clients.search(req.body));
  });
  router.get('/clients/:id', read, async (req, res) => {
    sendClient(res, await deps.clients.get(clientId(req)));
  });
  router.patch('/clients/:id', write, async (req, res) => {
    const options = { actor: actor(res), ifMatch: parseIfMatch(req.get('if-match')) };
    sendClient(res, await deps.clients.update(clientId(req), req.body, options));
  });
  router.delete('/clients/:id', write, async (req, res) => {
    const options = { actor: actor(res), ifMatch: parseIfMatch(req.get('if-match')) };
    sendClient(res, await deps.clients.archive(clientId(req), options));
  });

  router.get('/clients/:id/purchases', read, async (req, res) => {
    const limit = Number(req.query.limit ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw ProblemError.badRequest('limit must be an integer from 1 to 1000.', [
        { message: 'limit is out of range' },
      ]);
    res.json(await deps.purchases.list(clientId(req), limit));
  });
  router.post('/clients/:id/purchases', write, async (req, res) => {
    res.status(201).json(await deps.purchases.create(clientId(req), req.body, actor(res).name));
  });

  router.use((req, _res, next) =>
    next(ProblemError.notFound(`No endpoint ${req.method} ${req.path} under /api.`)),
  );
  return router;
}

function actor(res: Response) {
  return actorOf(principalOf(res)!);
}

function clientId(req: Request): string {
  const id = String(req.params.id);
  if (!CLIENT_ID.test(id)) throw ProblemError.notFound(`No client with id ${id.slice(0, 40)}.`);
  return id;
}

function sendClient(res: Response, client: ClientResource) {
  res.set('ETag', etagOf(client.rev)).json(client);
}

/** `GET /api/clients?q=&includeArchived=true&limit=&after=` as a search body. */
function searchFromQuery(req: Request): Record<string, unknown> {
  const { q, includeArchived, limit, after } = req.query;
  const page: Record<string, unknown> = {};
  if (typeof limit === 'string') page.limit = /^[0-9]{1,6}$/.test(limit) ? Number(limit) : limit;
  if (typeof after === 'string') page.after = after;
  return {
    ...(typeof q === 'string' ? { q } : {}),
    ...(includeArchived === 'true' ? { includeArchived: true } : {}),
    page,
  };
}
