/**
 * `POST /v2/deployments`: multipart `resources` (BPMN, DMN and forms), several at once, atomic —
 * every resource compiles or nothing is deployed; a new version only when the bytes changed.
 */
import { Router } from 'express';
import multer from 'multer';
import { compileDeployment } from '../../deployment/compileDeployment';
import { ProblemError, type ProblemItem } from '../../http/ProblemError';
import { scanValue } from '../../http/validateBody';
import type { V2Deps } from './V2Deps';
import { requireCan, requireDefaultTenant } from './routeHelpers';

const MAX_RESOURCES = 20;

/** One `DeploymentMetadataResult`: every kind present, `null` but the one deployed (8.9 shape). */
const deploymentItem = (item: {
  processDefinition?: object;
  decisionDefinition?: object;
  decisionRequirements?: object;
  form?: object;
}) => ({
  processDefinition: null,
  decisionDefinition: null,
  decisionRequirements: null,
  form: null,
  resource: null,
  ...item,
});

export function deploymentRoutes(deps: V2Deps): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: deps.limits.maxXmlBytes,
      files: MAX_RESOURCES,
      fields: 10,
      fieldSize: 1024,
    },
  }).any();

  router.post('/deployments', (req, res, next) => {
    requireCan(res, 'deployment.create');
    upload(req, res, (error: unknown) => {
      if (!error) return next();
      const code = (error as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE')
        return next(
          new ProblemError(413, `A resource is larger than ${deps.limits.maxXmlBytes} bytes.`, [
            {
              pointer: '/resources',
              message: `a resource is larger than the limit of ${deps.limits.maxXmlBytes} bytes`,
            },
          ]),
        );
      if (code === 'LIMIT_FILE_COUNT')
        return next(
          ProblemError.invalidField(
            '/resources',
            `at most ${MAX_RESOURCES} resources per deployment`,
          ),
        );
      return next(
        ProblemError.invalidField(
          '',
          `the deployment is not valid multipart/form-data: ${(error as Error).message}`,
        ),
      );
    });
  });

  router.post('/deployments', async (req, res) => {
    if (!req.is('multipart/form-data')) {
      throw new ProblemError(415, 'A deployment must be sent as multipart/form-data.', [
        { pointer: '/resources', message: 'send the resources as multipart/form-data file parts' },
      ]);
    }
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (files.length === 0) {
      throw ProblemError.invalidField('/resources', 'at least one resource file is required');
    }
    // The text parts get the same structural scan as JSON bodies (prototype keys, NUL).
    const fieldProblems: ProblemItem[] = [];
    scanValue(req.body ?? {}, '', fieldProblems);
    if (fieldProblems.length) {
      const detail = fieldProblems.map((p) => `${p.pointer}: ${p.message}`).join('; ');
      throw ProblemError.badRequest(`Invalid deployment form fields. ${detail}`, fieldProblems);
    }
    const rawTenantId: unknown = req.body?.tenantId;
    if (rawTenantId !== undefined && typeof rawTenantId !== 'string')
      throw ProblemError.invalidField('/tenantId', 'must be a single text part');
    requireDefaultTenant(rawTenantId || undefined, '/tenantId');

    const compiled = await compileDeployment(
      files.map((file) => ({ name: file.originalname, content: file.buffer })),
      { maxXmlBytes: deps.limits.maxXmlBytes },
    );
    if (!compiled.ok) {
      throw ProblemError.badRequest(
        `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': ${compiled.problems.map((p) => p.message).join('; ')}`,
        compiled.problems,
      );
    }
    const { processes, forms, decisions } = compiled.deployable;
    const deployed = await deps.deployments.deploy(
      processes,
      new Date(deps.clock.now()).toISOString(),
      forms,
      decisions,
    );
    res.json({
      deploymentKey: deployed.deploymentKey,
      tenantId: '<default>',
      deployments: [
        ...deployed.processes.map((processDefinition) => deploymentItem({ processDefinition })),
        ...deployed.decisions.map((decisionDefinition) => deploymentItem({ decisionDefinition })),
        ...deployed.decisionRequirements.map((decisionRequirements) =>
          deploymentItem({ decisionRequirements }),
        ),
        ...deployed.forms.map((form) => deploymentItem({ form })),
      ],
    });
  });
  return router;
}
