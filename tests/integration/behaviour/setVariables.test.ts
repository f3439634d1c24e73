/**
 * `PUT /v2/element-instances/{key}/variables`: `local: true` writes into that scope;
 * `local: false` propagates each variable to the nearest scope that already has it, or
 * else to the process scope (Zeebe's SetVariables).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import type { TestServer } from '../../support/testServer';
import { deployFixtures, searchItems, startInstance, startOn, waitFor } from './support';

describe.each(backends())('setting variables on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startOn(backend, 'setvars');
    await deployFixtures(server.api, 'SetVariables.userTask');
  });
  afterAll(() => server?.close());

  /** An instance waiting at "Edit note", whose task scope has `draft` (mapped from `note`). */
  async function waitingAtTask() {
    const instanceKey = await startInstance(server.api, 'set-variables', {
      note: 'first draft',
      status: 'open',
    });
    const [task] = await searchItems(server.api, '/user-tasks/search', {
      filter: { processInstanceKey: instanceKey },
    });
    return {
      instanceKey,
      taskScope: task.elementInstanceKey as string,
      userTaskKey: task.userTaskKey,
    };
  }

  const setVariables = (key: string, variables: Record<string, unknown>, local?: boolean) =>
    server.api.request('PUT', `/element-instances/${key}/variables`, {
      variables,
      ...(local === undefined ? {} : { local }),
    });

  /** The variables of one scope as `{ name: value }`. */
  async function scopeVariables(scopeKey: string): Promise<Record<string, unknown>> {
    const items = await searchItems(server.api, '/variables/search', {
      filter: { scopeKey },
      page: { limit: 100 },
    });
    return Object.fromEntries(items.map((v) => [v.name, JSON.parse(v.value)]));
  }

  it('writes local variables into the task scope, shadowing the process scope', async () => {
    // given
    const { instanceKey, taskScope } = await waitingAtTask();
    // when
    const answer = await setVariables(taskScope, { status: 'editing', cursor: 12 }, true);
    // then the task scope has them and the process scope is unchanged
    expect(answer.status).toBe(204);
    expect(await scopeVariables(taskScope)).toEqual({
      draft: 'first draft',
      status: 'editing',
      cursor: 12,
    });
    expect(await scopeVariables(instanceKey)).toEqual({ note: 'first draft', status: 'open' });
  });

  it('propagates from the task scope to the nearest scope that has each variable', async () => {
    // given
    const { instanceKey, taskScope } = await waitingAtTask();
    // when (local defaults to false)
    const answer = await setVariables(taskScope, {
      draft: 'second draft', // exists in the task scope: stays there
      status: 'in review', // exists in the process scope only: updated there
      reviewer: 'anna', // exists nowhere: lands in the process scope
    });
    // then
    expect(answer.status).toBe(204);
    expect(await scopeVariables(taskScope)).toEqual({ draft: 'second draft' });
    expect(await scopeVariables(instanceKey)).toEqual({
      note: 'first draft',
      status: 'in review',
      reviewer: 'anna',
    });
  });

  it('updates a variable in place: the same variable key, the new value', async () => {
    // given
    const { instanceKey } = await waitingAtTask();
    const [before] = await searchItems(server.api, '/variables/search', {
      filter: { scopeKey: instanceKey, name: 'status' },
    });
    // when setting on the process instance's own element instance
    expect((await setVariables(instanceKey, { status: 'closed' }, true)).status).toBe(204);
    // then
    const after = await server.api.get(`/variables/${before.variableKey}`);
    expect(after.body.value).toBe('"closed"');
  });

  it('carries propagated variables past the task, and drops the local ones', async () => {
    // given variables set both ways while the task waits
    const { instanceKey, taskScope, userTaskKey } = await waitingAtTask();
    await setVariables(taskScope, { scratch: true }, true);
    await setVariables(taskScope, { approved: true }, false);
    // when the task completes
    expect((await server.api.post(`/user-tasks/${userTaskKey}/completion`, {})).status).toBe(204);
    await waitFor(async () => {
      const { body } = await server.api.get(`/process-instances/${instanceKey}`);
      return body.state === 'COMPLETED' ? true : undefined;
    }, 'the instance to complete');
    // then only the propagated one is in the process scope
    const roots = await scopeVariables(instanceKey);
    expect(roots).toMatchObject({ approved: true });
    expect(roots).not.toHaveProperty('scratch');
    expect(roots).not.toHaveProperty('draft');
  });

  it('rejects variables for an element instance that is no longer active', async () => {
    // given a completed start event
    const { instanceKey } = await waitingAtTask();
    const [start] = await searchItems(server.api, '/element-instances/search', {
      filter: { processInstanceKey: instanceKey, type: 'START_EVENT' },
    });
    // when
    const answer = await setVariables(start.elementInstanceKey, { late: true }, true);
    // then
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });
});
