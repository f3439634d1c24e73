/**
 * User task listeners from the real `@camunda8/sdk` (8.8.13): its Orchestration Cluster
 * API client activates TASK_LISTENER jobs with their `userTask`, completes them with a
 * `userTask` result that corrects or denies, and its user task commands answer once the
 * listeners are done (a denial as a 409 HTTP error).
 */
import { fileURLToPath } from 'node:url';
import { Camunda8, OrchestrationLifters } from '@camunda8/sdk';
import { createCamundaClient } from '@camunda8/orchestration-cluster-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import { WAIT_MS } from './sdkTestKit';

const sqlite = backends()[0]!;
const REVIEW_BPMN = fileURLToPath(
  new URL('./camundaSdkTaskListeners.review.bpmn', import.meta.url),
);

describe('user task listeners from the Camunda 8 SDK', () => {
  let server: TestServer;
  let c8: Camunda8;
  let camunda: ReturnType<Camunda8['getOrchestrationClusterApiClient']>;
  let workerClient: ReturnType<typeof createCamundaClient>;

  beforeAll(async () => {
    server = await startTestServer(databaseUri(sqlite.uri, freshDbName('camunda_sdk_tl')), {
      sweepIntervalMs: 3_600_000,
    });
    // As in camundaSdk.test.ts: configuration in code, explicit BASIC strategy.
    c8 = new Camunda8({
      ZEEBE_REST_ADDRESS: server.url,
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
      CAMUNDA_BASIC_AUTH_PASSWORD: 'demo',
      CAMUNDA_TENANT_ID: '<default>',
      CAMUNDA_LOG_LEVEL: 'error',
    });
    camunda = c8.getOrchestrationClusterApiClient();
    workerClient = createCamundaClient({
      config: {
        CAMUNDA_REST_ADDRESS: server.url,
        CAMUNDA_AUTH_STRATEGY: 'BASIC',
        CAMUNDA_BASIC_AUTH_USERNAME: 'demo-worker',
        CAMUNDA_BASIC_AUTH_PASSWORD: 'demo-secret',
        CAMUNDA_SDK_LOG_LEVEL: 'error',
      },
    });
    await camunda.deployResourcesFromFiles([REVIEW_BPMN]);
  });

  afterAll(async () => {
    await c8?.closeAllClients();
    await server?.close();
  });

  const activateOne = async (type: string) => {
    const { jobs } = await workerClient.activateJobs({
      type,
      worker: 'sdk-listener',
      timeout: 30_000,
      maxJobsToActivate: 1,
      requestTimeout: 5_000,
    });
    expect(jobs).toHaveLength(1);
    return jobs[0]!;
  };

  it('corrects an assignment and denies a completion through task listener jobs', async () => {
    // given a claim review waiting for the service group
    const { processInstanceKey } = await camunda.createProcessInstance({
      processDefinitionId:
        OrchestrationLifters.ProcessDefinitionId.assumeExists('sdk-task-listened'),
      variables: { claim: 'c-1' },
    });
    const tasks = await camunda.searchUserTasks(
      { filter: { processInstanceKey, state: 'CREATED' } },
      { consistency: { waitUpToMs: WAIT_MS, predicate: (r) => r.items.length > 0 } },
    );
    const { userTaskKey } = tasks.items[0]!;

    // when it is assigned to anna, and the assigning listener corrects that to bob
    const assignment = camunda.assignUserTask({ userTaskKey, assignee: 'anna' });
    const assigning = await activateOne('sdk.tl.assigning');
    expect(assigning).toMatchObject({
      kind: 'TASK_LISTENER',
      listenerEventType: 'ASSIGNING',
      variables: { claim: 'c-1' },
      userTask: { assignee: 'anna', action: 'assign', changedAttributes: ['assignee'] },
    });
    await workerClient.completeJob({
      jobKey: assigning.jobKey,
      result: { type: 'userTask', corrections: { assignee: 'bob' } },
    });

    // then the assignment is answered, and bob has the task
    await assignment;
    const assigned = await camunda.getUserTask(
      { userTaskKey },
      { consistency: { waitUpToMs: WAIT_MS, predicate: (t) => t.assignee === 'bob' } },
    );
    expect(assigned).toMatchObject({ assignee: 'bob', state: 'CREATED' });

    // when it is completed, and the completing listener denies that
    // (its answer is caught at once: it comes while the listener job is worked)
    const completion = camunda
      .completeUserTask({ userTaskKey, variables: { approved: true } })
      .then(
        () => 'completed',
        (error: unknown) => error,
      );
    const completing = await activateOne('sdk.tl.completing');
    expect(completing).toMatchObject({
      listenerEventType: 'COMPLETING',
      userTask: { assignee: 'bob', action: 'complete' },
    });
    await workerClient.completeJob({
      jobKey: completing.jobKey,
      result: { type: 'userTask', denied: true, deniedReason: 'missing receipt' },
    });

    // then the completion is refused, the task stays open, and the job tells why
    expect(await completion).toMatchObject({
      status: 409,
      detail: expect.stringContaining("Reason to deny: 'missing receipt'"),
    });
    const open = await camunda.getUserTask({ userTaskKey }, { consistency: { waitUpToMs: 0 } });
    expect(open.state).toBe('CREATED');
    const jobs = await camunda.searchJobs(
      { filter: { processInstanceKey, isDenied: true } },
      { consistency: { waitUpToMs: 0 } },
    );
    expect(jobs.items.map((job) => [job.listenerEventType, job.deniedReason])).toEqual([
      ['COMPLETING', 'missing receipt'],
    ]);
  });
});
