/** Jobs: activation (long poll), completion, failure, thrown errors, updates, search. */
import { Router, type Request } from 'express';
import {
  jobActivationSchema,
  jobCompletionSchema,
  jobErrorSchema,
  jobFailureSchema,
  jobUpdateSchema,
} from '../../../../schemas/v2/requestSchemas';
import { ProblemError } from '../../http/ProblemError';
import { validateBody, variablesOf } from '../../http/validateBody';
import { jobSpec } from './searchSpecs';
import { runSearch } from './runSearch';
import type { V2Deps } from './V2Deps';
import { asNumber, keyParam, principal, requireCan, requireDefaultTenant } from './routeHelpers';
import { can } from '../../auth/Principal';
import type { UserTaskJobResult } from '../../../../runtime/src';

/** The field of a job completion that the engine's rejection is about. */
function rejectedField(message: string): string {
  if (message.includes('variables')) return '/variables';
  if (message.includes('correct')) return '/result/corrections';
  if (message.includes('Denying')) return '/result/denied';
  return '/result';
}

export function jobRoutes(deps: V2Deps): Router {
  const router = Router();

  const instanceOf = async (jobKey: string) => {
    const row = await deps.c.jobs.findOne(
      { _id: jobKey },
      { projection: { processInstanceKey: 1 } },
    );
    if (!row) throw ProblemError.notFound(`Job with key '${jobKey}' not found`);
    return row.processInstanceKey as string;
  };

  router.post('/jobs/activation', async (req: Request, res) => {
    requireCan(res, 'job.work');
    const body = validateBody<{
      type: string;
      worker?: string | null;
      timeout: number;
      maxJobsToActivate: number;
      fetchVariable?: string[] | null;
      requestTimeout?: number | null;
      tenantIds?: string[] | null;
    }>(jobActivationSchema, req.body);
    (body.tenantIds ?? []).forEach((tenantId, index) =>
      requireDefaultTenant(tenantId, `/tenantIds/${index}`),
    );
    const requested = body.requestTimeout ?? 0;
    const requestTimeout =
      requested < 0
        ? 0
        : Math.min(
            requested === 0 ? deps.limits.defaultRequestTimeoutMs : requested,
            deps.limits.maxRequestTimeoutMs,
          );
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const jobs = await deps.jobs.activate(
      {
        type: body.type,
        worker: body.worker ?? '',
        timeout: body.timeout,
        maxJobsToActivate: body.maxJobsToActivate,
        fetchVariable: body.fetchVariable ?? null,
        requestTimeout,
      },
      abort.signal,
    );
    if (!abort.signal.aborted) res.json({ jobs });
  });

  router.post('/jobs/search', async (req, res) => {
    requireCan(res, 'job.read');
    res.json(await runSearch(deps.c.jobs, req.body, jobSpec));
  });

  router.post('/jobs/:jobKey/completion', async (req, res) => {
    requireCan(res, 'job.work');
    const key = keyParam(req, 'jobKey');
    const body = validateBody<{
      variables?: Record<string, unknown> | null;
      result?: (UserTaskJobResult & { type?: string | null }) | null;
    }>(jobCompletionSchema, req.body);
    const { type: resultType, ...result } = body.result ?? {};
    if (resultType === 'adHocSubProcess') {
      throw ProblemError.badRequest('ad-hoc subprocess job results are not supported', [
        { pointer: '/result/type', message: "only 'userTask' results are supported" },
      ]);
    }
    try {
      await deps.engine.execute(await instanceOf(key), {
        type: 'job.complete',
        jobKey: asNumber(key),
        variables: variablesOf(body.variables),
        ...(body.result ? { result } : {}),
      });
    } catch (error) {
      // A task listener's result the engine refused: name the field (D7).
      if (!(error instanceof ProblemError) || error.status !== 400 || error.errors.length > 0)
        throw error;
      const pointer = rejectedField(error.detail);
      throw ProblemError.badRequest(error.detail, [{ pointer, message: error.detail }]);
    }
    res.status(204).end();
  });

  router.post('/jobs/:jobKey/failure', async (req, res) => {
    requireCan(res, 'job.work');
    const key = keyParam(req, 'jobKey');
    const body = validateBody<{
      retries?: number | null;
      errorMessage?: string | null;
      retryBackOff?: number | null;
      variables?: Record<string, unknown> | null;
    }>(jobFailureSchema, req.body);
    await deps.engine.execute(await instanceOf(key), {
      type: 'job.fail',
      jobKey: asNumber(key),
      retries: body.retries ?? 0,
      errorMessage: body.errorMessage ?? '',
      retryBackOff: body.retryBackOff ?? 0,
      variables: variablesOf(body.variables),
    });
    res.status(204).end();
  });

  router.post('/jobs/:jobKey/error', async (req, res) => {
    requireCan(res, 'job.work');
    const key = keyParam(req, 'jobKey');
    const body = validateBody<{
      errorCode: string;
      errorMessage?: string | null;
      variables?: Record<string, unknown> | null;
    }>(jobErrorSchema, req.body);
    await deps.engine.execute(await instanceOf(key), {
      type: 'job.throwError',
      jobKey: asNumber(key),
      errorCode: body.errorCode,
      errorMessage: body.errorMessage ?? '',
      variables: variablesOf(body.variables),
    });
    res.status(204).end();
  });

  router.patch('/jobs/:jobKey', async (req, res) => {
    const key = keyParam(req, 'jobKey');
    const body = validateBody<{ changeset: { retries?: number | null; timeout?: number | null } }>(
      jobUpdateSchema,
      req.body,
    );
    // Workers update their jobs; people who resolve incidents may give a job its retries
    // back (the retry of a job incident, as in Operate), but not touch its lease.
    const retriesOnly = body.changeset.timeout === undefined || body.changeset.timeout === null;
    if (!(retriesOnly && can(principal(res), 'incident.manage'))) requireCan(res, 'job.work');
    const instanceKey = await instanceOf(key);
    const { retries, timeout } = body.changeset;
    if (retries !== undefined && retries !== null) {
      await deps.engine.execute(instanceKey, {
        type: 'job.updateRetries',
        jobKey: asNumber(key),
        retries,
      });
    }
    if (timeout !== undefined && timeout !== null) {
      const loaded = await deps.engine.load(instanceKey);
      if (!loaded?.state.jobs[key]) throw ProblemError.notFound(`Job with key '${key}' not found`);
      await deps.jobs.extendLease(key, timeout);
    }
    res.status(204).end();
  });
  return router;
}
