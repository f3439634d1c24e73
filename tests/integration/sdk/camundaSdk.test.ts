/**
 * The real `@camunda8/sdk` against an in-process Relata: both of its REST clients, the
 * legacy `CamundaRestClient` and the Orchestration Cluster API client, drive an order from
 * deployment through a job worker and a user task to its end, with HTTP Basic credentials.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Camunda8, OrchestrationLifters, type CamundaRestClient } from '@camunda8/sdk';
import { createCamundaClient } from '@camunda8/orchestration-cluster-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import { WAIT_MS, until } from './sdkTestKit';

const sqlite = backends()[0]!;
const ORDER_BPMN = fileURLToPath(new URL('./camundaSdk.order.bpmn', import.meta.url));
const NO_WAIT_BPMN = fileURLToPath(new URL('./camundaSdk.noWait.bpmn', import.meta.url));
const JOB_TYPE = 'sdk.order.notify';

/** Resolves `work` or rejects after `ms`, so a stuck SDK call cannot hang a test. */
function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

describe('the Camunda 8 SDK against Relata', () => {
  let server: TestServer;
  /** Everything that must stop when the file ends, even after a failed test. */
  const cleanups: Array<() => unknown> = [];

  beforeAll(async () => {
    server = await startTestServer(databaseUri(sqlite.uri, freshDbName('camunda_sdk')), {
      // No recovery sweep during these tests: it re-projects commits the request is still
      // projecting, and the two upserts of one row collide (E11000 → 500 on create or job
      // completion, a few per hundred requests). Crash recovery is not what this file tests.
      sweepIntervalMs: 3_600_000,
    });
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await within(10_000, 'cleanup', Promise.resolve(cleanup()));
      } catch {
        /* keep cleaning up */
      }
    }
    // A cancelled long poll ends on the server within one activation attempt; closing the
    // database under it would only log a MongoClientClosedError.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server?.close();
  });

  /**
   * SDK configuration passed in code rather than through `process.env`. No
   * `CAMUNDA_OAUTH_DISABLED: true`: sdk 8.8.13 then forces the strategy to NONE, BASIC
   * included, and sends `authorization: ""`. An explicit strategy already stops the
   * SDK from switching to OAuth on its own.
   */
  const sdkConfig = (username: string, password: string) => ({
    ZEEBE_REST_ADDRESS: server.url,
    CAMUNDA_AUTH_STRATEGY: 'BASIC' as const,
    CAMUNDA_BASIC_AUTH_USERNAME: username,
    CAMUNDA_BASIC_AUTH_PASSWORD: password,
    CAMUNDA_TENANT_ID: '<default>',
    CAMUNDA_LOG_LEVEL: 'error' as const,
  });

  describe('through the legacy CamundaRestClient', () => {
    let camunda: CamundaRestClient;
    let workerClient: CamundaRestClient;

    beforeAll(() => {
      const c8 = new Camunda8(sdkConfig('demo', 'demo'));
      // Basic credentials belong to the Camunda8 instance, so the worker gets its own.
      const workerC8 = new Camunda8(sdkConfig('demo-worker', 'demo-secret'));
      cleanups.push(
        () => c8.closeAllClients(),
        () => workerC8.closeAllClients(),
      );
      camunda = c8.getCamundaRestClient();
      workerClient = workerC8.getCamundaRestClient();
    });

    /** A worker for the notify job, stopped by the caller's `finally` (or at the end of the file). */
    const startWorker = (
      jobHandler: Parameters<CamundaRestClient['createJobWorker']>[0]['jobHandler'],
    ) => {
      const worker = workerClient.createJobWorker({
        type: JOB_TYPE,
        worker: 'sdk-legacy-worker',
        timeout: 10_000,
        maxJobsToActivate: 5,
        pollIntervalMs: 100,
        jobHandler,
      });
      const stop = () => worker.stop(5_000).catch(() => undefined);
      cleanups.push(stop);
      return { stop };
    };

    it('runs an order from deployment through the worker and the user task to its approved end', async () => {
      // given the order process, deployed from its file
      const deployment = await camunda.deployResourcesFromFiles([ORDER_BPMN]);
      const [definition] = deployment.processes;
      expect(deployment.tenantId).toBe('<default>');
      expect(definition).toMatchObject({
        processDefinitionId: 'sdk-order',
        resourceName: 'camundaSdk.order.bpmn',
        tenantId: '<default>',
      });
      // and a worker that completes the notify job on the channel its task header names
      const headersSeen: Array<Record<string, string>> = [];
      const worker = startWorker((job) => {
        const headers = job.customHeaders as unknown as Record<string, string>;
        headersSeen.push(headers);
        const { orderId } = job.variables as unknown as { orderId: string };
        return job.complete({ notifiedVia: String(headers.channel), notifiedOrder: orderId });
      });
      try {
        // when an order is started
        const started = await camunda.createProcessInstance({
          processDefinitionId: 'sdk-order',
          variables: { orderId: 'order-legacy', amount: 120 },
        });
        const processInstanceKey = started.processInstanceKey;
        expect(started.processDefinitionKey).toBe(definition!.processDefinitionKey);

        // then, once the worker is done, the approval task waits for the sales group
        const task = await until('the approval task', async () => {
          const found = await camunda.searchUserTasks({
            filter: { processInstanceKey, state: 'CREATED' },
          });
          return found.items[0];
        });
        expect(task).toMatchObject({
          elementId: 'Task_ApproveOrder',
          name: 'Approve order',
          candidateGroups: ['sales'],
          processDefinitionId: 'sdk-order',
        });
        expect(headersSeen).toEqual([{ channel: 'email' }]);

        // when it is assigned, rescheduled through the legacy update alias, and approved
        await camunda.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'staff' });
        const dueDate = '2031-05-04T10:00:00.000Z';
        await camunda.updateUserTask({
          userTaskKey: task.userTaskKey,
          changeset: { dueDate, candidateGroups: ['sales', 'service'] },
        });
        const updated = await camunda.getUserTask(task.userTaskKey);
        expect(updated.assignee).toBe('staff');
        expect(new Date(updated.dueDate!).toISOString()).toBe(dueDate);
        expect(updated.candidateGroups).toEqual(['sales', 'service']);
        await camunda.completeUserTask({
          userTaskKey: task.userTaskKey,
          variables: { approved: true },
        });

        // then the instance completes at "Order approved"
        const completed = await until('the instance to complete', async () => {
          const found = await camunda.searchProcessInstances({ filter: { processInstanceKey } });
          return found.items[0]?.state === 'COMPLETED' ? found.items[0] : undefined;
        });
        expect(completed).toMatchObject({ processDefinitionId: 'sdk-order', hasIncident: false });
        const ends = await camunda.searchElementInstances({
          filter: { processInstanceKey, type: 'END_EVENT' },
        });
        expect(ends.items.map((item) => item.elementName)).toEqual(['Order approved']);

        // and the worker's, the task's and the starter's variables are stored (as JSON text)
        const variables = await camunda.searchVariables({ filter: { processInstanceKey } });
        const byName = Object.fromEntries(variables.items.map((item) => [item.name, item.value]));
        expect(byName).toMatchObject({
          orderId: '"order-legacy"',
          amount: '120',
          notifiedVia: '"email"',
          notifiedOrder: '"order-legacy"',
          approved: 'true',
        });
        // and the deployed XML can be read back
        const xml = await camunda.getProcessDefinitionXML(definition!.processDefinitionKey);
        expect(xml).toContain('<zeebe:taskDefinition type="sdk.order.notify"');
      } finally {
        await worker.stop();
      }
    });

    it('returns the variables of a process without wait states when it is awaited', async () => {
      // given a quote process without wait states, deployed from memory
      const deployment = await camunda.deployResources([
        { content: readFileSync(NO_WAIT_BPMN, 'utf8'), name: 'camundaSdk.noWait.bpmn' },
      ]);
      expect(deployment.processes.map((p) => p.processDefinitionId)).toEqual(['sdk-quote']);

      // when an instance is created and awaited
      const result = await camunda.createProcessInstanceWithResult({
        processDefinitionId: 'sdk-quote',
        variables: { quantity: 3, unitPrice: 7 },
        requestTimeout: 10_000,
      });

      // then the answer carries the computed total, and the instance has completed
      expect(result.variables).toMatchObject({ quantity: 3, unitPrice: 7, total: 21 });
      const found = await camunda.searchProcessInstances({
        filter: { processInstanceKey: result.processInstanceKey },
      });
      expect(found.items[0]?.state).toBe('COMPLETED');

      // and an awaited instance can be asked for only some of its variables
      const totalOnly = await camunda.createProcessInstanceWithResult({
        processDefinitionId: 'sdk-quote',
        variables: { quantity: 2, unitPrice: 5 },
        fetchVariables: ['total'],
        requestTimeout: 10_000,
      });
      expect(totalOnly.variables).toEqual({ total: 10 });
    });

    it('cancels a running order', async () => {
      // given an order waiting at its service task (no worker is running)
      await camunda.deployResourcesFromFiles([ORDER_BPMN]);
      const { processInstanceKey } = await camunda.createProcessInstance({
        processDefinitionId: 'sdk-order',
        variables: { orderId: 'order-cancelled' },
      });

      // when it is cancelled
      await camunda.cancelProcessInstance({ processInstanceKey });

      // then it is terminated
      const found = await camunda.searchProcessInstances({ filter: { processInstanceKey } });
      expect(found.items[0]?.state).toBe('TERMINATED');
    });

    it('reports a single healthy leader as its topology', async () => {
      // when the topology is read
      const topology = await camunda.getTopology();

      // then one broker leads the one partition
      expect(topology.clusterSize).toBe(1);
      expect(topology.partitionsCount).toBe(1);
      expect(topology.brokers[0]?.partitions).toEqual([
        expect.objectContaining({ partitionId: 1, role: 'leader', health: 'healthy' }),
      ]);
    });

    it('raises a JOB_NO_RETRIES incident that is resolved after its retries are raised', async () => {
      // given the order process and a worker that fails the first attempt without retries
      await camunda.deployResourcesFromFiles([ORDER_BPMN]);
      let attempts = 0;
      const worker = startWorker((job) => {
        attempts++;
        if (attempts === 1)
          return job.fail({ errorMessage: 'SMTP server unreachable', retries: 0 });
        return job.complete({ notifiedVia: (job.customHeaders as any).channel });
      });
      try {
        // when an order is started and its notify job fails
        const { processInstanceKey } = await camunda.createProcessInstance({
          processDefinitionId: 'sdk-order',
          variables: { orderId: 'order-incident' },
        });

        // then the order shows an incident (its row is written after the incident's own)
        const instance = await until('the order to show an incident', async () => {
          const found = await camunda.searchProcessInstances({ filter: { processInstanceKey } });
          return found.items[0]?.hasIncident ? found.items[0] : undefined;
        });
        expect(instance.state).toBe('ACTIVE');
        // and the incident says the job has no retries left
        const active = await camunda.searchIncidents({
          filter: { processInstanceKey, state: 'ACTIVE' },
        });
        expect(active.items).toHaveLength(1);
        const incident = active.items[0]!;
        expect(incident).toMatchObject({
          errorType: 'JOB_NO_RETRIES',
          errorMessage: 'SMTP server unreachable',
          elementId: 'Task_NotifyCustomer',
        });
        expect(incident.jobKey).toMatch(/^\d+$/);

        // when the job gets a retry and the incident is resolved
        await camunda.updateJob({ jobKey: incident.jobKey, retries: 1 });
        await camunda.resolveIncident(incident.incidentKey);

        // then the worker completes the job and the order reaches its approval task
        const task = await until('the approval task after the incident', async () => {
          const found = await camunda.searchUserTasks({
            filter: { processInstanceKey, state: 'CREATED' },
          });
          return found.items[0];
        });
        expect(task.elementId).toBe('Task_ApproveOrder');
        expect(attempts).toBe(2);
        const incidents = await camunda.searchIncidents({ filter: { processInstanceKey } });
        expect(incidents.items.map((item) => item.state)).toEqual(['RESOLVED']);
        const after = await camunda.searchProcessInstances({ filter: { processInstanceKey } });
        expect(after.items[0]).toMatchObject({ state: 'ACTIVE', hasIncident: false });
        // (the search rows of one commit land one collection at a time: poll for the variable)
        const notified = await until("the worker's variable", async () => {
          const found = await camunda.searchVariables({
            filter: { processInstanceKey, name: 'notifiedVia' },
          });
          return found.items.length > 0 ? found.items : undefined;
        });
        expect(notified.map((item) => item.value)).toEqual(['"email"']);
      } finally {
        await worker.stop();
      }
    });
  });

  describe('through the Orchestration Cluster API client', () => {
    let camunda: ReturnType<Camunda8['getOrchestrationClusterApiClient']>;
    let workerClient: ReturnType<typeof createCamundaClient>;

    beforeAll(() => {
      // The facade derives the /v2 address from ZEEBE_REST_ADDRESS ...
      const c8 = new Camunda8(sdkConfig('demo', 'demo'));
      cleanups.push(() => c8.closeAllClients());
      camunda = c8.getOrchestrationClusterApiClient();
      // ... the standalone client takes CAMUNDA_REST_ADDRESS and appends /v2 itself.
      workerClient = createCamundaClient({
        config: {
          CAMUNDA_REST_ADDRESS: server.url,
          CAMUNDA_AUTH_STRATEGY: 'BASIC',
          CAMUNDA_BASIC_AUTH_USERNAME: 'demo-worker',
          CAMUNDA_BASIC_AUTH_PASSWORD: 'demo-secret',
          CAMUNDA_SDK_LOG_LEVEL: 'error',
        },
      });
    });

    it('runs an order from deployment through the worker and the user task to its rejected end', async () => {
      // given the order process, deployed from its file
      const deployment = await camunda.deployResourcesFromFiles([ORDER_BPMN]);
      const [definition] = deployment.processes;
      expect(definition).toMatchObject({
        processDefinitionId: 'sdk-order',
        resourceName: 'camundaSdk.order.bpmn',
      });
      // and a worker that completes the notify job on the channel its task header names
      const worker = workerClient.createJobWorker({
        jobType: JOB_TYPE,
        workerName: 'sdk-oca-worker',
        jobTimeoutMs: 10_000,
        maxParallelJobs: 2,
        jobHandler: (job) =>
          job.complete({
            notifiedVia: (job.customHeaders as Record<string, string>).channel,
            notifiedBy: job.worker,
          }),
      });
      cleanups.push(() => worker.stop());
      try {
        // when an order is started
        const started = await camunda.createProcessInstance({
          processDefinitionId: definition!.processDefinitionId,
          variables: { orderId: 'order-oca', amount: 80 },
        });
        const { processInstanceKey } = started;
        expect(started.processDefinitionKey).toBe(definition!.processDefinitionKey);

        // then, once the worker is done, the approval task waits for the sales group
        const tasks = await camunda.searchUserTasks(
          { filter: { processInstanceKey, state: 'CREATED' }, page: { limit: 10 } },
          { consistency: { waitUpToMs: WAIT_MS, predicate: (r) => r.items.length > 0 } },
        );
        const task = tasks.items[0]!;
        expect(task).toMatchObject({
          elementId: 'Task_ApproveOrder',
          name: 'Approve order',
          candidateGroups: ['sales'],
          tenantId: '<default>',
        });

        // when it is assigned to a sales clerk and rejected
        await camunda.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'staff' });
        const assigned = await camunda.getUserTask(
          { userTaskKey: task.userTaskKey },
          { consistency: { waitUpToMs: WAIT_MS, predicate: (t) => t.assignee === 'staff' } },
        );
        expect(assigned).toMatchObject({ assignee: 'staff', state: 'CREATED' });
        await camunda.completeUserTask({
          userTaskKey: task.userTaskKey,
          variables: { approved: false },
        });

        // then the instance completes at "Order rejected", after the worker's task
        const instance = await camunda.getProcessInstance(
          { processInstanceKey },
          { consistency: { waitUpToMs: WAIT_MS, predicate: (pi) => pi.state === 'COMPLETED' } },
        );
        expect(instance).toMatchObject({ state: 'COMPLETED', hasIncident: false });
        const ends = await camunda.searchElementInstances(
          { filter: { processInstanceKey, type: 'END_EVENT' } },
          { consistency: { waitUpToMs: WAIT_MS, predicate: (r) => (r.items ?? []).length > 0 } },
        );
        expect(ends.items?.map((item) => item.elementName)).toEqual(['Order rejected']);
        const notify = await camunda.searchElementInstances(
          {
            filter: {
              processInstanceKey,
              elementId: OrchestrationLifters.ElementId.assumeExists('Task_NotifyCustomer'),
            },
          },
          { consistency: { waitUpToMs: 0 } },
        );
        expect(notify.items?.map((item) => [item.type, item.state])).toEqual([
          ['SERVICE_TASK', 'COMPLETED'],
        ]);
        const completedTask = await camunda.getUserTask(
          { userTaskKey: task.userTaskKey },
          { consistency: { waitUpToMs: 0 } },
        );
        expect(completedTask).toMatchObject({ state: 'COMPLETED', assignee: 'staff' });

        // and the worker's variables are stored
        const variables = await camunda.searchVariables(
          { filter: { processInstanceKey } },
          { consistency: { waitUpToMs: 0 } },
        );
        const byName = Object.fromEntries(variables.items.map((item) => [item.name, item.value]));
        expect(byName).toMatchObject({
          notifiedVia: '"email"',
          notifiedBy: '"sdk-oca-worker"',
          approved: 'false',
        });
      } finally {
        worker.stop();
      }
    });
  });
});
