/**
 * Twenty completions of one user task at the same moment: the commit insert is the
 * lock (D3), so exactly one wins, the next element is entered once, and the stored
 * variables are the winner's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import {
  deploy,
  elementInstances,
  fixture,
  startInstance,
  variable,
  waitForUserTask,
  within,
} from './helpers';

const COMPLETIONS = 20;

describe.each(backends())('concurrent completion of one user task on $name', ({ uri }) => {
  // Two servers on one database: the requests race inside one process and across two.
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const db = databaseUri(uri, freshDbName('userTaskCompletion'));
    a = await startTestServer(db);
    b = await startTestServer(db);
    await deploy(
      a.api,
      'userTaskCompletion.twoTasks.bpmn',
      fixture('userTaskCompletion.twoTasks.bpmn'),
    );
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('lets exactly one of 20 simultaneous completions win', async () => {
    // given an instance waiting on its first user task
    const key = await startInstance(a.api, 'concurrent-user-task');
    const task = await waitForUserTask(a.api, key, 'first');

    // when 20 completions with different variables arrive at once, half through each server
    const responses = await within(
      Promise.all(
        Array.from({ length: COMPLETIONS }, (_, i) =>
          (i % 2 === 0 ? a : b).api.post(`/user-tasks/${task.userTaskKey}/completion`, {
            variables: { choice: i, by: `request-${i}` },
          }),
        ),
      ),
      30_000,
      'the completions',
    );

    // then exactly one is accepted and every other one is rejected as a conflict or gone
    const statuses = responses.map((response) => response.status);
    expect(
      statuses.filter((status) => status === 204),
      JSON.stringify(statuses),
    ).toHaveLength(1);
    for (const [i, response] of responses.entries()) {
      if (response.status !== 204)
        expect([404, 409], `request ${i}: ${JSON.stringify(response.body)}`).toContain(
          response.status,
        );
    }
    const winner = statuses.indexOf(204);

    // and the second task is entered exactly once, the first completed exactly once
    await waitForUserTask(a.api, key, 'second');
    const rows = await elementInstances(b.api, key);
    const of = (elementId: string) => rows.filter((row) => row.elementId === elementId);
    expect(of('first').map((row) => row.state)).toEqual(['COMPLETED']);
    expect(of('second').map((row) => row.state)).toEqual(['ACTIVE']);
    const secondTasks = await b.api.post('/user-tasks/search', {
      filter: { processInstanceKey: key, elementId: 'second' },
    });
    expect(secondTasks.body.items).toHaveLength(1);

    // and the stored variables are the winner's, through either server
    for (const server of [a, b]) {
      expect(await variable(server.api, key, 'choice')).toBe(winner);
      expect(await variable(server.api, key, 'by')).toBe(`request-${winner}`);
    }
  });
});
