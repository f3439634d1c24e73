/**
 * `POST /v2/resources/{resourceKey}/deletion`: deletes a process definition or a form
 * version on which nothing runs, or a DMN resource (by its decision requirements key) with
 * all its decisions (`deployment/ResourceDeletionService.ts`). Who may deploy may delete.
 */
import { Router } from 'express';
import { deleteResourceSchema } from '../../../../schemas/v2/requestSchemas';
import { principalName } from '../../auth/Principal';
import { ProblemError } from '../../http/ProblemError';
import { validateBody } from '../../http/validateBody';
import type { V2Deps } from './V2Deps';
import { keyParam, requireCan } from './routeHelpers';

interface DeleteBody {
  operationReference?: number | null;
  deleteHistory?: boolean | null;
}

export function resourceRoutes(deps: V2Deps): Router {
  const router = Router();
  router.post('/resources/:resourceKey/deletion', async (req, res) => {
    const who = requireCan(res, 'deployment.create');
    const key = keyParam(req, 'resourceKey');
    const body = validateBody<DeleteBody>(deleteResourceSchema, req.body);
    if (body.deleteHistory) {
      throw ProblemError.invalidField(
        '/deleteHistory',
        'deleting the history of a resource is not supported; the ended instances of a deleted definition stay searchable',
      );
    }
    await deps.resourceDeletions.delete(key, principalName(who));
    // Camunda 8.9's DeleteResourceResponse; no batch operation without history deletion.
    res.json({ resourceKey: key, batchOperation: null });
  });
  return router;
}
