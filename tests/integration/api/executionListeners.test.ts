/**
 * Execution listeners through the REST API: workers activate listener jobs like any job,
 * told apart by `kind` and `listenerEventType`, and the element goes on as each completes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/testServer';
import { startApiServer, startInstance, waitFor, worker } from './apiTestKit';

const xml = readFileSync(new URL('./executionListeners.serviceTask.bpmn', import.meta.url), 'utf8');

describe('execution listeners', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('execution_listeners');
    const { status, body } = await server.api.deploy({ 'listeners.bpmn': xml });
    expect(status, JSON.stringify(body)).toBe(200);
  });
  afterAll(() => server.close());

  /** Activates the one job of `type` and completes it with `variables`. */
  async function work(type: string, variables: Record<string, unknown> = {}) {
    const job = await waitFor(async () => {
      const { body } = await worker(server.api).post('/jobs/activation', {
        type,
        timeout: 30_000,
        maxJobsToActivate: 1,
        requestTimeout: 1_000,
      });
      return body.jobs?.[0] as Record<string, unknown> | undefined;
    }, `a job of type ${type}`);
    const done = await worker(server.api).post(`/jobs/${String(job.jobKey)}/completion`, {
      variables,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(204);
    return job;
  }

  it('hands workers the listener jobs in order around the task, and completes after them', async () => {
    // given
    const key = await startInstance(server.api, 'api-listened', {
      order: { total: 80 },
      region: 'eu',
    });

    // when the listeners and the task are worked in turn
    const fraud = await work('api.listen.fraud', { riskScore: 3 });
    const limits = await work('api.listen.limits.eu');
    const charge = await work('api.listen.charge', { chargeId: 'ch_1' });
    const receipt = await work('api.listen.receipt');
    const audit = await work('api.listen.audit');

    // then each job says what it is
    expect(fraud).toMatchObject({ kind: 'EXECUTION_LISTENER', listenerEventType: 'START' });
    expect(fraud.variables).toMatchObject({ amount: 80 });
    expect(limits).toMatchObject({ kind: 'EXECUTION_LISTENER', listenerEventType: 'START' });
    expect(charge).toMatchObject({ kind: 'BPMN_ELEMENT', listenerEventType: 'UNSPECIFIED' });
    expect(charge.variables).toMatchObject({ riskScore: 3 });
    expect(receipt).toMatchObject({ kind: 'EXECUTION_LISTENER', listenerEventType: 'END' });
    expect(audit).toMatchObject({ kind: 'EXECUTION_LISTENER', listenerEventType: 'END' });
    await waitFor(async () => {
      const { body } = await server.api.get(`/process-instances/${key}`);
      return body.state === 'COMPLETED' ? true : undefined;
    }, 'the instance to complete');
    const { body } = await server.api.post('/jobs/search', {
      filter: { processInstanceKey: key, kind: 'EXECUTION_LISTENER' },
    });
    expect(body.items).toHaveLength(4);
  });
});
