/**
 * Decisions under `/v2` (Camunda 8.8 shapes): searching and reading decision definitions and
 * decision requirements graphs, their DMN XML, and evaluating a decision.
 *
 * Permissions: reading is `definition.read`, as for process definitions (admins, analysts).
 * Evaluating is `instance.create` (admins, analysts, API clients), as starting a process: in
 * Camunda an evaluation creates a decision instance (`CREATE_DECISION_INSTANCE`).
 */
import { Router } from 'express';
import type { Document } from 'mongodb';
import { decisionEvaluationSchema } from '../../../../schemas/v2/requestSchemas';
import type { DecisionSelector } from '../../engine/DecisionService';
import { ProblemError } from '../../http/ProblemError';
import { validateBody, variablesOf } from '../../http/validateBody';
import type {
  DecisionDefinitionRecord,
  DecisionRequirementsRecord,
} from '../../storage/DecisionRepository';
import { keyParam, requireCan, requireDefaultTenant } from './routeHelpers';
import { runSearch } from './runSearch';
import { decisionDefinitionSpec, decisionRequirementsSpec } from './searchSpecs';
import type { V2Deps } from './V2Deps';

/** Camunda's `DecisionDefinitionResult`. */
export const toDecisionDefinitionResult = (record: DecisionDefinitionRecord | Document) => ({
  decisionDefinitionId: record.decisionDefinitionId as string,
  name: record.name as string,
  version: record.version as number,
  decisionRequirementsId: record.decisionRequirementsId as string,
  tenantId: record.tenantId as string,
  decisionDefinitionKey: record.decisionDefinitionKey as string,
  decisionRequirementsKey: record.decisionRequirementsKey as string,
});

/** Camunda's `DecisionRequirementsResult`. */
export const toDecisionRequirementsResult = (record: DecisionRequirementsRecord | Document) => ({
  decisionRequirementsName: record.decisionRequirementsName as string,
  version: record.version as number,
  decisionRequirementsId: record.decisionRequirementsId as string,
  resourceName: record.resourceName as string,
  tenantId: record.tenantId as string,
  decisionRequirementsKey: record.decisionRequirementsKey as string,
});

const NOT_DELETED = { deleted: { $ne: true } };

interface EvaluationBody {
  decisionDefinitionId?: string;
  decisionDefinitionKey?: string | number;
  variables?: Record<string, unknown> | null;
  tenantId?: string | null;
}

export function decisionRoutes(deps: V2Deps): Router {
  const router = Router();
  const { decisions } = deps;

  router.post('/decision-definitions/search', async (req, res) => {
    requireCan(res, 'definition.read');
    res.json(
      await runSearch(deps.c.decisionDefinitions, req.body, decisionDefinitionSpec, {
        baseFilter: NOT_DELETED,
        map: toDecisionDefinitionResult,
      }),
    );
  });

  router.post('/decision-definitions/evaluation', async (req, res) => {
    requireCan(res, 'instance.create');
    const body = validateBody<EvaluationBody>(decisionEvaluationSchema, req.body);
    requireDefaultTenant(body.tenantId, '/tenantId');
    res.json(await deps.decisionService.evaluate(selectorOf(body), variablesOf(body.variables)));
  });

  router.get('/decision-definitions/:decisionDefinitionKey', async (req, res) => {
    requireCan(res, 'definition.read');
    const key = keyParam(req, 'decisionDefinitionKey');
    const record = await decisions.record(key);
    if (!record) throw ProblemError.notFound(`Decision definition with key '${key}' not found`);
    res.json(toDecisionDefinitionResult(record));
  });

  router.get('/decision-definitions/:decisionDefinitionKey/xml', async (req, res) => {
    requireCan(res, 'definition.read');
    const key = keyParam(req, 'decisionDefinitionKey');
    const record = await decisions.record(key);
    const xml = record && (await decisions.requirementsXml(record.decisionRequirementsKey));
    if (!xml) throw ProblemError.notFound(`Decision definition with key '${key}' not found`);
    res.type('text/xml').send(xml);
  });

  router.post('/decision-requirements/search', async (req, res) => {
    requireCan(res, 'definition.read');
    res.json(
      await runSearch(deps.c.decisionRequirements, req.body, decisionRequirementsSpec, {
        baseFilter: NOT_DELETED,
        map: toDecisionRequirementsResult,
      }),
    );
  });

  router.get('/decision-requirements/:decisionRequirementsKey', async (req, res) => {
    requireCan(res, 'definition.read');
    const key = keyParam(req, 'decisionRequirementsKey');
    const record = await decisions.requirements(key);
    if (!record) throw ProblemError.notFound(`Decision requirements with key '${key}' not found`);
    res.json(toDecisionRequirementsResult(record));
  });

  router.get('/decision-requirements/:decisionRequirementsKey/xml', async (req, res) => {
    requireCan(res, 'definition.read');
    const key = keyParam(req, 'decisionRequirementsKey');
    const xml = await decisions.requirementsXml(key);
    if (xml === null)
      throw ProblemError.notFound(`Decision requirements with key '${key}' not found`);
    res.type('text/xml').send(xml);
  });
  return router;
}

/** Exactly one of `decisionDefinitionId` and `decisionDefinitionKey`, as Camunda asks. */
function selectorOf(body: EvaluationBody): DecisionSelector {
  const hasKey = body.decisionDefinitionKey !== undefined && body.decisionDefinitionKey !== null;
  if (hasKey && body.decisionDefinitionId !== undefined)
    throw ProblemError.invalidField(
      '/decisionDefinitionKey',
      'give either decisionDefinitionId or decisionDefinitionKey, not both',
    );
  if (hasKey) return { decisionDefinitionKey: String(body.decisionDefinitionKey) };
  if (body.decisionDefinitionId === undefined)
    throw ProblemError.invalidField(
      '/decisionDefinitionId',
      'decisionDefinitionId or decisionDefinitionKey is required',
    );
  return { decisionDefinitionId: body.decisionDefinitionId };
}
