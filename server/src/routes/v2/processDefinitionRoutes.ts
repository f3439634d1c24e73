import { Router } from 'express';
import { processDefinitionGroupsSchema } from '../../../../schemas/v2/requestSchemas';
import { ProblemError } from '../../http/ProblemError';
import { validateBody } from '../../http/validateBody';
import { NOT_DELETED, type DefinitionRecord } from '../../storage/DefinitionRepository';
import { processDefinitionSpec } from './searchSpecs';
import { andAll, publicFields, runSearch } from './runSearch';
import type { V2Deps } from './V2Deps';
import { can } from '../../auth/Principal';
import { keyParam, principal, requireCan } from './routeHelpers';

export const toDefinitionResult = (record: DefinitionRecord) => ({
  name: record.name,
  resourceName: record.resourceName,
  version: record.version,
  versionTag: record.versionTag,
  processDefinitionId: record.processDefinitionId,
  tenantId: record.tenantId,
  processDefinitionKey: record.processDefinitionKey,
  hasStartForm: record.hasStartForm,
  state: record.state,
  startableByGroups: record.startableByGroups,
});

export function processDefinitionRoutes(deps: V2Deps): Router {
  const router = Router();
  router.post('/process-definitions/search', async (req, res) => {
    // Staff see the definitions their groups may start, so they know what they can start.
    const who = principal(res);
    const startable =
      can(who, 'definition.read') || who.kind !== 'user'
        ? undefined
        : { startableByGroups: { $elemMatch: { $in: who.groups } } };
    if (!startable && !can(who, 'definition.read')) throw ProblemError.forbidden();
    res.json(
      await runSearch(deps.c.processDefinitions, req.body, processDefinitionSpec, {
        baseFilter: andAll(NOT_DELETED, startable),
        map: (doc) => toDefinitionResult(publicFields(doc) as DefinitionRecord),
      }),
    );
  });
  router.get('/process-definitions/:processDefinitionKey', async (req, res) => {
    requireCan(res, 'definition.read');
    const record = await deps.definitions.record(keyParam(req, 'processDefinitionKey'));
    if (!record)
      throw ProblemError.notFound(
        `Process definition with key '${req.params.processDefinitionKey}' not found`,
      );
    res.json(toDefinitionResult(record));
  });
  router.get('/process-definitions/:processDefinitionKey/xml', async (req, res) => {
    requireCan(res, 'definition.read');
    const xml = await deps.definitions.xml(keyParam(req, 'processDefinitionKey'));
    if (xml === null)
      throw ProblemError.notFound(
        `Process definition with key '${req.params.processDefinitionKey}' not found`,
      );
    res.type('text/xml').send(xml);
  });
  /** Relata extension: which groups' staff may start the definition (analysts set it). */
  router.put('/process-definitions/:processDefinitionKey/startable-by-groups', async (req, res) => {
    requireCan(res, 'deployment.create');
    const key = keyParam(req, 'processDefinitionKey');
    const body = validateBody<{ startableByGroups: string[] }>(
      processDefinitionGroupsSchema,
      req.body,
    );
    if (!(await deps.definitions.record(key)))
      throw ProblemError.notFound(`Process definition with key '${key}' not found`);
    await deps.definitions.setStartableByGroups(key, body.startableByGroups);
    res.status(204).end();
  });
  return router;
}
