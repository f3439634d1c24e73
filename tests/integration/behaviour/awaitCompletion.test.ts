/**
 * `awaitCompletion: true` on `POST /v2/process-instances`: the answer waits for the end and
 * carries the root variables (filtered by `fetchVariables`), or is a 504 problem when the
 * instance does not end within `requestTimeout`, and the instance keeps running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import type { TestServer } from '../../support/testServer';
import { deployFixtures, searchItems, startOn } from './support';

describe.each(backends())('awaiting completion on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startOn(backend, 'await');
    await deployFixtures(server.api, 'AwaitCompletion.straightThrough', 'AwaitCompletion.userTask');
  });
  afterAll(() => server?.close());

  const start = (body: Record<string, unknown>) =>
    server.api.post('/process-instances', { awaitCompletion: true, ...body });

  it('returns every root variable of a process without wait states', async () => {
    // when
    const answer = await start({
      processDefinitionId: 'await-straight-through',
      variables: { a: 2, b: 40 },
    });
    // then the output mapping's result is among them
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.variables).toEqual({ a: 2, b: 40, sum: 42 });
    const instance = await server.api.get(`/process-instances/${answer.body.processInstanceKey}`);
    expect(instance.body.state).toBe('COMPLETED');
  });

  it('returns only the variables named in fetchVariables', async () => {
    // when
    const answer = await start({
      processDefinitionId: 'await-straight-through',
      variables: { a: 1, b: 2 },
      fetchVariables: ['sum', 'missing'],
    });
    // then
    expect(answer.status).toBe(200);
    expect(answer.body.variables).toEqual({ sum: 3 });
  });

  it('answers 504 DEADLINE_EXCEEDED for a process waiting on a user task, which keeps running', async () => {
    // given a marker, so that this instance can be found without its key
    const marker = `await-${Date.now()}`;
    // when
    const started = Date.now();
    const answer = await start({
      processDefinitionId: 'await-user-task',
      variables: { marker },
      requestTimeout: 300,
    });
    // then the answer is a problem, after about the requested timeout
    expect(answer.status).toBe(504);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 504, title: 'DEADLINE_EXCEEDED' });
    expect(Date.now() - started).toBeLessThan(5_000);
    // and the instance is active, its task waiting
    const [instance] = await searchItems(server.api, '/process-instances/search', {
      filter: {
        processDefinitionId: 'await-user-task',
        variables: [{ name: 'marker', value: JSON.stringify(marker) }],
      },
    });
    expect(instance.state).toBe('ACTIVE');
    const [task] = await searchItems(server.api, '/user-tasks/search', {
      filter: { processInstanceKey: instance.processInstanceKey },
    });
    expect(task).toMatchObject({ state: 'CREATED', elementId: 'Task_ApproveDiscount' });
  });

  it('returns empty variables when not awaiting', async () => {
    // when
    const answer = await server.api.post('/process-instances', {
      processDefinitionId: 'await-straight-through',
      variables: { a: 1, b: 1 },
    });
    // then
    expect(answer.status).toBe(200);
    expect(answer.body.variables).toEqual({});
  });
});
