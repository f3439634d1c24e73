/**
 * Two server processes on one database run many instances of a service task, a timer
 * catch and a message catch: job workers poll both processes, the timers fire when the
 * shared clock is pinned forward (both sweepers race for them), and the messages are
 * published alternately through both. Every job, timer and message is taken in exactly
 * once, and every instance completes (D3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, spawnServer, type Api, type SpawnedServer } from '../../support/testServer';
import {
  deploy,
  expectStatus,
  fixture,
  mapLimit,
  searchAll,
  sleep,
  startInstance,
  waitFor,
  within,
  worker,
  type ActivatedJob,
  type ElementInstance,
} from './helpers';

/**
 * Instances per backend: 100 in `npm test`; `npm run test:load` (run by CI) takes 500,
 * which lasts minutes on two cores. RELATA_EVENTS_LOAD sets it.
 */
const INSTANCES = Number(process.env.RELATA_EVENTS_LOAD ?? 100);
/** A deadline that grows with the load: a minute plus `perInstance` ms per instance. */
const scaled = (perInstance: number) => 60_000 + INSTANCES * perInstance;
const PROCESS_ID = 'job-timer-message';
const JOB_TYPE = 'events-load.work';
const MESSAGE = 'events-load.confirmed';
const ELEMENTS = ['confirmed', 'end', PROCESS_ID, 'start', 'wait', 'work'];

/** Nothing crashes here: the live path alone must do it, so the recovery sweep is slowed. */
const LIVE_PATH_ONLY = { RELATA_SWEEP_INTERVAL_MS: '600000' };

interface Completion {
  jobKey: string;
  processInstanceKey: string;
  worker: string;
  status: number;
}

const pinClock = async (api: Api, timestamp: number) =>
  expectStatus(await api.request('PUT', '/clock', { timestamp }), 204, 'pin the clock');

/** How many items a search finds (one page of one item: its `totalItems`). */
async function count(api: Api, path: string, filter: Record<string, unknown>): Promise<number> {
  const response = await api.post(path, { filter, page: { limit: 1 } });
  expectStatus(response, 200, `search ${path}`);
  return response.body.page.totalItems as number;
}

describe.each(backends())(
  'two server processes running jobs, timers and messages on $name',
  ({ name, uri }) => {
    let servers: SpawnedServer[] = [];
    beforeAll(async () => {
      const db = databaseUri(uri, freshDbName('eventsTwo'));
      servers = await Promise.all([
        spawnServer(db, LIVE_PATH_ONLY),
        spawnServer(db, LIVE_PATH_ONLY),
      ]);
    });
    afterAll(async () => {
      if (servers[0]) await servers[0].api.post('/clock/reset');
      await Promise.all(servers.map((server) => server.kill()));
    });

    it(
      `takes every job, timer and message of ${INSTANCES} instances in exactly once`,
      async () => {
        const startedAt = Date.now();
        const [one, two] = servers as [SpawnedServer, SpawnedServer];
        // given the clock pinned on both processes, so every timer is due at T + 1 min
        const T = Date.now();
        await Promise.all([pinClock(one.api, T), pinClock(two.api, T)]);
        await deploy(
          one.api,
          'eventsTwoServers.jobTimerMessage.bpmn',
          fixture('eventsTwoServers.jobTimerMessage.bpmn'),
        );

        // and a job worker on each process, long-polling for up to 32 jobs at a time
        const completions: Completion[] = [];
        const errors: string[] = [];
        let stop = false;
        const runWorker = async (name: string, server: SpawnedServer) => {
          const api = worker(server.api);
          while (!stop) {
            const response = await api.post('/jobs/activation', {
              type: JOB_TYPE,
              worker: name,
              timeout: 600_000,
              maxJobsToActivate: 32,
              requestTimeout: 2_000,
            });
            if (response.status !== 200) {
              errors.push(
                `${name} activation: ${response.status} ${JSON.stringify(response.body)}`,
              );
              await sleep(100);
              continue;
            }
            await Promise.all(
              (response.body.jobs as ActivatedJob[]).map(async (job) => {
                const done = await api.post(`/jobs/${job.jobKey}/completion`, {
                  variables: { workedBy: name },
                });
                completions.push({
                  jobKey: job.jobKey,
                  processInstanceKey: job.processInstanceKey,
                  worker: name,
                  status: done.status,
                });
                if (done.status !== 204)
                  errors.push(
                    `${name} completion of ${job.jobKey}: ${done.status} ${JSON.stringify(done.body)}`,
                  );
              }),
            );
          }
        };
        const workers = [
          runWorker('worker-one', one).catch((error) => errors.push(`worker-one: ${error}`)),
          runWorker('worker-two', two).catch((error) => errors.push(`worker-two: ${error}`)),
        ];

        // when the instances are started alternately through each process, and their jobs done
        const orderIds = Array.from({ length: INSTANCES }, (_, i) => `order-${i}`);
        let keys: string[] = [];
        let failure: unknown;
        try {
          keys = await within(
            mapLimit(orderIds, 8, (orderId, i) =>
              startInstance((i % 2 === 0 ? one : two).api, PROCESS_ID, { orderId }),
            ),
            scaled(600),
            'starting the instances',
          );
          await waitFor(
            async () => (completions.length >= INSTANCES || errors.length > 0 ? true : undefined),
            () => `${INSTANCES} job completions (${completions.length} so far)`,
            scaled(600),
            200,
          );
        } catch (error) {
          failure = error;
        }
        stop = true;
        const stopped = await within(Promise.all(workers), 30_000, 'the workers to stop').catch(
          (error: unknown) => error,
        );
        if (failure) throw failure;
        if (stopped instanceof Error) throw stopped;
        expect(
          errors.join('\n'),
          servers
            .map((server) =>
              server
                .output()
                .match(/.*(error|fail).*/gi)
                ?.join('\n'),
            )
            .join('\n'),
        ).toBe('');
        const jobsDoneAt = Date.now();

        // and, once every instance waits at its timer, the clock is pinned past the timers
        await waitFor(
          async () =>
            (await count(one.api, '/element-instances/search', {
              processDefinitionId: PROCESS_ID,
              elementId: 'wait',
              state: 'ACTIVE',
            })) === INSTANCES
              ? true
              : undefined,
          `${INSTANCES} instances at the timer`,
          scaled(200),
          250,
        );
        await Promise.all([pinClock(one.api, T + 60_001), pinClock(two.api, T + 60_001)]);

        // and, once every instance waits for its message, each message is published once,
        // alternately through each process
        await waitFor(
          async () =>
            (await count(two.api, '/message-subscriptions/search', {
              processDefinitionId: PROCESS_ID,
              messageSubscriptionState: 'CREATED',
            })) === INSTANCES
              ? true
              : undefined,
          `${INSTANCES} open message subscriptions`,
          scaled(400),
          250,
        );
        const timersDoneAt = Date.now();
        const publications = await within(
          mapLimit(orderIds, 8, (orderId, i) =>
            (i % 2 === 0 ? two : one).api.post('/messages/publication', {
              name: MESSAGE,
              correlationKey: orderId,
              timeToLive: 60_000,
              variables: { confirmedThrough: i % 2 === 0 ? 'two' : 'one' },
            }),
          ),
          scaled(400),
          'publishing the messages',
        );
        expect(publications.map((p) => p.status).filter((status) => status !== 200)).toEqual([]);

        // then every instance is COMPLETED
        const completed = await waitFor(
          async () => {
            const items = await searchAll(one.api, '/process-instances/search', {
              processDefinitionId: PROCESS_ID,
              state: 'COMPLETED',
            });
            return items.length === INSTANCES ? items : undefined;
          },
          `${INSTANCES} completed instances`,
          scaled(400),
          500,
        );
        const doneAt = Date.now();
        expect(new Set(completed.map((item) => item.processInstanceKey))).toEqual(new Set(keys));

        // and each element of each instance ran once and completed
        const rows = await searchAll<ElementInstance>(two.api, '/element-instances/search', {
          processDefinitionId: PROCESS_ID,
        });
        const rowsOf = new Map<string, string[]>();
        for (const row of rows)
          rowsOf.set(row.processInstanceKey, [
            ...(rowsOf.get(row.processInstanceKey) ?? []),
            `${row.elementId} ${row.state}`,
          ]);
        expect(new Set(rowsOf.keys())).toEqual(new Set(keys));
        const expected = ELEMENTS.map((id) => `${id} COMPLETED`);
        for (const [key, mine] of rowsOf)
          expect(mine.sort(), `elements of ${key}`).toEqual(expected);

        // and each job was completed once: one 204 per job, and the search agrees
        expect(completions).toHaveLength(INSTANCES);
        expect(completions.every((c) => c.status === 204)).toBe(true);
        const completedJobs = new Set(completions.map((c) => c.jobKey));
        expect(completedJobs.size).toBe(INSTANCES);
        expect(new Set(completions.map((c) => c.processInstanceKey))).toEqual(new Set(keys));
        expect(new Set(completions.map((c) => c.worker))).toEqual(
          new Set(['worker-one', 'worker-two']),
        );
        const jobs = await searchAll(one.api, '/jobs/search', { processDefinitionId: PROCESS_ID });
        expect(jobs.filter((job) => job.state === 'COMPLETED')).toHaveLength(INSTANCES);
        expect(new Set(jobs.map((job) => job.jobKey))).toEqual(completedJobs);

        // and each message correlated once, to the instance with its correlation key
        const subscriptions = await searchAll(two.api, '/message-subscriptions/search', {
          processDefinitionId: PROCESS_ID,
        });
        expect(
          subscriptions.filter((sub) => sub.messageSubscriptionState === 'CORRELATED'),
        ).toHaveLength(INSTANCES);
        expect(subscriptions).toHaveLength(INSTANCES);
        const keyOf = new Map(orderIds.map((orderId, i) => [orderId, keys[i]!]));
        for (const sub of subscriptions)
          expect(sub.processInstanceKey, `subscription of ${sub.correlationKey}`).toBe(
            keyOf.get(sub.correlationKey),
          );
        for (const server of servers)
          expect(server.output()).not.toMatch(/sweep failed|Unexpected server error/);
        console.info(
          `${INSTANCES} instances on ${name}: jobs ${jobsDoneAt - startedAt} ms, timers ${
            timersDoneAt - jobsDoneAt
          } ms, messages ${doneAt - timersDoneAt} ms, total ${doneAt - startedAt} ms`,
        );
      },
      scaled(2_500),
    );
  },
);
