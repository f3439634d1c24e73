import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api, TestServer } from '../../support/testServer';
import {
  TWO_POW_60,
  deployProcess,
  expectAllUnauthorized,
  expectProblem,
  expectRejected,
  send,
  sequenceProcess,
  startApiServer,
  startInstance,
  unique,
  userTask,
  waitFor,
  worker,
  type Call,
} from './apiTestKit';

interface Task {
  userTaskKey: string;
  elementId: string;
  assignee: string | null;
  state: string;
  priority: number;
  processInstanceKey: string;
}

describe('/v2/user-tasks', () => {
  let server: TestServer;
  const suffix = unique();
  const processes = {
    sales: `api-task-sales-${suffix}`,
    supervisors: `api-task-supervisors-${suffix}`,
    someoneElse: `api-task-someoneelse-${suffix}`,
  };

  beforeAll(async () => {
    server = await startApiServer('usertasks');
    await deployProcess(
      server.api,
      'sales.bpmn',
      sequenceProcess(processes.sales, [userTask('Task_Sales', { candidateGroups: 'sales' })]),
    );
    await deployProcess(
      server.api,
      'supervisors.bpmn',
      sequenceProcess(processes.supervisors, [
        userTask('Task_Supervisors', { candidateGroups: 'supervisors' }),
      ]),
    );
    await deployProcess(
      server.api,
      'someoneelse.bpmn',
      sequenceProcess(processes.someoneElse, [
        userTask('Task_SomeoneElse', { candidateUsers: 'someoneelse' }),
      ]),
    );
  });
  afterAll(() => server.close());

  /** Starts an instance (as admin) and returns its one user task. */
  const openTask = async (processId: string): Promise<Task> => {
    const instanceKey = await startInstance(server.api, processId, { origin: 'api-test' });
    return waitFor(async () => {
      const { body } = await server.api.post('/user-tasks/search', {
        filter: { processInstanceKey: instanceKey },
      });
      return body.items[0] as Task | undefined;
    }, `the user task of ${processId}`);
  };

  const taskNow = async (key: string): Promise<Task> =>
    (await server.api.get(`/user-tasks/${key}`)).body as Task;

  const assign = (api: Api, key: string, assignee: string) =>
    api.post(`/user-tasks/${key}/assignment`, { assignee });
  const complete = (api: Api, key: string, variables: Record<string, unknown> = {}) =>
    api.post(`/user-tasks/${key}/completion`, { variables });

  describe('staff, as in Camunda tasklist', () => {
    it('sees only tasks assigned to them or, unassigned, offered to them (filtered, not refused)', async () => {
      // given tasks for group sales, for group supervisors and for candidate user someoneelse
      const sales = await openTask(processes.sales);
      const supervisors = await openTask(processes.supervisors);
      const someoneElse = await openTask(processes.someoneElse);
      const keys = [sales, supervisors, someoneElse].map((task) => task.processInstanceKey);
      const filter = { processInstanceKey: { $in: keys } };
      // when staff and an admin search
      const asStaff = await server.api.as('staff').post('/user-tasks/search', { filter });
      const asAdmin = await server.api.post('/user-tasks/search', { filter });
      // then staff see only the sales task; admins see all three
      expect(asStaff.status).toBe(200);
      expect(asStaff.body.items.map((task: Task) => task.elementId)).toEqual(['Task_Sales']);
      expect(asStaff.body.page.totalItems).toBe(1);
      expect(asAdmin.body.items).toHaveLength(3);
      // and a task not offered to them is not theirs to open
      const path = `/user-tasks/${supervisors.userTaskKey}`;
      expectProblem(await server.api.as('staff').get(path), 403, path);
      expect((await server.api.as('staff').get(`/user-tasks/${sales.userTaskKey}`)).status).toBe(
        200,
      );
    });

    it('may claim a task offered to them for themselves only', async () => {
      const task = await openTask(processes.sales);
      const path = `/user-tasks/${task.userTaskKey}/assignment`;
      // assigning it to someone else is refused and changes nothing
      expectProblem(await assign(server.api.as('staff'), task.userTaskKey, 'admin'), 403, path);
      expect((await taskNow(task.userTaskKey)).assignee).toBeNull();
      // claiming a task offered to others is refused
      const other = await openTask(processes.supervisors);
      expectProblem(
        await assign(server.api.as('staff'), other.userTaskKey, 'staff'),
        403,
        `/user-tasks/${other.userTaskKey}/assignment`,
      );
      expect((await taskNow(other.userTaskKey)).assignee).toBeNull();
      // claiming it for themselves works
      expect((await assign(server.api.as('staff'), task.userTaskKey, 'staff')).status).toBe(204);
      expect((await taskNow(task.userTaskKey)).assignee).toBe('staff');
    });

    it('completes only tasks assigned to them', async () => {
      // given an unassigned sales task
      const task = await openTask(processes.sales);
      const path = `/user-tasks/${task.userTaskKey}/completion`;
      // when staff complete it unassigned, then 403 and it stays open
      expectProblem(await complete(server.api.as('staff'), task.userTaskKey), 403, path);
      expect((await taskNow(task.userTaskKey)).state).toBe('CREATED');
      // when they claim it first, then they may complete it
      expect((await assign(server.api.as('staff'), task.userTaskKey, 'staff')).status).toBe(204);
      expect(
        (await complete(server.api.as('staff'), task.userTaskKey, { done: true })).status,
      ).toBe(204);
      expect((await taskNow(task.userTaskKey)).state).toBe('COMPLETED');
    });

    it('gets 403 on a task someone else holds, and no longer sees it', async () => {
      // given a sales task an admin took
      const task = await openTask(processes.sales);
      expect((await assign(server.api, task.userTaskKey, 'admin')).status).toBe(204);
      const staff = server.api.as('staff');
      const base = `/user-tasks/${task.userTaskKey}`;
      // then
      expectProblem(await complete(staff, task.userTaskKey), 403, `${base}/completion`);
      expectProblem(await assign(staff, task.userTaskKey, 'staff'), 403, `${base}/assignment`);
      expectProblem(await staff.request('DELETE', `${base}/assignee`), 403, `${base}/assignee`);
      expectProblem(await staff.get(base), 403, base);
      expectProblem(
        await staff.post(`${base}/variables/search`, {}),
        403,
        `${base}/variables/search`,
      );
      const listed = await staff.post('/user-tasks/search', {
        filter: { processInstanceKey: task.processInstanceKey },
      });
      expect(listed.body.items).toEqual([]);
      expect(await taskNow(task.userTaskKey)).toMatchObject({
        assignee: 'admin',
        state: 'CREATED',
      });
    });

    it('may not update a task (analysts and admins do)', async () => {
      const task = await openTask(processes.sales);
      const path = `/user-tasks/${task.userTaskKey}`;
      const call = { method: 'PATCH', path, json: { changeset: { priority: 80 } } };
      expectProblem(await send(server.api.as('staff'), call), 403, path);
      expect((await taskNow(task.userTaskKey)).priority).toBe(50);
      expect((await send(server.api.as('analyst'), call)).status).toBe(204);
      expect((await taskNow(task.userTaskKey)).priority).toBe(80);
    });
  });

  describe('API clients', () => {
    it('may not read user tasks', async () => {
      const task = await openTask(processes.sales);
      const calls: Call[] = [
        { method: 'POST', path: '/user-tasks/search', json: {} },
        { method: 'GET', path: `/user-tasks/${task.userTaskKey}` },
        { method: 'POST', path: `/user-tasks/${task.userTaskKey}/variables/search`, json: {} },
      ];
      for (const call of calls) expectProblem(await send(worker(server.api), call), 403, call.path);
    });
  });

  describe('bad input', () => {
    let task: Task;
    beforeAll(async () => {
      task = await openTask(processes.sales);
    });

    const keyCalls = (key: string): Call[] => [
      { method: 'GET', path: `/user-tasks/${key}` },
      { method: 'PATCH', path: `/user-tasks/${key}`, json: { changeset: {} } },
      { method: 'PATCH', path: `/user-tasks/${key}/update`, json: {} },
      { method: 'POST', path: `/user-tasks/${key}/assignment`, json: { assignee: 'staff' } },
      { method: 'DELETE', path: `/user-tasks/${key}/assignee` },
      { method: 'POST', path: `/user-tasks/${key}/completion`, json: {} },
      { method: 'POST', path: `/user-tasks/${key}/variables/search`, json: {} },
    ];

    it.each(['abc', '12a', '1e5', `${'1'.repeat(26)}`])(
      'rejects the path key %s on every endpoint',
      async (bad) => {
        for (const call of keyCalls(bad)) {
          await expectRejected(server.api, call, 400, { pointer: '/userTaskKey' });
        }
      },
    );

    it('answers 404 for an unknown task on every endpoint', async () => {
      for (const call of keyCalls('1')) {
        expectProblem(await send(server.api, call), 404, call.path);
      }
    });

    const at = (suffixPath: string) => `/user-tasks/{key}${suffixPath}`;
    it.each<[string, string, string, unknown, string]>([
      ['assignment', 'POST', at('/assignment'), '{"assignee":', ''],
      ['assignment', 'POST', at('/assignment'), {}, '/assignee'],
      ['assignment', 'POST', at('/assignment'), { assignee: '' }, '/assignee'],
      ['assignment', 'POST', at('/assignment'), { assignee: 7 }, '/assignee'],
      ['assignment', 'POST', at('/assignment'), { assignee: { $gt: '' } }, '/assignee'],
      ['assignment', 'POST', at('/assignment'), { assignee: 'sta\u0000ff' }, '/assignee'],
      [
        'assignment',
        'POST',
        at('/assignment'),
        { assignee: 'staff', allowOverride: 'yes' },
        '/allowOverride',
      ],
      [
        'assignment',
        'POST',
        at('/assignment'),
        '{"assignee":"staff","__proto__":{"x":1}}',
        '/__proto__',
      ],
      ['completion', 'POST', at('/completion'), { variables: 'done' }, '/variables'],
      ['completion', 'POST', at('/completion'), { variables: [true] }, '/variables'],
      [
        'completion',
        'POST',
        at('/completion'),
        '{"variables":{"__proto__":{"x":1}}}',
        '/variables/__proto__',
      ],
      [
        'completion',
        'POST',
        at('/completion'),
        { variables: { constructor: 1 } },
        '/variables/constructor',
      ],
      ['completion', 'POST', at('/completion'), { variables: { v: 'a\u0000' } }, '/variables/v'],
      ['completion', 'POST', at('/completion'), '{"variables":{"v":1e400}}', '/variables/v'],
      [
        'completion',
        'POST',
        at('/completion'),
        `{"variables":{"v":${TWO_POW_60}}}`,
        '/variables/v',
      ],
      ['completion', 'POST', at('/completion'), '{"variables": NaN}', ''],
      ['update', 'PATCH', at(''), '{"changeset":', ''],
      ['update', 'PATCH', at(''), { changeset: { priority: 101 } }, '/changeset/priority'],
      ['update', 'PATCH', at(''), { changeset: { priority: 'high' } }, '/changeset/priority'],
      ['update', 'PATCH', at(''), '{"changeset":{"priority":1e400}}', '/changeset/priority'],
      ['update', 'PATCH', at(''), { changeset: { dueDate: 'tomorrow' } }, '/changeset/dueDate'],
      [
        'update',
        'PATCH',
        at(''),
        { changeset: { candidateGroups: 'sales' } },
        '/changeset/candidateGroups',
      ],
      [
        'update',
        'PATCH',
        at(''),
        { changeset: { candidateUsers: [{ $ne: null }] } },
        '/changeset/candidateUsers/0',
      ],
      ['update', 'PATCH', at(''), { changeset: 'all' }, '/changeset'],
      ['legacy update', 'PATCH', at('/update'), '{"priority"', ''],
      ['legacy update', 'PATCH', at('/update'), { priority: -1 }, '/priority'],
      ['legacy update', 'PATCH', at('/update'), { followUpDate: 5 }, '/followUpDate'],
      ['variables search', 'POST', at('/variables/search'), '{"filter"', ''],
      [
        'variables search',
        'POST',
        at('/variables/search'),
        { filter: { name: { $gt: '' } } },
        '/filter/name/$gt',
      ],
      [
        'variables search',
        'POST',
        at('/variables/search'),
        { page: { limit: 10001 } },
        '/page/limit',
      ],
    ])('%s rejects %s %s with %j', async (_what, method, template, body, pointer) => {
      // given
      const before = await taskNow(task.userTaskKey);
      const path = template.replace('{key}', task.userTaskKey);
      const call: Call =
        typeof body === 'string' ? { method, path, raw: body } : { method, path, json: body };
      // when / then: nothing about the task changed
      await expectRejected(server.api, call, 400, { pointer });
      expect(await taskNow(task.userTaskKey)).toEqual(before);
    });

    const search = (json: unknown): Call => ({ method: 'POST', path: '/user-tasks/search', json });
    it.each<[string, Call, string]>([
      ['malformed JSON', { method: 'POST', path: '/user-tasks/search', raw: '{"filter":' }, ''],
      ['an unknown state', search({ filter: { state: 'OPEN' } }), '/filter/state'],
      [
        'an operator a string field does not take',
        search({ filter: { assignee: { $gt: '' } } }),
        '/filter/assignee/$gt',
      ],
      ['a wrong type', search({ filter: { priority: 'high' } }), '/filter/priority'],
      [
        '1e400',
        { method: 'POST', path: '/user-tasks/search', raw: '{"filter":{"priority":1e400}}' },
        '/filter/priority',
      ],
      [
        '2^60',
        {
          method: 'POST',
          path: '/user-tasks/search',
          raw: `{"filter":{"priority":${TWO_POW_60}}}`,
        },
        '/filter/priority',
      ],
      [
        'a key that is not digits',
        search({ filter: { userTaskKey: 'abc' } }),
        '/filter/userTaskKey',
      ],
      [
        'a candidate group that is not a string',
        search({ filter: { candidateGroup: { $in: [1] } } }),
        '/filter/candidateGroup/$in/0',
      ],
      ['a NUL character', search({ filter: { name: 'a\u0000' } }), '/filter/name'],
      [
        'a process variable filter that is not a list',
        search({ filter: { processInstanceVariables: { name: 'x' } } }),
        '/filter/processInstanceVariables',
      ],
      [
        'a local variable filter with an operator object as the name',
        search({ filter: { localVariables: [{ name: { $gt: '' }, value: '1' }] } }),
        '/filter/localVariables/0/name',
      ],
      [
        'a __proto__ key',
        { method: 'POST', path: '/user-tasks/search', raw: '{"filter":{"__proto__":{}}}' },
        '/filter/__proto__',
      ],
      ['an unsortable field', search({ sort: [{ field: 'assignee' }] }), '/sort/0/field'],
      ['page.limit 10001', search({ page: { limit: 10001 } }), '/page/limit'],
    ])('search rejects %s', async (_name, call, pointer) => {
      await expectRejected(server.api, call, 400, { pointer });
    });

    it('search ignores unknown fields and accepts "state": "created" and order "asc"', async () => {
      const { status, body } = await send(
        server.api,
        search({
          filter: {
            processInstanceKey: task.processInstanceKey,
            state: 'created',
            tenantId: '<default>',
            notAField: 1,
          },
          sort: [{ field: 'creationDate', order: 'asc' }],
          somethingElse: true,
        }),
      );
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({
          userTaskKey: task.userTaskKey,
          state: 'CREATED',
          tenantId: '<default>',
        }),
      ]);
    });

    it('staff get the same validation as everyone', async () => {
      await expectRejected(
        server.api,
        search({ filter: { state: 'OPEN' } }),
        400,
        { pointer: '/filter/state' },
        server.api.as('staff'),
      );
    });
  });

  it('answers 401 without valid credentials on every endpoint', async () => {
    await expectAllUnauthorized(server, [
      { method: 'POST', path: '/user-tasks/search', json: {} },
      { method: 'GET', path: '/user-tasks/1' },
      { method: 'PATCH', path: '/user-tasks/1', json: {} },
      { method: 'POST', path: '/user-tasks/1/assignment', json: { assignee: 'demo' } },
      { method: 'DELETE', path: '/user-tasks/1/assignee' },
      { method: 'POST', path: '/user-tasks/1/completion', json: {} },
      { method: 'POST', path: '/user-tasks/1/variables/search', json: {} },
    ]);
  });
});
