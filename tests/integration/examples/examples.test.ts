import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';

const sqlite = backends()[0]!;

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the example processes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(databaseUri(sqlite.uri, freshDbName('examples')));
  });
  afterAll(() => server.close());

  const completeJob = async (type: string, variables: Record<string, unknown>) => {
    const { body } = await server.api.as('demo-worker', 'demo-secret').post('/jobs/activation', {
      type,
      timeout: 10_000,
      maxJobsToActivate: 1,
      requestTimeout: 2_000,
    });
    expect(body.jobs).toHaveLength(1);
    const done = await server.api
      .as('demo-worker', 'demo-secret')
      .post(`/jobs/${body.jobs[0].jobKey}/completion`, { variables });
    expect(done.status).toBe(204);
  };

  const completeTask = async (
    instanceKey: string,
    elementId: string,
    user: string,
    variables: Record<string, unknown>,
  ) => {
    const task = await waitFor(async () => {
      const { body } = await server.api.post('/user-tasks/search', {
        filter: { processInstanceKey: instanceKey, elementId, state: 'CREATED' },
      });
      return body.items[0];
    }, elementId);
    expect(
      (
        await server.api
          .as(user)
          .post(`/user-tasks/${task.userTaskKey}/assignment`, { assignee: user })
      ).status,
    ).toBe(204);
    expect(
      (await server.api.as(user).post(`/user-tasks/${task.userTaskKey}/completion`, { variables }))
        .status,
    ).toBe(204);
  };

  const instanceState = async (key: string) =>
    (await server.api.get(`/process-instances/${key}`)).body.state;

  it('runs lead qualification through the offer path to a won deal', async () => {
    // given the demo deployment and a new lead, started by a sales user
    const started = await server.api.as('staff').post('/process-instances', {
      processDefinitionId: 'lead-qualification',
      variables: { lead: 'ACME' },
    });
    expect(started.status).toBe(200);
    const key = started.body.processInstanceKey;
    // when the lead scores high, the offer is prepared, the client contacted and the credit checked
    await completeJob('crm.lead.score', { score: 80 });
    await completeTask(key, 'Task_PrepareOffer', 'staff', {});
    await completeJob('crm.credit.check', { creditOk: true });
    await completeTask(key, 'Task_ContactClient', 'staff', { dealWon: true });
    // then the instance is completed through the "Deal won" end event
    await waitFor(
      async () => ((await instanceState(key)) === 'COMPLETED' ? true : undefined),
      'completion',
    );
    const ends = await server.api.post('/element-instances/search', {
      filter: { processInstanceKey: key, type: 'END_EVENT' },
    });
    expect(ends.body.items.map((item: { elementName: string }) => item.elementName)).toEqual([
      'Deal won',
    ]);
  });

  it('runs complaint intake through the supervisor review for a severe complaint', async () => {
    // given a complaint registered by service staff
    const started = await server.api.as('staff').post('/process-instances', {
      processDefinitionId: 'complaint-intake',
      variables: { clientName: 'Olena' },
    });
    const key = started.body.processInstanceKey;
    // when it is registered as severe, reviewed, resolved and the client informed
    await completeTask(key, 'Task_RegisterComplaint', 'staff', { severity: 'high' });
    await completeTask(key, 'Task_ReviewWithSupervisor', 'admin', {});
    await completeTask(key, 'Task_ResolveComplaint', 'staff', { resolution: 'refund' });
    await completeJob('crm.client.inform', {});
    // then it completes, and the supervisor review is in its history
    await waitFor(
      async () => ((await instanceState(key)) === 'COMPLETED' ? true : undefined),
      'completion',
    );
    const review = await server.api.post('/element-instances/search', {
      filter: { processInstanceKey: key, elementId: 'Task_ReviewWithSupervisor' },
    });
    expect(review.body.items[0].state).toBe('COMPLETED');
  });
});
