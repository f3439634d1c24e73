/**
 * Timers on the shared clock (D3, reference §2.12): timer catch events (duration, date, a
 * FEEL duration), boundary timers (interrupting, and a non-interrupting cycle), timer start
 * events (a cycle, a new version, cron) and the job lease and retry back-off, each driven
 * by pinning the clock with `PUT /v2/clock`. Nothing fires early, everything due fires, and
 * a cycle fires exactly as often as it says.
 *
 * Every test pins its own instants, all after today and apart from each other, so a timer
 * one test leaves armed never fires in another test (nor when the clock is reset). The cron
 * test, whose timer stays armed, uses the latest instants of all.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Api, TestServer } from '../../support/testServer';
import { startApiServer } from '../api/apiTestKit';
import {
  activate,
  deploy,
  elementInstances,
  expectStatus,
  instanceState,
  searchAll,
  startInstance,
  waitFor,
  waitForState,
  worker,
  type ElementInstance,
} from '../concurrency/helpers';

const fixture = (variant: string) =>
  readFileSync(new URL(`timers.${variant}.bpmn`, import.meta.url), 'utf8');

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('timers on the shared clock', () => {
  let server: TestServer;
  let api: Api;
  beforeAll(async () => {
    server = await startApiServer('timers');
    api = server.api;
  });
  afterEach(async () => {
    expectStatus(await api.post('/clock/reset'), 204, 'reset the clock');
  });
  afterAll(() => server?.close());

  const pin = async (timestamp: number) =>
    expectStatus(await api.request('PUT', '/clock', { timestamp }), 204, 'pin the clock');

  /** Pins the clock and waits for a full sweep on it: whatever is due has fired after this. */
  const pinAndSweep = async (timestamp: number) => {
    await pin(timestamp);
    await server.sweeper.sweepNow();
  };

  const rowsOf = async (processInstanceKey: string, elementId: string) =>
    (await elementInstances(api, processInstanceKey)).filter((row) => row.elementId === elementId);

  const instancesOf = (processDefinitionId: string) =>
    searchAll<{ processInstanceKey: string; processDefinitionKey: string; startDate: string }>(
      api,
      '/process-instances/search',
      { processDefinitionId },
    );

  /** Waits until the element has run `count` times in the instance, and returns its rows. */
  const waitForRuns = (processInstanceKey: string, elementId: string, count: number) =>
    waitFor<ElementInstance[]>(async () => {
      const rows = await rowsOf(processInstanceKey, elementId);
      return rows.length >= count ? rows : undefined;
    }, `${count} element instances of ${elementId} in ${processInstanceKey}`);

  const waitForInstances = (processDefinitionId: string, count: number) =>
    waitFor(async () => {
      const instances = await instancesOf(processDefinitionId);
      return instances.length >= count ? instances : undefined;
    }, `${count} instances of ${processDefinitionId}`);

  /** The one job of the instance, once the task has created it. */
  const jobOf = (processInstanceKey: string) =>
    waitFor(async () => {
      const jobs = await searchAll(api, '/jobs/search', { processInstanceKey });
      return jobs[0] as { jobKey: string; state: string } | undefined;
    }, `the job of ${processInstanceKey}`);

  describe('an intermediate timer catch event', () => {
    it('with timeDuration PT1H does not fire a second early, and fires once it is due', async () => {
      // given an instance waiting on a PT1H timer armed at T
      const T = Date.UTC(2031, 0, 6, 12);
      await pin(T);
      await deploy(api, 'timers.catchDuration.bpmn', fixture('catchDuration'));
      const key = await startInstance(api, 'timers-catch-duration');

      // when the clock stands one second before the due date, and a sweep has run
      await pinAndSweep(T + HOUR - SECOND);

      // then the timer has not fired
      expect(await instanceState(api, key)).toBe('ACTIVE');
      expect((await rowsOf(key, 'wait')).map((row) => row.state)).toEqual(['ACTIVE']);

      // when the clock passes the due date
      await pin(T + HOUR + SECOND);

      // then the timer fires once and the instance runs to its end
      await waitForState(api, key, 'COMPLETED');
      const wait = await rowsOf(key, 'wait');
      expect(wait.map((row) => row.state)).toEqual(['COMPLETED']);
      expect(wait[0]!.endDate).toBe(new Date(T + HOUR + SECOND).toISOString());
      expect((await rowsOf(key, 'end')).map((row) => row.state)).toEqual(['COMPLETED']);
    });

    it('with timeDate fires at that date, not before', async () => {
      // given an instance waiting for 2031-03-01T10:00:00Z
      const due = Date.parse('2031-03-01T10:00:00Z');
      await pin(due - 2 * HOUR);
      await deploy(api, 'timers.catchDate.bpmn', fixture('catchDate'));
      const key = await startInstance(api, 'timers-catch-date');

      // when the clock stands a second before that date
      await pinAndSweep(due - SECOND);

      // then the instance still waits
      expect(await instanceState(api, key)).toBe('ACTIVE');

      // when the clock reaches the date
      await pin(due);

      // then the timer fires
      await waitForState(api, key, 'COMPLETED');
      expect((await rowsOf(key, 'wait')).map((row) => row.state)).toEqual(['COMPLETED']);
    });

    it('with a FEEL duration waits as long as the variable of each instance says', async () => {
      // given two instances of `=duration(delay)`, one with 30 minutes and one with 2 hours
      const T = Date.UTC(2031, 1, 3, 8);
      await pin(T);
      await deploy(api, 'timers.catchFeelDuration.bpmn', fixture('catchFeelDuration'));
      const short = await startInstance(api, 'timers-catch-feel', { delay: 'PT30M' });
      const long = await startInstance(api, 'timers-catch-feel', { delay: 'PT2H' });

      // when the clock passes 30 minutes
      await pin(T + 30 * MINUTE + SECOND);

      // then only the 30-minute instance has gone on
      await waitForState(api, short, 'COMPLETED');
      await server.sweeper.sweepNow();
      expect(await instanceState(api, long)).toBe('ACTIVE');

      // when the clock passes 2 hours
      await pin(T + 2 * HOUR + SECOND);

      // then the other one goes on too, each timer having fired once
      await waitForState(api, long, 'COMPLETED');
      for (const key of [short, long])
        expect((await rowsOf(key, 'wait')).map((row) => row.state)).toEqual(['COMPLETED']);
    });
  });

  describe('a boundary timer on a service task', () => {
    it('that interrupts cancels the job and takes the boundary path', async () => {
      // given an instance whose service task has a PT10M interrupting timer, its job activated
      const T = Date.UTC(2031, 3, 7, 9);
      await pin(T);
      await deploy(api, 'timers.boundaryInterrupting.bpmn', fixture('boundaryInterrupting'));
      const key = await startInstance(api, 'timers-boundary-interrupting');
      await jobOf(key);
      const [job] = await activate(api, 'timers.slow', { timeout: HOUR, worker: 'slow' });
      expect(job?.processInstanceKey).toBe(key);

      // when the clock passes the ten minutes
      await pin(T + 10 * MINUTE + SECOND);

      // then the instance ends through the boundary path, the task terminated
      await waitForState(api, key, 'COMPLETED');
      const rows = await elementInstances(api, key);
      const states = Object.fromEntries(rows.map((row) => [row.elementId, row.state]));
      expect(states).toEqual({
        'timers-boundary-interrupting': 'COMPLETED',
        start: 'COMPLETED',
        work: 'TERMINATED',
        deadline: 'COMPLETED',
        timedOut: 'COMPLETED',
      });
      expect(rows).toHaveLength(5);

      // and the job is gone: CANCELED, and its worker can no longer complete it
      const [canceled] = await searchAll(api, '/jobs/search', { jobKey: job!.jobKey });
      expect(canceled).toMatchObject({ jobKey: job!.jobKey, state: 'CANCELED' });
      const late = await worker(api).post(`/jobs/${job!.jobKey}/completion`, {});
      expect(late.status, JSON.stringify(late.body)).toBe(404);
    });

    it('that does not interrupt, with timeCycle R3/PT10S, fires three times while the task stays', async () => {
      // given an instance whose service task has a non-interrupting R3/PT10S timer
      const T = Date.UTC(2031, 4, 5, 9);
      await pin(T);
      await deploy(api, 'timers.boundaryCycle.bpmn', fixture('boundaryCycle'));
      const key = await startInstance(api, 'timers-boundary-cycle');
      const job = await jobOf(key);

      // when the clock moves on step by step: 5 s, then each 10 s mark, then a minute
      await pinAndSweep(T + 5 * SECOND);
      expect(await rowsOf(key, 'remind'), 'after 5 s').toEqual([]);
      for (const [step, expected] of [
        [1, 1],
        [2, 2],
        [3, 3],
      ] as const) {
        await pin(T + step * 10 * SECOND);
        await waitForRuns(key, 'remind', expected);
        await server.sweeper.sweepNow();
        expect(await rowsOf(key, 'remind'), `after ${step * 10} s`).toHaveLength(expected);
      }
      await pinAndSweep(T + 10 * MINUTE);

      // then the boundary event ran exactly three times, each time down its own path
      const reminders = await rowsOf(key, 'remind');
      expect(reminders.map((row) => row.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
      expect(reminders.map((row) => row.startDate).sort()).toEqual(
        [10, 20, 30].map((s) => new Date(T + s * SECOND).toISOString()),
      );
      expect(await rowsOf(key, 'reminded')).toHaveLength(3);

      // and the task stayed, with its job
      expect((await rowsOf(key, 'work')).map((row) => row.state)).toEqual(['ACTIVE']);
      expect(await instanceState(api, key)).toBe('ACTIVE');

      // when the task's job is completed afterwards
      const [activated] = await activate(api, 'timers.remindable', { worker: 'late' });
      expect(activated?.jobKey).toBe(job.jobKey);
      expectStatus(
        await worker(api).post(`/jobs/${job.jobKey}/completion`, {}),
        204,
        'complete the job',
      );

      // then the instance ends normally
      await waitForState(api, key, 'COMPLETED');
      expect((await rowsOf(key, 'work')).map((row) => row.state)).toEqual(['COMPLETED']);
      expect((await rowsOf(key, 'done')).map((row) => row.state)).toEqual(['COMPLETED']);
      expect(await rowsOf(key, 'remind')).toHaveLength(3);
    });
  });

  describe('a timer start event', () => {
    it('with timeCycle R2/PT1M creates an instance at each firing, exactly two in all', async () => {
      // given the R2/PT1M start event deployed at T
      const T = Date.UTC(2032, 0, 5, 9);
      await pin(T);
      await deploy(api, 'timers.startCycle.bpmn', fixture('startCycle'));

      // when the clock moves on in steps over an hour
      await pinAndSweep(T + 30 * SECOND);
      expect(await instancesOf('timers-start-cycle'), 'after 30 s').toEqual([]);
      await pin(T + MINUTE);
      await waitForInstances('timers-start-cycle', 1);
      await pinAndSweep(T + 90 * SECOND);
      expect(await instancesOf('timers-start-cycle'), 'after 90 s').toHaveLength(1);
      await pin(T + 2 * MINUTE);
      await waitForInstances('timers-start-cycle', 2);
      for (const later of [10 * MINUTE, HOUR]) await pinAndSweep(T + later);

      // then there are exactly two instances, started when they were due, both completed
      const instances = await instancesOf('timers-start-cycle');
      expect(instances.map((instance) => instance.startDate).sort()).toEqual(
        [1, 2].map((m) => new Date(T + m * MINUTE).toISOString()),
      );
      for (const instance of instances) {
        await waitForState(api, instance.processInstanceKey, 'COMPLETED');
        expect((await rowsOf(instance.processInstanceKey, 'tick')).length).toBe(1);
      }
    });

    it('is re-armed for a new version, and the old version starts no more instances', async () => {
      // given version 1 deployed at T (first due at T+60 s) and version 2 at T+30 s (T+90 s)
      const T = Date.UTC(2032, 5, 7, 9);
      await pin(T);
      const v1 = await deploy(api, 'timers.startVersion.bpmn', fixture('startVersion'));
      await pin(T + 30 * SECOND);
      const v2 = await deploy(
        api,
        'timers.startVersion.bpmn',
        fixture('startVersion').replace('name="Timer start v1"', 'name="Timer start v2"'),
      );
      expect(v2.processDefinitionVersion).toBe(v1.processDefinitionVersion + 1);

      // when the clock passes the due date of version 1
      await pinAndSweep(T + 61 * SECOND);

      // then nothing starts
      expect(await instancesOf('timers-start-version')).toEqual([]);

      // when the clock passes version 2's two firings
      await pin(T + 90 * SECOND);
      await waitForInstances('timers-start-version', 1);
      await pin(T + 150 * SECOND);
      await waitForInstances('timers-start-version', 2);
      await pinAndSweep(T + HOUR);

      // then the two instances are version 2's, started on its schedule
      const instances = await instancesOf('timers-start-version');
      expect(instances.map((instance) => instance.processDefinitionKey)).toEqual([
        v2.processDefinitionKey,
        v2.processDefinitionKey,
      ]);
      expect(instances.map((instance) => instance.startDate).sort()).toEqual(
        [90, 150].map((s) => new Date(T + s * SECOND).toISOString()),
      );
    });

    it('with cron 0 0 9 * * MON-FRI fires at the next weekday 09:00', async () => {
      // given the cron start event deployed on Friday 2035-01-05 at 10:00 UTC
      const friday = Date.parse('2035-01-05T10:00:00Z');
      await pin(friday);
      await deploy(api, 'timers.startCron.bpmn', fixture('startCron'));

      // when the clock reaches Saturday 09:00 and Monday one second before 09:00
      await pinAndSweep(Date.parse('2035-01-06T09:00:00Z'));
      await pinAndSweep(Date.parse('2035-01-08T08:59:59Z'));

      // then nothing has started: not on the weekend, not early
      expect(await instancesOf('timers-start-cron')).toEqual([]);

      // when the clock reaches Monday 09:00
      const monday = Date.parse('2035-01-08T09:00:00Z');
      await pin(monday);

      // then one instance starts, at that instant
      const [instance] = await waitForInstances('timers-start-cron', 1);
      expect(instance!.startDate).toBe(new Date(monday).toISOString());
      await server.sweeper.sweepNow();
      expect(await instancesOf('timers-start-cron')).toHaveLength(1);
      await waitForState(api, instance!.processInstanceKey, 'COMPLETED');
    });
  });

  describe('a job on the clock', () => {
    it('is handed out again once the clock passes its lease, and after a retry back-off', async () => {
      // given a job activated by worker a with a timeout of 60 s at T
      const T = Date.UTC(2033, 2, 7, 9);
      await pin(T);
      await deploy(api, 'timers.serviceTask.bpmn', fixture('serviceTask'));
      const key = await startInstance(api, 'timers-service-task');
      await jobOf(key);
      const [job] = await activate(api, 'timers.lease', { timeout: 60_000, worker: 'a' });
      expect(job?.processInstanceKey).toBe(key);
      expect(job!.deadline).toBe(T + 60_000);
      expect(await activate(api, 'timers.lease', { worker: 'b', requestTimeout: -1 })).toEqual([]);

      // when worker b waits for a job (long poll) and the clock passes the lease
      const waiting = activate(api, 'timers.lease', {
        worker: 'b',
        timeout: 60_000,
        requestTimeout: 5_000,
      });
      await pin(T + 60_001);

      // then b's long poll gets the same job, on a new lease
      const [again] = await waiting;
      expect(again?.jobKey).toBe(job!.jobKey);
      expect(again!.deadline).toBe(T + 60_001 + 60_000);

      // when b fails it with a retry back-off of 60 s
      expectStatus(
        await worker(api).post(`/jobs/${job!.jobKey}/failure`, {
          retries: 2,
          retryBackOff: 60_000,
          errorMessage: 'try later',
        }),
        204,
        'fail the job',
      );

      // then it is not activatable before the back-off has passed
      await pinAndSweep(T + 60_001 + 59_999);
      expect(await activate(api, 'timers.lease', { worker: 'c', requestTimeout: -1 })).toEqual([]);

      // and once the clock passes the back-off, a waiting worker gets it
      const retrying = activate(api, 'timers.lease', {
        worker: 'c',
        timeout: 60_000,
        requestTimeout: 5_000,
      });
      await pin(T + 60_001 + 60_001);
      const [retried] = await retrying;
      expect(retried).toMatchObject({ jobKey: job!.jobKey, retries: 2 });

      // and the job completes once, ending the instance
      expectStatus(
        await worker(api).post(`/jobs/${job!.jobKey}/completion`, {}),
        204,
        'complete the job',
      );
      await waitForState(api, key, 'COMPLETED');
    });
  });
});
