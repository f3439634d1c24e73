/**
 * BPMN errors from the real `@camunda8/sdk` (8.8.13) against an in-process Relata: a job
 * worker's `job.error(...)` (legacy `CamundaRestClient` and Orchestration Cluster API
 * client) drives the error boundary event of its task, and a code nobody catches raises an
 * `UNHANDLED_ERROR_EVENT` incident that the worker gets past once it is resolved.
 */
import { fileURLToPath } from 'node:url';
import { Camunda8, OrchestrationLifters, type CamundaRestClient } from '@camunda8/sdk';
import { createCamundaClient } from '@camunda8/orchestration-cluster-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import { WAIT_MS, until } from './sdkTestKit';

const sqlite = backends()[0]!;
const CREDIT_BPMN = fileURLToPath(new URL('./camundaSdkErrors.credit.bpmn', import.meta.url));
const PROCESS_ID = 'sdk-errors-credit';
const JOB_TYPE = 'sdk.errors.credit-check';

describe('BPMN errors from the Camunda 8 SDK', () => {
  let server: TestServer;
  /** Everything that must stop when the file ends, even after a failed test. */
  const cleanups: Array<() => unknown> = [];

  /** As in camundaSdk.test.ts: configuration in code, explicit BASIC strategy. */
  const sdkConfig = (username: string, password: string) => ({
    ZEEBE_REST_ADDRESS: server.url,
    CAMUNDA_AUTH_STRATEGY: 'BASIC' as const,
    CAMUNDA_BASIC_AUTH_USERNAME: username,
    CAMUNDA_BASIC_AUTH_PASSWORD: password,
    CAMUNDA_TENANT_ID: '<default>',
    CAMUNDA_LOG_LEVEL: 'error' as const,
  });

  beforeAll(async () => {
    server = await startTestServer(databaseUri(sqlite.uri, freshDbName('camunda_sdk_errors')), {
      // No recovery sweep, as in camundaSdk.test.ts: crash recovery is not tested here.
      sweepIntervalMs: 3_600_000,
    });
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        /* keep cleaning up */
      }
    }
    // A cancelled long poll ends on the server within one activation attempt.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server?.close();
  });

  describe('through the legacy CamundaRestClient', () => {
    let camunda: CamundaRestClient;
    let workerClient: CamundaRestClient;
    let orchestration: ReturnType<Camunda8['getOrchestrationClusterApiClient']>;

    beforeAll(async () => {
      const c8 = new Camunda8(sdkConfig('demo', 'demo'));
      // Basic credentials belong to the Camunda8 instance, so the worker gets its own.
      const workerC8 = new Camunda8(sdkConfig('demo-worker', 'demo-secret'));
      cleanups.push(
        () => c8.closeAllClients(),
        () => workerC8.closeAllClients(),
      );
      camunda = c8.getCamundaRestClient();
      workerClient = workerC8.getCamundaRestClient();
      orchestration = c8.getOrchestrationClusterApiClient();
      await camunda.deployResourcesFromFiles([CREDIT_BPMN]);
    });

    const startWorker = (
      jobHandler: Parameters<CamundaRestClient['createJobWorker']>[0]['jobHandler'],
    ) => {
      const worker = workerClient.createJobWorker({
        type: JOB_TYPE,
        worker: 'sdk-credit-worker',
        timeout: 10_000,
        maxJobsToActivate: 5,
        pollIntervalMs: 100,
        jobHandler,
      });
      const stop = () => worker.stop(5_000).catch(() => undefined);
      cleanups.push(stop);
      return { stop };
    };

    const stateOf = async (processInstanceKey: string) =>
      (await camunda.searchProcessInstances({ filter: { processInstanceKey } })).items[0]?.state;

    it("takes the error boundary path when the worker's job.error throws the caught code", async () => {
      // given a worker that rejects every credit check with CREDIT_REJECTED
      const worker = startWorker((job) =>
        job.error({
          errorCode: 'CREDIT_REJECTED',
          errorMessage: 'score below 500',
          variables: { rejectionReason: 'score' },
        }),
      );
      try {
        // when an application is started
        const { processInstanceKey } = await camunda.createProcessInstance({
          processDefinitionId: PROCESS_ID,
          variables: { applicant: 'Ada' },
        });

        // then the review task after the boundary event waits
        const task = await until('the review task', async () => {
          const found = await camunda.searchUserTasks({
            filter: { processInstanceKey, state: 'CREATED' },
          });
          return found.items[0];
        });
        expect(task.elementId).toBe('Task_ReviewRejection');
        expect(await stateOf(processInstanceKey)).toBe('ACTIVE');
        // and the error's variables reached the process
        const found = await camunda.searchVariables({
          filter: { processInstanceKey, name: 'rejectionReason' },
        });
        expect(found.items.map((item) => item.value)).toEqual(['"score"']);
        // and the job shows ERROR_THROWN with the worker's message
        const jobs = await orchestration.searchJobs(
          {
            filter: {
              processInstanceKey:
                OrchestrationLifters.ProcessInstanceKey.assumeExists(processInstanceKey),
            },
          },
          { consistency: { waitUpToMs: 0 } },
        );
        expect(jobs.items.map((job) => [job.state, job.errorMessage, job.elementId])).toEqual([
          ['ERROR_THROWN', 'score below 500', 'Task_CheckCredit'],
        ]);
      } finally {
        await worker.stop();
      }
    });

    it('raises an UNHANDLED_ERROR_EVENT incident for a code nobody catches; once resolved the worker completes the job', async () => {
      // given a worker that throws a code no event catches on its first attempt
      let attempts = 0;
      const worker = startWorker((job) => {
        attempts++;
        if (attempts === 1)
          return job.error({
            errorCode: 'BUREAU_OFFLINE',
            errorMessage: 'the credit bureau did not answer',
            variables: {},
          });
        return job.complete({ approved: true });
      });
      try {
        // when an application is started
        const { processInstanceKey } = await camunda.createProcessInstance({
          processDefinitionId: PROCESS_ID,
          variables: { applicant: 'Grace' },
        });

        // then the credit check waits on an incident naming the job
        const incident = await until('the incident', async () => {
          const found = await camunda.searchIncidents({
            filter: { processInstanceKey, state: 'ACTIVE' },
          });
          return found.items[0];
        });
        expect(incident).toMatchObject({
          errorType: 'UNHANDLED_ERROR_EVENT',
          elementId: 'Task_CheckCredit',
        });
        expect(incident.jobKey).toMatch(/^\d+$/);
        expect(incident.errorMessage).toContain('BUREAU_OFFLINE');
        expect(await stateOf(processInstanceKey)).toBe('ACTIVE');

        // when the incident is resolved
        await camunda.resolveIncident(incident.incidentKey);

        // then the worker gets the job again, completes it, and the credit is approved
        await until('the approved application', async () =>
          (await stateOf(processInstanceKey)) === 'COMPLETED' ? true : undefined,
        );
        expect(attempts).toBe(2);
        const incidents = await camunda.searchIncidents({ filter: { processInstanceKey } });
        expect(incidents.items.map((item) => item.state)).toEqual(['RESOLVED']);
        const approved = await camunda.searchVariables({
          filter: { processInstanceKey, name: 'approved' },
        });
        expect(approved.items.map((item) => item.value)).toEqual(['true']);
      } finally {
        await worker.stop();
      }
    });
  });

  describe('through the Orchestration Cluster API client', () => {
    let camunda: ReturnType<Camunda8['getOrchestrationClusterApiClient']>;
    let workerClient: ReturnType<typeof createCamundaClient>;

    beforeAll(async () => {
      const c8 = new Camunda8(sdkConfig('demo', 'demo'));
      cleanups.push(() => c8.closeAllClients());
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
      await camunda.deployResourcesFromFiles([CREDIT_BPMN]);
    });

    it("takes the error boundary path when the worker's job.error throws the caught code", async () => {
      // given a worker that rejects every credit check with CREDIT_REJECTED
      const worker = workerClient.createJobWorker({
        jobType: JOB_TYPE,
        workerName: 'sdk-oca-credit-worker',
        jobTimeoutMs: 10_000,
        maxParallelJobs: 2,
        jobHandler: (job) =>
          job.error({
            errorCode: 'CREDIT_REJECTED',
            errorMessage: 'too risky',
            variables: { rejectedBy: job.worker },
          }),
      });
      cleanups.push(() => worker.stop());
      try {
        // when an application is started
        const { processInstanceKey } = await camunda.createProcessInstance({
          processDefinitionId: OrchestrationLifters.ProcessDefinitionId.assumeExists(PROCESS_ID),
          variables: { applicant: 'Barbara' },
        });

        // then the review task after the boundary event waits
        const tasks = await camunda.searchUserTasks(
          { filter: { processInstanceKey, state: 'CREATED' } },
          { consistency: { waitUpToMs: WAIT_MS, predicate: (r) => r.items.length > 0 } },
        );
        expect(tasks.items.map((task) => task.elementId)).toEqual(['Task_ReviewRejection']);
        // and the credit check was interrupted, the error's variables kept
        const check = await camunda.searchElementInstances(
          {
            filter: {
              processInstanceKey,
              elementId: OrchestrationLifters.ElementId.assumeExists('Task_CheckCredit'),
            },
          },
          { consistency: { waitUpToMs: 0 } },
        );
        expect(check.items?.map((item) => item.state)).toEqual(['TERMINATED']);
        const variables = await camunda.searchVariables(
          { filter: { processInstanceKey, name: 'rejectedBy' } },
          { consistency: { waitUpToMs: 0 } },
        );
        expect(variables.items.map((item) => item.value)).toEqual(['"sdk-oca-credit-worker"']);
        // and the job shows ERROR_THROWN
        const jobs = await camunda.searchJobs(
          { filter: { processInstanceKey, state: 'ERROR_THROWN' } },
          { consistency: { waitUpToMs: 0 } },
        );
        expect(jobs.items.map((job) => job.errorMessage)).toEqual(['too risky']);
      } finally {
        worker.stop();
      }
    });

    it('reports throwJobError for an unknown job as a 404 HTTP error', async () => {
      // when
      const thrown = camunda.throwJobError({
        jobKey: OrchestrationLifters.JobKey.assumeExists('1'),
        errorCode: 'CREDIT_REJECTED',
      });

      // then
      await expect(thrown).rejects.toMatchObject({ status: 404 });
    });
  });
});
