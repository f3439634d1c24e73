/**
 * `POST /v2/deployments`: multipart `resources`, several at once, atomic — every
 * resource compiles or nothing is deployed; a new version only when the bytes changed.
 */
import { Router } from 'express';
import multer from 'multer';
import { compileBpmn } from '../../../../runtime/src/compile/compileBpmn';
import { ProblemError, type ProblemItem } from '../../http/ProblemError';
import { scanValue } from '../../http/validateBody';
import type { DeployableProcess } from '../../storage/DeploymentLog';
import type { V2Deps } from './V2Deps';
import { requireCan, requireDefaultTenant } from './routeHelpers';

const MAX_RESOURCES = 20;
// Characters XML 1.0 forbids (U+0000 to U+001F except tab, newline and return; U+FFFE, U+FFFF).
const XML_FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

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

    const processes: DeployableProcess[] = [];
    const problems: ProblemItem[] = [];
    for (const file of files) {
      const resourceName = (file.originalname || 'resource.bpmn').split(/[\\/]/).pop()!;
      if (XML_FORBIDDEN_CHARACTERS.test(resourceName)) {
        problems.push({
          pointer: '/resources',
          elementId: null,
          message: 'a resource name must not contain NUL or other control characters',
        });
        continue;
      }
      if (!/\.(bpmn|xml)$/i.test(resourceName)) {
        problems.push({
          pointer: '/resources',
          elementId: null,
          message: `${resourceName}: only BPMN resources (.bpmn, .xml) can be deployed`,
        });
        continue;
      }
      const xml = file.buffer.toString('utf8');
      // XML 1.0 forbids these characters outright (not even as references); the parser lets
      // them through, and the database must never see a NUL (D3).
      const forbidden = XML_FORBIDDEN_CHARACTERS.exec(xml);
      if (forbidden) {
        const code = forbidden[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
        problems.push({
          pointer: '/resources',
          elementId: null,
          message: `${resourceName}: invalid XML: the character U+${code} is not allowed in XML`,
        });
        continue;
      }
      const result = await compileBpmn(xml, { maxBytes: deps.limits.maxXmlBytes });
      if (!result.ok) {
        for (const problem of result.problems) {
          problems.push({
            // A problem of the document as a whole (not well-formed, a DTD) names the resource.
            ...(problem.elementId ? {} : { pointer: '/resources' }),
            elementId: problem.elementId,
            message: `${resourceName}: ${problem.elementId ? `'${problem.elementId}'${problem.elementType ? ` (${problem.elementType})` : ''}: ` : ''}${problem.message}`,
          });
        }
        continue;
      }
      for (const definition of result.definitions)
        processes.push({ resourceName, xml, definition });
    }
    if (problems.length) {
      throw ProblemError.badRequest(
        `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': ${problems.map((p) => p.message).join('; ')}`,
        problems,
      );
    }
    const deployed = await deps.deployments.deploy(
      processes,
      new Date(deps.clock.now()).toISOString(),
    );
    res.json({
      deploymentKey: deployed.deploymentKey,
      tenantId: '<default>',
      deployments: deployed.processes.map((processDefinition) => ({
        processDefinition,
        decisionDefinition: null,
        decisionRequirements: null,
        form: null,
        resource: null,
      })),
    });
  });
  return router;
}
