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
import { CRM_TASK_TYPES } from '../crmTasks/registry';
import type { InteractionService } from './InteractionService';
import type { PurchaseService } from './PurchaseService';

/** The process instances bound to a client (M4), newest first, as the card lists them. */
export interface BoundInstances {
  boundTo(clientId: string, limit: number): Promise<BoundInstanceResource[]>;
}

export interface BoundInstanceResource {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionName: string | null;
  processDefinitionVersion: number;
  state: string;
  startDate: string;
  endDate: string | null;
  hasIncident: boolean;
}

export interface CrmDeps {
  clients: ClientService;
  customFields: CustomFieldService;
  purchases: PurchaseService;
  interactions: InteractionService;
  instances: BoundInstances;
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
  router.patch('/fields/:name', manageFields, async (req, res) => {
    res.json(await deps.customFields.update(String(req.params.name), req.body));
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
    res.json(await deps.purchases.list(clientId(req), limitOf(req, 1000)));
  });
  router.post('/clients/:id/purchases', write, async (req, res) => {
    res.status(201).json(await deps.purchases.create(clientId(req), req.body, actor(res).name));
  });

  router.get('/clients/:id/interactions', read, async (req, res) => {
    res.json(await deps.interactions.list(clientId(req), limitOf(req, 500)));
  });
  router.post('/clients/:id/interactions', write, async (req, res) => {
    const created = await deps.interactions.create(clientId(req), req.body, actor(res).name);
    res.status(201).json(created);
  });

  router.get('/task-types', read, (_req, res) => {
    res.json({
      items: CRM_TASK_TYPES.map(({ type, name, description, inputSchema, elementTemplate }) => ({
        type,
        name,
        description,
        inputSchema,
        elementTemplate,
      })),
    });
  });

  router.get('/clients/:id/process-instances', read, async (req, res) => {
    const id = clientId(req);
    await deps.clients.get(id);
    res.json({ items: await deps.instances.boundTo(id, limitOf(req, 500)) });
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

/** The `limit` query parameter: 1 to `max`, 100 when absent. */
function limitOf(req: Request, max: number): number {
  const limit = Number(req.query.limit ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw ProblemError.badRequest(`limit must be an integer from 1 to ${max}.`, [
      { pointer: 'limit', message: 'limit is out of range' },
    ]);
  return limit;
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
