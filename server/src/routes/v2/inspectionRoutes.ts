/** Element instances, variables and incidents: searchable after their scope completes. */
import { Router } from 'express';
import {
  incidentResolutionSchema,
  setVariablesSchema,
} from '../../../../schemas/v2/requestSchemas';
import { ProblemError } from '../../http/ProblemError';
import { validateBody } from '../../http/validateBody';
import { elementInstanceSpec, incidentSpec, variableSpec } from './searchSpecs';
import { publicFields, runSearch } from './runSearch';
import type { V2Deps } from './V2Deps';
import { asNumber, keyParam, requireCan } from './routeHelpers';

export function inspectionRoutes(deps: V2Deps): Router {
  const router = Router();

  router.post('/element-instances/search', async (req, res) => {
    requireCan(res, 'instance.read.all');
    res.json(await runSearch(deps.c.elementInstances, req.body, elementInstanceSpec));
  });
  router.get('/element-instances/:elementInstanceKey', async (req, res) => {
    requireCan(res, 'instance.read.all');
    const key = keyParam(req, 'elementInstanceKey');
    const doc = await deps.c.elementInstances.findOne({ _id: key });
    if (!doc) throw ProblemError.notFound(`Element instance with key '${key}' not found`);
    res.json(publicFields(doc));
  });
  router.put('/element-instances/:elementInstanceKey/variables', async (req, res) => {
    requireCan(res, 'instance.cancel');
    const key = keyParam(req, 'elementInstanceKey');
    const body = validateBody<{ variables: Record<string, unknown>; local?: boolean | null }>(
      setVariablesSchema,
      req.body,
    );
    const row = await deps.c.elementInstances.findOne(
      { _id: key },
      { projection: { processInstanceKey: 1 } },
    );
    if (!row) throw ProblemError.notFound(`Element instance with key '${key}' not found`);
    await deps.engine.execute(row.processInstanceKey as string, {
      type: 'variables.set',
      elementInstanceKey: asNumber(key),
      variables: body.variables,
      local: body.local ?? false,
    });
    res.status(204).end();
  });

  router.post('/variables/search', async (req, res) => {
    requireCan(res, 'variable.read');
    res.json(
      await runSearch(deps.c.variables, req.body, variableSpec, {
        map: (doc) => ({ ...publicFields(doc), isTruncated: false }),
      }),
    );
  });
  router.get('/variables/:variableKey', async (req, res) => {
    requireCan(res, 'variable.read');
    const key = keyParam(req, 'variableKey');
    const doc = await deps.c.variables.findOne({ _id: key });
    if (!doc) throw ProblemError.notFound(`Variable with key '${key}' not found`);
    res.json(publicFields(doc));
  });

  router.post('/incidents/search', async (req, res) => {
    requireCan(res, 'incident.manage');
    res.json(await runSearch(deps.c.incidents, req.body, incidentSpec));
  });
  router.get('/incidents/:incidentKey', async (req, res) => {
    requireCan(res, 'incident.manage');
    const key = keyParam(req, 'incidentKey');
    const doc = await deps.c.incidents.findOne({ _id: key });
    if (!doc) throw ProblemError.notFound(`Incident with key '${key}' not found`);
    res.json(publicFields(doc));
  });
  router.post('/incidents/:incidentKey/resolution', async (req, res) => {
    requireCan(res, 'incident.manage');
    const key = keyParam(req, 'incidentKey');
    validateBody(incidentResolutionSchema, req.body);
    const doc = await deps.c.incidents.findOne(
      { _id: key },
      { projection: { processInstanceKey: 1 } },
    );
    if (!doc) throw ProblemError.notFound(`Incident with key '${key}' not found`);
    await deps.engine.execute(doc.processInstanceKey as string, {
      type: 'incident.resolve',
      incidentKey: asNumber(key),
    });
    res.status(204).end();
  });
  return router;
}
