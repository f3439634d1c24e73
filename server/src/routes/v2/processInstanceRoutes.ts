import { Router } from 'express';
import type { Document } from 'mongodb';
import {
  cancelProcessInstanceSchema,
  createProcessInstanceSchema,
} from '../../../../schemas/v2/requestSchemas';
import { can, canStartDefinition, principalName } from '../../auth/Principal';
import { ProblemError } from '../../http/ProblemError';
import { validateBody, variablesOf } from '../../http/validateBody';
import type { DefinitionRecord } from '../../storage/DefinitionRepository';
import type { InstanceState } from '../../../../runtime/src';
import { processInstanceSpec } from './searchSpecs';
import { andAll, publicFields, runSearch } from './runSearch';
import { variableFilter } from './variableFilters';
import type { V2Deps } from './V2Deps';
import { keyParam, principal, requireDefaultTenant } from './routeHelpers';

interface CreateBody {
  processDefinitionId?: string;
  bpmnProcessId?: string;
  processDefinitionKey?: string | number;
  processDefinitionVersion?: number;
  variables?: Record<string, unknown> | null;
  awaitCompletion?: boolean | null;
  fetchVariables?: string[] | null;
  requestTimeout?: number | null;
  tags?: string[] | null;
  tenantId?: string | null;
}

export function processInstanceRoutes(deps: V2Deps): Router {
  const router = Router();

  router.post('/process-instances', async (req, res) => {
    const who = principal(res);
    const body = validateBody<CreateBody>(createProcessInstanceSchema, req.body);
    requireDefaultTenant(body.tenantId, '/tenantId');
    const definition = await findDefinition(deps, body);
    if (!canStartDefinition(who, definition)) {
      throw ProblemError.forbidden(
        `'${principalName(who)}' may not start process '${definition.processDefinitionId}'.`,
      );
    }
    const variables = variablesOf(body.variables);
    const ended = body.awaitCompletion ? awaitEnd(deps, body.requestTimeout ?? 0) : null;
    const { state } = await deps.engine.createInstance(
      definition,
      variables,
      who.kind === 'user' ? who.username : who.clientId,
    );
    const result = {
      processDefinitionId: definition.processDefinitionId,
      processDefinitionVersion: definition.version,
      processDefinitionKey: definition.processDefinitionKey,
      processInstanceKey: String(state.processInstanceKey),
      tenantId: '<default>',
      variables: {} as Record<string, unknown>,
      tags: body.tags ?? [],
      businessId: null,
    };
    if (ended) {
      if (state.state === 'ACTIVE') await ended.wait(result.processInstanceKey);
      result.variables = await rootVariables(
        deps,
        result.processInstanceKey,
        body.fetchVariables ?? [],
      );
    }
    res.json(result);
  });

  router.get('/process-instances/:processInstanceKey', async (req, res) => {
    const who = principal(res);
    const key = keyParam(req, 'processInstanceKey');
    const doc = await deps.c.instances.findOne({ _id: key });
    if (!doc || !mayRead(who, doc))
      throw ProblemError.notFound(`Process instance with key '${key}' not found`);
    res.json(publicFields(doc));
  });

  /** The sequence flows the instance's tokens took, each once (Camunda's shape). */
  router.get('/process-instances/:processInstanceKey/sequence-flows', async (req, res) => {
    const who = principal(res);
    const key = keyParam(req, 'processInstanceKey');
    const doc = await deps.c.instances.findOne({ _id: key });
    if (!doc || !mayRead(who, doc))
      throw ProblemError.notFound(`Process instance with key '${key}' not found`);
    const flows = Array.isArray(doc.takenFlows) ? (doc.takenFlows as string[]) : [];
    res.json({
      items: flows.map((sequenceFlowId) => ({
        sequenceFlowId,
        processInstanceKey: key,
        processDefinitionKey: doc.processDefinitionKey,
        processDefinitionId: doc.processDefinitionId,
        elementId: sequenceFlowId,
        tenantId: doc.tenantId,
      })),
    });
  });

  router.post('/process-instances/search', async (req, res) => {
    const who = principal(res);
    const { body, filter } = await variableFilter(deps.c, req.body, 'variables', {
      variableColumn: 'processInstanceKey',
      rowColumn: 'processInstanceKey',
    });
    const own = can(who, 'instance.read.all')
      ? undefined
      : { startedBy: who.kind === 'user' ? who.username : who.clientId };
    res.json(
      await runSearch(deps.c.instances, body, processInstanceSpec, {
        baseFilter: andAll(filter, own),
      }),
    );
  });

  router.post('/process-instances/:processInstanceKey/cancellation', async (req, res) => {
    const who = principal(res);
    if (!can(who, 'instance.cancel')) throw ProblemError.forbidden();
    validateBody(cancelProcessInstanceSchema, req.body);
    const key = keyParam(req, 'processInstanceKey');
    // A called instance ends with its caller, as in Zeebe: cancel the root instead.
    const parent = (await deps.engine.load(key))?.state.parent;
    if (parent) {
      throw new ProblemError(
        409,
        `Expected to cancel a process instance with key '${key}', but it is created by a parent process instance. Cancel the root process instance '${parent.rootProcessInstanceKey ?? parent.processInstanceKey}' instead.`,
        [],
        'INVALID_STATE',
      );
    }
    await deps.engine.execute(key, { type: 'instance.cancel' });
    res.status(204).end();
  });
  return router;
}

function mayRead(who: ReturnType<typeof principal>, doc: Document) {
  if (can(who, 'instance.read.all')) return true;
  return doc.startedBy === (who.kind === 'user' ? who.username : who.clientId);
}

async function findDefinition(deps: V2Deps, body: CreateBody): Promise<DefinitionRecord> {
  if (body.processDefinitionKey !== undefined && body.processDefinitionKey !== null) {
    const record = await deps.definitions.record(String(body.processDefinitionKey));
    if (!record) {
      throw ProblemError.notFound(
        `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with key '${body.processDefinitionKey}', but none found`,
      );
    }
    return record;
  }
  const id = body.processDefinitionId ?? body.bpmnProcessId;
  if (!id)
    throw ProblemError.invalidField(
      '/processDefinitionId',
      'processDefinitionId or processDefinitionKey is required',
    );
  const version = body.processDefinitionVersion ?? -1;
  const record =
    version === -1
      ? await deps.definitions.latest(id)
      : await deps.definitions.byVersion(id, version);
  if (!record) {
    throw ProblemError.notFound(
      `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '${id}'${version === -1 ? '' : ` and version '${version}'`}, but none found`,
    );
  }
  return record;
}

/**
 * The root scope's variables of an ended instance, read from the projected history:
 * the live state drops a scope's variables when the scope ends.
 */
async function rootVariables(
  deps: V2Deps,
  processInstanceKey: string,
  names: string[],
): Promise<Record<string, unknown>> {
  const rows = await deps.c.variables
    .find(
      { processInstanceKey, scopeKey: processInstanceKey },
      { projection: { name: 1, value: 1 } },
    )
    .toArray();
  const out: Record<string, unknown> = {};
  for (const row of rows) {
    const name = row.name as string;
    if (names.length === 0 || names.includes(name)) out[name] = JSON.parse(row.value as string);
  }
  return out;
}

/**
 * `awaitCompletion`: listens before the instance starts (so a fast end is not missed)
 * and falls back to reading the log, so an end committed by another process is seen too.
 */
function awaitEnd(deps: V2Deps, requestTimeout: number) {
  const timeoutMs = Math.min(
    requestTimeout > 0 ? requestTimeout : deps.limits.defaultRequestTimeoutMs,
    deps.limits.maxRequestTimeoutMs,
  );
  return {
    wait: (key: string) =>
      new Promise<InstanceState>((resolve, reject) => {
        const event = `instance.ended:${key}`;
        const finish = (state: InstanceState) => {
          clearTimeout(timer);
          clearInterval(poll);
          deps.engine.events.off(event, finish);
          resolve(state);
        };
        deps.engine.events.on(event, finish);
        const poll = setInterval(async () => {
          const doc = await deps.c.instances.findOne({ _id: key }, { projection: { state: 1 } });
          if (doc && doc.state !== 'ACTIVE') {
            deps.engine.forget(key);
            const loaded = await deps.engine.load(key);
            if (loaded) finish(loaded.state);
          }
        }, 500);
        const timer = setTimeout(() => {
          clearInterval(poll);
          deps.engine.events.off(event, finish);
          reject(
            new ProblemError(
              504,
              `Process instance '${key}' did not complete within ${timeoutMs} ms; it keeps running.`,
            ),
          );
        }, timeoutMs);
      }),
  };
}
