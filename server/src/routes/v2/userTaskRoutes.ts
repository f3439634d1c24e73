/**
 * Camunda user tasks. Staff see, as in Camunda's tasklist, only tasks assigned to them
 * or, while unassigned, offered to them; searches filter silently, commands answer 403.
 * A command answers once the task listeners of its transition are done (409 when denied).
 */
import { Router, type Response } from 'express';
import type { Document } from 'mongodb';
import {
  userTaskAssignmentSchema,
  userTaskChangesetSchema,
  userTaskCompletionSchema,
  userTaskUpdateSchema,
} from '../../../../schemas/v2/requestSchemas';
import {
  can,
  mayClaim,
  mayComplete,
  mayRelease,
  principalName,
  taskVisibleTo,
  type Principal,
} from '../../auth/Principal';
import { ProblemError } from '../../http/ProblemError';
import { validateBody, variablesOf } from '../../http/validateBody';
import type { UserTaskChangeset } from '../../../../runtime/src';
import { userTaskSpec, variableSpec } from './searchSpecs';
import { andAll, publicFields, runSearch } from './runSearch';
import { variableFilter } from './variableFilters';
import type { V2Deps } from './V2Deps';
import { asNumber, keyParam, principal } from './routeHelpers';
import { awaitTaskListeners } from './awaitTaskListeners';

const ENDED = new Set(['COMPLETED', 'CANCELED', 'FAILED']);

type TaskRow = Document & {
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
};

export function userTaskRoutes(deps: V2Deps): Router {
  const router = Router();

  const load = async (res: Response, key: string): Promise<{ who: Principal; task: TaskRow }> => {
    const who = principal(res);
    if (!can(who, 'userTask.work') && !can(who, 'userTask.read.all'))
      throw ProblemError.forbidden();
    const task = (await deps.c.userTasks.findOne({ _id: key })) as TaskRow | null;
    if (!task) throw ProblemError.notFound(`User task with key '${key}' not found`);
    return { who, task };
  };

  const visibility = (who: Principal) => {
    if (can(who, 'userTask.read.all')) return undefined;
    if (!can(who, 'userTask.work')) throw ProblemError.forbidden();
    if (who.kind !== 'user') throw ProblemError.forbidden();
    return {
      $or: [
        { assignee: who.username },
        {
          assignee: null,
          $or: [
            { candidateUsers: { $elemMatch: { $eq: who.username } } },
            ...(who.groups.length
              ? [{ candidateGroups: { $elemMatch: { $in: who.groups } } }]
              : []),
          ],
        },
      ],
    };
  };

  router.post('/user-tasks/search', async (req, res) => {
    const who = principal(res);
    const base = visibility(who);
    let body: unknown = req.body;
    const byInstance = await variableFilter(deps.c, body, 'processInstanceVariables', {
      variableColumn: 'processInstanceKey',
      rowColumn: 'processInstanceKey',
    });
    body = byInstance.body;
    const byLocal = await variableFilter(deps.c, body, 'localVariables', {
      variableColumn: 'scopeKey',
      rowColumn: 'elementInstanceKey',
    });
    res.json(
      await runSearch(deps.c.userTasks, byLocal.body, userTaskSpec, {
        baseFilter: andAll(base, byInstance.filter, byLocal.filter),
      }),
    );
  });

  router.get('/user-tasks/:userTaskKey', async (req, res) => {
    const { who, task } = await load(res, keyParam(req, 'userTaskKey'));
    if (!taskVisibleTo(who, task))
      throw ProblemError.forbidden(`User task '${task._id}' is not yours to see.`);
    res.json(publicFields(task));
  });

  // Camunda's `FormResult` of a linked form: the version fixed when the task was created. A
  // task created before any version existed has none fixed and gets the latest one.
  router.get('/user-tasks/:userTaskKey/form', async (req, res) => {
    const { who, task } = await load(res, keyParam(req, 'userTaskKey'));
    if (!taskVisibleTo(who, task))
      throw ProblemError.forbidden(`User task '${task._id}' is not yours to see.`);
    const formId = task.formId as string | null;
    if (!formId) return void res.status(204).end();
    const formKey =
      (task.formKey as string | null | undefined) ?? (await deps.forms.latest(formId))?.formKey;
    const form = formKey ? await deps.forms.get(formKey) : null;
    if (!form)
      throw ProblemError.notFound(
        `Form '${formId}' of user task '${task._id}' is not deployed (or was deleted)`,
      );
    res.json({
      tenantId: form.tenantId,
      formId: form.formId,
      schema: form.schema,
      version: form.version,
      formKey: form.formKey,
    });
  });

  const update = async (
    key: string,
    res: Response,
    changeset: UserTaskChangeset,
    action?: string | null,
  ) => {
    const { who, task } = await load(res, key);
    if (!can(who, 'userTask.read.all'))
      throw ProblemError.forbidden('Only analysts and admins may update user tasks.');
    const executed = await deps.engine.execute(task.processInstanceKey, {
      type: 'userTask.update',
      userTaskKey: asNumber(key),
      changeset,
      ...(action ? { action } : {}),
    });
    await awaitTaskListeners(deps, executed, key, 'UPDATE');
    res.status(204).end();
  };

  router.patch('/user-tasks/:userTaskKey', async (req, res) => {
    const body = validateBody<{ changeset?: UserTaskChangeset | null; action?: string | null }>(
      userTaskUpdateSchema,
      req.body,
    );
    await update(keyParam(req, 'userTaskKey'), res, body.changeset ?? {}, body.action);
  });

  // The legacy CamundaRestClient sends the bare changeset here (reference §4.1).
  router.patch('/user-tasks/:userTaskKey/update', async (req, res) => {
    const changeset = validateBody<UserTaskChangeset>(userTaskChangesetSchema, req.body);
    await update(keyParam(req, 'userTaskKey'), res, changeset);
  });

  router.post('/user-tasks/:userTaskKey/assignment', async (req, res) => {
    const key = keyParam(req, 'userTaskKey');
    const body = validateBody<{
      assignee: string;
      allowOverride?: boolean | null;
      action?: string | null;
    }>(userTaskAssignmentSchema, req.body);
    const { who, task } = await load(res, key);
    if (!mayClaim(who, task, body.assignee)) {
      throw ProblemError.forbidden(
        `'${principalName(who)}' may not assign user task '${key}' to '${body.assignee}'.`,
      );
    }
    const executed = await deps.engine.execute(task.processInstanceKey, {
      type: 'userTask.assign',
      userTaskKey: asNumber(key),
      assignee: body.assignee,
      allowOverride: body.allowOverride ?? true,
      ...(body.action ? { action: body.action } : {}),
    });
    await awaitTaskListeners(deps, executed, key, 'ASSIGN');
    res.status(204).end();
  });

  router.delete('/user-tasks/:userTaskKey/assignee', async (req, res) => {
    const key = keyParam(req, 'userTaskKey');
    const { who, task } = await load(res, key);
    if (!mayRelease(who, task))
      throw ProblemError.forbidden(`'${principalName(who)}' may not release user task '${key}'.`);
    const executed = await deps.engine.execute(task.processInstanceKey, {
      type: 'userTask.unassign',
      userTaskKey: asNumber(key),
    });
    await awaitTaskListeners(deps, executed, key, 'ASSIGN');
    res.status(204).end();
  });

  router.post('/user-tasks/:userTaskKey/completion', async (req, res) => {
    const key = keyParam(req, 'userTaskKey');
    const body = validateBody<{
      variables?: Record<string, unknown> | null;
      action?: string | null;
    }>(userTaskCompletionSchema, req.body);
    const { who, task } = await load(res, key);
    // A task in a transition (its task listeners run) is answered by the engine: 409.
    if (ENDED.has(String(task.state))) {
      throw ProblemError.notFound(
        `Command 'COMPLETE' rejected with code 'NOT_FOUND': User task '${key}' is ${String(task.state).toLowerCase()}`,
      );
    }
    if (!mayComplete(who, task))
      throw ProblemError.forbidden(`'${principalName(who)}' may not complete user task '${key}'.`);
    const executed = await deps.engine.execute(task.processInstanceKey, {
      type: 'userTask.complete',
      userTaskKey: asNumber(key),
      variables: variablesOf(body.variables),
      ...(body.action ? { action: body.action } : {}),
    });
    await awaitTaskListeners(deps, executed, key, 'COMPLETE');
    res.status(204).end();
  });

  router.post('/user-tasks/:userTaskKey/variables/search', async (req, res) => {
    const key = keyParam(req, 'userTaskKey');
    const { who, task } = await load(res, key);
    if (!taskVisibleTo(who, task))
      throw ProblemError.forbidden(`User task '${key}' is not yours to see.`);
    // The variables visible to the task: its own scope and the process scope.
    const scopes = [String(task.elementInstanceKey), String(task.processInstanceKey)];
    res.json(
      await runSearch(deps.c.variables, req.body, variableSpec, {
        baseFilter: { scopeKey: { $in: scopes } },
      }),
    );
  });
  return router;
}
