/**
 * Incidents: a job out of retries, a condition that cannot be decided and an input mapping
 * that fails each stop their element; fixing the cause and resolving continues the instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import type { TestServer } from '../../support/testServer';
import {
  activateJobs,
  deployFixtures,
  incidentsOf,
  searchItems,
  startInstance,
  startOn,
  waitFor,
} from './support';

describe.each(backends())('incidents on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startOn(backend, 'incidents');
    await deployFixtures(
      server.api,
      'Incidents.serviceTask',
      'Incidents.conditionError',
      'Incidents.inputMapping',
    );
  });
  afterAll(() => server?.close());

  const instance = async (key: string) => (await server.api.get(`/process-instances/${key}`)).body;
  const resolve = (incidentKey: string) => server.api.post(`/incidents/${incidentKey}/resolution`);
  const setRootVariables = (instanceKey: string, variables: Record<string, unknown>) =>
    server.api.request('PUT', `/element-instances/${instanceKey}/variables`, { variables });
  const completed = (key: string) =>
    waitFor(
      async () => ((await instance(key)).state === 'COMPLETED' ? true : undefined),
      `instance ${key} to complete`,
    );
  const endEvents = async (key: string) =>
    (
      await searchItems(server.api, '/element-instances/search', {
        filter: { processInstanceKey: key, type: 'END_EVENT' },
      })
    ).map((item) => item.elementId);

  describe('a job failed with no retries left', () => {
    let instanceKey: string;
    let jobKey: string;
    let incidentKey: string;

    beforeAll(async () => {
      instanceKey = await startInstance(server.api, 'incidents-job');
      const [job] = await activateJobs(server.api, 'incidents.charge');
      jobKey = job.jobKey;
    });

    it('becomes an incident JOB_NO_RETRIES on the task', async () => {
      // when the worker fails the job with retries 0
      const failed = await server.api.post(`/jobs/${jobKey}/failure`, {
        retries: 0,
        errorMessage: 'card declined',
      });
      // then
      expect(failed.status).toBe(204);
      const [incident] = await incidentsOf(server.api, instanceKey);
      expect(incident).toMatchObject({
        errorType: 'JOB_NO_RETRIES',
        errorMessage: 'card declined',
        elementId: 'Task_ChargeCard',
        jobKey,
        state: 'ACTIVE',
      });
      incidentKey = incident.incidentKey;
      expect((await instance(instanceKey)).hasIncident).toBe(true);
      const [task] = await searchItems(server.api, '/element-instances/search', {
        filter: { processInstanceKey: instanceKey, elementId: 'Task_ChargeCard' },
      });
      expect(task).toMatchObject({ hasIncident: true, incidentKey, state: 'ACTIVE' });
      expect(await activateJobs(server.api, 'incidents.charge')).toEqual([]);
    });

    it('cannot be resolved while the job has no retries (409)', async () => {
      // when
      const answer = await resolve(incidentKey);
      // then
      expect(answer.status).toBe(409);
      expect(answer.body.title).toBe('INVALID_STATE');
      expect(answer.body.detail).toContain('no retries left');
      expect(await incidentsOf(server.api, instanceKey)).toHaveLength(1);
    });

    it('resolves once the retries are raised, and the job is activatable again', async () => {
      // given
      const raised = await server.api.request('PATCH', `/jobs/${jobKey}`, {
        changeset: { retries: 1 },
      });
      expect(raised.status).toBe(204);
      // when
      const answer = await resolve(incidentKey);
      // then
      expect(answer.status).toBe(204);
      expect(await incidentsOf(server.api, instanceKey)).toEqual([]);
      const [resolved] = await incidentsOf(server.api, instanceKey, 'RESOLVED');
      expect(resolved.incidentKey).toBe(incidentKey);
      expect((await instance(instanceKey)).hasIncident).toBe(false);
      const [job] = await activateJobs(server.api, 'incidents.charge');
      expect(job).toMatchObject({ jobKey, retries: 1, processInstanceKey: instanceKey });
      // and the instance goes on once the job completes
      expect((await server.api.post(`/jobs/${jobKey}/completion`, {})).status).toBe(204);
      await completed(instanceKey);
    });
  });

  describe('an exclusive gateway whose condition cannot be decided', () => {
    it('becomes CONDITION_ERROR when a variable is missing, and goes on once it is set', async () => {
      // given an order without an amount: `amount > 100` is null, not a boolean
      const instanceKey = await startInstance(server.api, 'incidents-condition');
      const [incident] = await incidentsOf(server.api, instanceKey);
      expect(incident).toMatchObject({ errorType: 'CONDITION_ERROR', elementId: 'Gateway_Amount' });
      expect(incident.errorMessage).toContain('amount > 100');
      expect((await instance(instanceKey)).state).toBe('ACTIVE');
      // when the amount is set on the process scope and the incident resolved
      expect((await setRootVariables(instanceKey, { amount: 500 })).status).toBe(204);
      expect((await resolve(incident.incidentKey)).status).toBe(204);
      // then the condition is evaluated again and the large branch is taken
      await completed(instanceKey);
      expect(await endEvents(instanceKey)).toEqual(['EndEvent_LargeOrder']);
      expect(await incidentsOf(server.api, instanceKey)).toEqual([]);
    });

    it('raises a new incident when resolved without a fix', async () => {
      // given an order without an amount, stopped at the gateway
      const instanceKey = await startInstance(server.api, 'incidents-condition');
      const [first] = await incidentsOf(server.api, instanceKey);
      expect(first.errorType).toBe('CONDITION_ERROR');
      // when resolved without a fix
      expect((await resolve(first.incidentKey)).status).toBe(204);
      // then the condition fails again: a new incident on the same element
      const [second] = await incidentsOf(server.api, instanceKey);
      expect(second.incidentKey).not.toBe(first.incidentKey);
      expect(second).toMatchObject({ errorType: 'CONDITION_ERROR', elementId: 'Gateway_Amount' });
      const [resolved] = await incidentsOf(server.api, instanceKey, 'RESOLVED');
      expect(resolved.incidentKey).toBe(first.incidentKey);
      // and with a small amount the default flow is taken
      await setRootVariables(instanceKey, { amount: 20 });
      expect((await resolve(second.incidentKey)).status).toBe(204);
      await completed(instanceKey);
      expect(await endEvents(instanceKey)).toEqual(['EndEvent_SmallOrder']);
    });

    // Known bug: feelin 8.2 answers `"x" > 100` with false (no warning), where FEEL and
    // Zeebe give null, so the default flow is taken silently instead of an incident.
    // This test fails while the bug is there; drop `.fails` once it is fixed.
    it.fails('becomes CONDITION_ERROR when the comparison mixes types', async () => {
      // given an amount that cannot be compared with a number
      const instanceKey = await startInstance(server.api, 'incidents-condition', {
        amount: 'x',
      });
      // then
      const [incident] = await incidentsOf(server.api, instanceKey);
      expect(incident?.errorType).toBe('CONDITION_ERROR');
      expect((await instance(instanceKey)).state).toBe('ACTIVE');
    });
  });

  describe('an input mapping that fails', () => {
    it('becomes IO_MAPPING_ERROR, and resolving evaluates the mapping again', async () => {
      // given an amount that cannot be doubled
      const instanceKey = await startInstance(server.api, 'incidents-mapping', {
        amount: 'twenty',
      });
      const [incident] = await incidentsOf(server.api, instanceKey);
      expect(incident).toMatchObject({
        errorType: 'IO_MAPPING_ERROR',
        elementId: 'Task_PriceOffer',
        jobKey: null,
      });
      expect(incident.errorMessage).toContain('amount * 2');
      // no job was created for the task
      expect(await activateJobs(server.api, 'incidents.price')).toEqual([]);
      // when the amount is fixed and the incident resolved
      expect((await setRootVariables(instanceKey, { amount: 21 })).status).toBe(204);
      expect((await resolve(incident.incidentKey)).status).toBe(204);
      // then the task opens with the mapped value
      const [job] = await activateJobs(server.api, 'incidents.price');
      expect(job.processInstanceKey).toBe(instanceKey);
      expect(job.variables).toMatchObject({ doubled: 42, amount: 21 });
      expect(await incidentsOf(server.api, instanceKey)).toEqual([]);
    });

    it('answers 404 for an unknown incident', async () => {
      // when
      const answer = await resolve('2251799813999999');
      // then
      expect(answer.status).toBe(404);
    });
  });
});
