/**
 * D6: a command has a budget of automatic steps and of time. An endless automatic loop and a
 * pathological FEEL expression each stop their instance with an incident; the server keeps
 * answering meanwhile.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import type { Api, TestServer } from '../../support/testServer';
import {
  activateJobs,
  deployFixtures,
  incidentsOf,
  searchItems,
  startInstance,
  startOn,
} from './support';

const TIME_BUDGET_MS = 300;
/** Well under budget + slack: an answer that waited on the stuck command would be later. */
const PROMPT_MS = 1_000;
/**
 * `size * size` FEEL iterations. Timed once with the runtime's evaluateExpression: 3000 took
 * 2.7 s (20 MB) on the development machine, so 6000 takes about 11 s when nothing cuts it.
 */
const PATHOLOGICAL_SIZE = 6_000;

describe.each(backends())('command budgets on $name', (backend) => {
  describe('the step budget', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startOn(backend, 'steps', { stepBudget: 50 });
      await deployFixtures(server.api, 'Budgets.endlessLoop');
    });
    afterAll(() => server?.close());

    it('turns an endless automatic loop into an incident instead of hanging', async () => {
      // given a loop whose gateway condition is always true
      // when an instance starts
      const instanceKey = await startInstance(server.api, 'budgets-endless-loop');
      // then it is created and stopped by an incident that names the budget
      const [incident] = await incidentsOf(server.api, instanceKey);
      expect(incident.errorType).toBe('UNKNOWN');
      expect(incident.errorMessage).toContain('budget of 50 automatic steps');
      const instance = await server.api.get(`/process-instances/${instanceKey}`);
      expect(instance.body).toMatchObject({ state: 'ACTIVE', hasIncident: true });
      // the loop ran, but not without end
      const ticks = await server.api.post('/element-instances/search', {
        filter: { processInstanceKey: instanceKey, elementId: 'Event_Tick' },
      });
      expect(ticks.body.page.totalItems).toBeGreaterThan(5);
      expect(ticks.body.page.totalItems).toBeLessThanOrEqual(50);
      // and the server answers
      expect((await server.api.get('/topology')).status).toBe(200);
    });

    it('runs another budget of steps when the incident is resolved, then stops again', async () => {
      // given
      const instanceKey = await startInstance(server.api, 'budgets-endless-loop');
      const [first] = await incidentsOf(server.api, instanceKey);
      const count = async () =>
        (
          await server.api.post('/element-instances/search', {
            filter: { processInstanceKey: instanceKey },
          })
        ).body.page.totalItems as number;
      const before = await count();
      // when
      expect((await server.api.post(`/incidents/${first.incidentKey}/resolution`)).status).toBe(
        204,
      );
      // then the loop went on and was stopped once more
      const [second] = await incidentsOf(server.api, instanceKey);
      expect(second.incidentKey).not.toBe(first.incidentKey);
      expect(second.errorMessage).toContain('budget of 50 automatic steps');
      expect(await count()).toBeGreaterThan(before);
      // and the instance can still be cancelled
      const cancelled = await server.api.post(`/process-instances/${instanceKey}/cancellation`);
      expect(cancelled.status).toBe(204);
      expect((await server.api.get(`/process-instances/${instanceKey}`)).body.state).toBe(
        'TERMINATED',
      );
    });
  });

  describe('the time budget', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startOn(backend, 'time', {
        commandTimeBudgetMs: TIME_BUDGET_MS,
        commandThreads: 1,
      });
      await deployFixtures(server.api, 'Budgets.slowMapping', 'AwaitCompletion.straightThrough');
      // warm the command thread up, so that its start-up is not what the test measures
      await startAndAwait(server.api);
    });
    afterAll(() => server?.close());

    it('cuts a pathological input mapping while other requests keep answering', async () => {
      // given a probe that keeps asking for the topology and searching definitions
      const latencies: { what: string; ms: number; status: number }[] = [];
      let slowDone = false;
      const probe = (async () => {
        while (!slowDone) {
          for (const [what, call] of [
            ['topology', () => server.api.get('/topology')],
            ['search', () => server.api.post('/process-definitions/search', {})],
          ] as const) {
            const started = performance.now();
            const answer = await call();
            latencies.push({ what, ms: performance.now() - started, status: answer.status });
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      // when an instance starts whose input mapping would run for seconds
      const started = performance.now();
      const created = await server.api.post('/process-instances', {
        processDefinitionId: 'budgets-slow-mapping',
        variables: { size: PATHOLOGICAL_SIZE },
      });
      const createMs = performance.now() - started;
      slowDone = true;
      await probe;
      // then the start answers once the budget is spent, with the instance created
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      expect(createMs).toBeLessThan(TIME_BUDGET_MS + 3_000);
      const instanceKey = created.body.processInstanceKey as string;
      expect((await server.api.get(`/process-instances/${instanceKey}`)).body).toMatchObject({
        state: 'ACTIVE',
        hasIncident: true,
      });
      // stopped by the time budget (so the command really outran it)
      const [incident] = await incidentsOf(server.api, instanceKey);
      expect(incident.errorType).toBe('UNKNOWN');
      expect(incident.errorMessage).toMatch(/time( or memory)? budget/);
      // and every probe during the slow command answered, and promptly
      expect(latencies.length).toBeGreaterThanOrEqual(2);
      for (const latency of latencies) {
        expect(latency.status).toBe(200);
        expect(latency.ms, `${latency.what} took ${Math.round(latency.ms)} ms`).toBeLessThan(
          PROMPT_MS,
        );
      }
    });

    // Known gap: after a cut the command is re-run with every automatic step deferred, so
    // the incident lands on the first queued step (here the process itself), not on the
    // element whose mapping outran the budget. Resolving still works (see below). This test
    // fails while the gap is there; drop `.fails` once the incident names the stuck element.
    it.fails('puts the incident on the element that outran the budget', async () => {
      // given
      const instanceKey = await startInstance(server.api, 'budgets-slow-mapping', {
        size: PATHOLOGICAL_SIZE,
      });
      // then
      const [incident] = await incidentsOf(server.api, instanceKey);
      expect(incident.errorType).toBe('UNKNOWN');
      expect(incident.errorMessage).toMatch(/time( or memory)? budget/);
      expect(incident.elementId).toBe('Task_Crunch');
    });

    it('runs the next command normally on the replaced thread', async () => {
      // given a command that was cut
      await startInstance(server.api, 'budgets-slow-mapping', { size: PATHOLOGICAL_SIZE });
      // when a light command follows at once
      const answer = await startAndAwait(server.api);
      // then it completes within its budget, without an incident
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.variables).toEqual({ a: 1, b: 2, sum: 3 });
    });

    it('goes on after the cause is fixed and the incident resolved', async () => {
      // given a stuck instance
      const instanceKey = await startInstance(server.api, 'budgets-slow-mapping', {
        size: PATHOLOGICAL_SIZE,
      });
      const [incident] = await incidentsOf(server.api, instanceKey);
      // when the size is made reasonable and the incident resolved
      const fixed = await server.api.request('PUT', `/element-instances/${instanceKey}/variables`, {
        variables: { size: 10 },
      });
      expect(fixed.status).toBe(204);
      expect((await server.api.post(`/incidents/${incident.incidentKey}/resolution`)).status).toBe(
        204,
      );
      // then the mapping is evaluated and the task's job is created
      expect(await incidentsOf(server.api, instanceKey)).toEqual([]);
      const jobs = await activateJobs(server.api, 'budgets.crunch');
      const job = jobs.find((candidate) => candidate.processInstanceKey === instanceKey);
      expect(job?.variables.crunched).toBe(10);
      const [task] = await searchItems(server.api, '/element-instances/search', {
        filter: { processInstanceKey: instanceKey, elementId: 'Task_Crunch' },
      });
      expect(task).toMatchObject({ state: 'ACTIVE', hasIncident: false });
    });
  });
});

/** Starts the straight-through process and waits for its result. */
function startAndAwait(api: Api) {
  return api.post('/process-instances', {
    processDefinitionId: 'await-straight-through',
    variables: { a: 1, b: 2 },
    awaitCompletion: true,
    requestTimeout: 5_000,
  });
}
