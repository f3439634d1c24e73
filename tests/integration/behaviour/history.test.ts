/**
 * Element instances and variables stay searchable after their scope, or the whole instance,
 * has completed: the live state drops a finished scope, the projected rows do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import type { TestServer } from '../../support/testServer';
import {
  activateJobs,
  deployFixtures,
  searchItems,
  startInstance,
  startOn,
  waitFor,
} from './support';

describe.each(backends())('history on $name', (backend) => {
  let server: TestServer;
  let instanceKey: string;

  beforeAll(async () => {
    server = await startOn(backend, 'history');
    await deployFixtures(server.api, 'History.inputMapping');
    // given an order shipped by a worker: the task's inputs are mapped into its own scope
    instanceKey = await startInstance(server.api, 'history-input-mapping', {
      order: { id: 'A-17', total: 240 },
    });
    const [job] = await activateJobs(server.api, 'history.ship');
    expect(job.variables).toMatchObject({ total: 240, shipping: 'express' });
    const done = await server.api.post(`/jobs/${job.jobKey}/completion`, {
      variables: { trackingId: 'TRK-1' },
    });
    expect(done.status).toBe(204);
    await waitFor(async () => {
      const { body } = await server.api.get(`/process-instances/${instanceKey}`);
      return body.state === 'COMPLETED' ? true : undefined;
    }, 'the instance to complete');
  });
  afterAll(() => server?.close());

  const elements = () =>
    searchItems(server.api, '/element-instances/search', {
      filter: { processInstanceKey: instanceKey },
      sort: [{ field: 'elementInstanceKey' }],
    });

  it('keeps every element instance of a completed instance searchable, completed', async () => {
    // when
    const items = await elements();
    // then
    expect(items.map((item) => [item.elementId, item.type, item.state])).toEqual([
      ['history-input-mapping', 'PROCESS', 'COMPLETED'],
      ['StartEvent_OrderPlaced', 'START_EVENT', 'COMPLETED'],
      ['Task_ShipOrder', 'SERVICE_TASK', 'COMPLETED'],
      ['EndEvent_OrderShipped', 'END_EVENT', 'COMPLETED'],
    ]);
    for (const item of items) {
      expect(item.endDate).not.toBeNull();
      expect(item.hasIncident).toBe(false);
    }
  });

  it('finds completed element instances by state, type and scope', async () => {
    // when
    const completedTasks = await searchItems(server.api, '/element-instances/search', {
      filter: { processInstanceKey: instanceKey, state: 'COMPLETED', type: 'SERVICE_TASK' },
    });
    const inProcessScope = await searchItems(server.api, '/element-instances/search', {
      filter: { elementInstanceScopeKey: instanceKey },
    });
    const active = await searchItems(server.api, '/element-instances/search', {
      filter: { processInstanceKey: instanceKey, state: 'ACTIVE' },
    });
    // then
    expect(completedTasks.map((item) => item.elementId)).toEqual(['Task_ShipOrder']);
    expect(inProcessScope).toHaveLength(3);
    expect(active).toEqual([]);
  });

  it('answers GET /element-instances/{key} for a completed element', async () => {
    // given
    const task = (await elements()).find((item) => item.elementId === 'Task_ShipOrder');
    // when
    const answer = await server.api.get(`/element-instances/${task.elementInstanceKey}`);
    // then
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      elementInstanceKey: task.elementInstanceKey,
      processInstanceKey: instanceKey,
      elementName: 'Ship order',
      state: 'COMPLETED',
    });
  });

  it('keeps the input-mapped local variables of the completed task, by scopeKey', async () => {
    // given
    const task = (await elements()).find((item) => item.elementId === 'Task_ShipOrder');
    // when
    const locals = await searchItems(server.api, '/variables/search', {
      filter: { scopeKey: task.elementInstanceKey },
      sort: [{ field: 'name' }],
    });
    // then the task's scope held total and shipping, as JSON text
    expect(locals.map((v) => [v.name, v.value, v.processInstanceKey])).toEqual([
      ['shipping', '"express"', instanceKey],
      ['total', '240', instanceKey],
    ]);
    for (const variable of locals) expect(variable.isTruncated).toBe(false);
  });

  it('keeps the root variables, including the ones the job completed with', async () => {
    // when
    const roots = await searchItems(server.api, '/variables/search', {
      filter: { scopeKey: instanceKey },
      sort: [{ field: 'name' }],
    });
    // then the local variables did not leak into the process scope
    expect(roots.map((v) => [v.name, JSON.parse(v.value)])).toEqual([
      ['order', { id: 'A-17', total: 240 }],
      ['trackingId', 'TRK-1'],
    ]);
  });

  it('answers GET /variables/{key} for a variable of a completed scope', async () => {
    // given
    const [total] = await searchItems(server.api, '/variables/search', {
      filter: { processInstanceKey: instanceKey, name: 'total' },
    });
    // when
    const answer = await server.api.get(`/variables/${total.variableKey}`);
    // then
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      variableKey: total.variableKey,
      name: 'total',
      value: '240',
      scopeKey: total.scopeKey,
      processInstanceKey: instanceKey,
    });
  });
});
