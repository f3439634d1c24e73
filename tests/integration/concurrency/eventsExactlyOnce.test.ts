/**
 * Events happen exactly once under races (D3): a message published twenty times at once
 * under one messageId is taken in once and correlates to one instance; an interrupting
 * boundary timer that fires while its task is being completed lets exactly one of the two
 * win; a message published at the moment its subscription opens, on the same or on the
 * other server process, is neither lost nor taken in twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import {
  databaseUri,
  spawnServer,
  startTestServer,
  type Api,
  type ApiResponse,
  type SpawnedServer,
  type TestServer,
} from '../../support/testServer';
import {
  activate,
  deploy,
  elementInstances,
  expectStatus,
  fixture,
  searchAll,
  sleep,
  startInstance,
  variable,
  waitFor,
  waitForState,
  worker,
  type ActivatedJob,
  type ElementInstance,
} from './helpers';

const REPLY = 'exactly-once.reply';
const TTL = 60_000;
const BOUNDARY_INSTANCES = 15;
const ROUNDS = 20;

interface Subscription {
  messageSubscriptionKey: string;
  processInstanceKey: string;
  elementId: string;
  messageSubscriptionState: string;
  correlationKey: string;
}

const subscriptions = (api: Api, filter: Record<string, unknown>) =>
  searchAll<Subscription>(api, '/message-subscriptions/search', filter);

const publish = (api: Api, correlationKey: string, extra: Record<string, unknown> = {}) =>
  api.post('/messages/publication', { name: REPLY, correlationKey, timeToLive: TTL, ...extra });

const pinClock = async (api: Api, timestamp: number) =>
  expectStatus(await api.request('PUT', '/clock', { timestamp }), 204, 'pin the clock');

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** `elementId STATE` of every element instance, sorted: what path an instance took. */
const path = (rows: ElementInstance[]) => rows.map((row) => `${row.elementId} ${row.state}`).sort();

describe.each(backends())('events exactly once on $name', ({ uri }) => {
  let server: TestServer;
  let other: SpawnedServer;
  beforeAll(async () => {
    const db = databaseUri(uri, freshDbName('eventsOnce'));
    server = await startTestServer(db);
    other = await spawnServer(db, { RELATA_SWEEP_INTERVAL_MS: '600000' });
    await deploy(
      server.api,
      'eventsExactlyOnce.messageCatch.bpmn',
      fixture('eventsExactlyOnce.messageCatch.bpmn'),
    );
    await deploy(
      server.api,
      'eventsExactlyOnce.boundaryTimer.bpmn',
      fixture('eventsExactlyOnce.boundaryTimer.bpmn'),
    );
  });
  afterEach(async () => {
    expectStatus(await server.api.post('/clock/reset'), 204, 'reset the clock');
  });
  afterAll(async () => {
    await other?.kill();
    await server?.close();
  });

  it('takes in a message published 20 times at once under one messageId once, for one of 3 waiting instances', async () => {
    // given three instances waiting for a reply with the same correlation key
    const orderId = `order-${Date.now()}`;
    const keys = await Promise.all(
      [0, 1, 2].map(() => startInstance(server.api, 'await-reply', { orderId })),
    );
    await waitFor(
      async () =>
        (await subscriptions(server.api, { correlationKey: orderId })).length === 3
          ? true
          : undefined,
      'three open subscriptions',
    );

    // when the same message (one messageId) is published 20 times at once
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        publish(server.api, orderId, { messageId: `reply-${orderId}`, variables: { copy: i } }),
      ),
    );

    // then one publication is accepted and the other 19 are rejected as duplicates
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    for (const answer of answers.filter((a) => a.status === 409))
      expect((answer.body as { title: string }).title).toBe('ALREADY_EXISTS');

    // and exactly one instance took it in: it completes, the other two still wait
    const winner = await waitFor(async () => {
      const states = await Promise.all(
        keys.map(async (key) => (await server.api.get(`/process-instances/${key}`)).body.state),
      );
      const done = keys.filter((_, i) => states[i] === 'COMPLETED');
      return done.length > 0 ? done : undefined;
    }, 'an instance to complete');
    expect(winner).toHaveLength(1);
    const rows = (await Promise.all(keys.map((key) => elementInstances(server.api, key)))).flat();
    expect(rows.filter((row) => row.elementId === 'reply' && row.state === 'COMPLETED')).toEqual([
      expect.objectContaining({ processInstanceKey: winner[0] }),
    ]);
    expect(rows.filter((row) => row.elementId === 'reply' && row.state === 'ACTIVE').length).toBe(
      2,
    );
    const copy = await variable(server.api, winner[0]!, 'copy');
    const accepted = answers.findIndex((answer) => answer.status === 200);
    expect(copy).toBe(accepted);

    // and the subscription search shows one CORRELATED, two still CREATED
    const subs = await waitFor(async () => {
      const items = await subscriptions(server.api, { correlationKey: orderId });
      return items.some((item) => item.messageSubscriptionState === 'CORRELATED')
        ? items
        : undefined;
    }, 'a correlated subscription');
    expect(subs.map((sub) => sub.messageSubscriptionState).sort()).toEqual([
      'CORRELATED',
      'CREATED',
      'CREATED',
    ]);
    expect(subs.find((sub) => sub.messageSubscriptionState === 'CORRELATED')).toMatchObject({
      processInstanceKey: winner[0],
    });
  });

  it(`lets either the job completion or the interrupting timer win, never both, in ${BOUNDARY_INSTANCES} instances`, async () => {
    // given instances whose job is activated, with a PT1M interrupting boundary timer, on
    // a pinned clock (so the timers are due at T + 1 min exactly)
    const T = Date.now();
    await pinClock(server.api, T);
    const keys = await Promise.all(
      Array.from({ length: BOUNDARY_INSTANCES }, () =>
        startInstance(server.api, 'work-or-timeout'),
      ),
    );
    const jobs: ActivatedJob[] = [];
    await waitFor(
      async () => {
        jobs.push(
          ...(await activate(server.api, 'exactly-once.work', {
            maxJobsToActivate: BOUNDARY_INSTANCES,
            requestTimeout: 500,
            timeout: 600_000, // the lease outlives the jump of the clock
          })),
        );
        return jobs.length >= BOUNDARY_INSTANCES ? true : undefined;
      },
      () => `${BOUNDARY_INSTANCES} activated jobs (${jobs.length})`,
    );
    expect(new Set(jobs.map((job) => job.processInstanceKey))).toEqual(new Set(keys));

    // when the clock moves past the timers while every job is being completed: the
    // completions spread over the time the sweeper takes to fire the timers, in an order
    // unrelated to the order it fires them in
    const completions = new Map<string, ApiResponse>();
    const delays = shuffle(jobs.map((_, i) => i * 40));
    await Promise.all([
      pinClock(server.api, T + 60_001),
      ...jobs.map(async (job, i) => {
        await sleep(delays[i]!);
        completions.set(
          job.processInstanceKey,
          await worker(server.api).post(`/jobs/${job.jobKey}/completion`, {}),
        );
      }),
    ]);

    // then every instance ends, along exactly one of the two paths
    const normal = [
      'done COMPLETED',
      'start COMPLETED',
      'work COMPLETED',
      'work-or-timeout COMPLETED',
    ];
    const timedOut = [
      'start COMPLETED',
      'timedOut COMPLETED',
      'timeout COMPLETED',
      'work TERMINATED',
      'work-or-timeout COMPLETED',
    ];
    const taken = { normal: 0, timedOut: 0 };
    for (const key of keys) {
      await waitForState(server.api, key, 'COMPLETED');
      const rows = path(await elementInstances(server.api, key));
      const completion = completions.get(key)!;
      const jobRows = await searchAll(server.api, '/jobs/search', { processInstanceKey: key });
      if (completion.status === 204) {
        // and a completion that was accepted means the task's normal path, and no timer
        expect(rows, `path of ${key}`).toEqual(normal);
        expect(jobRows.map((job) => job.state)).toEqual(['COMPLETED']);
        taken.normal++;
      } else {
        // and a rejected one (the task was interrupted) means the boundary path
        expect([404, 409], `completion of ${key}: ${JSON.stringify(completion.body)}`).toContain(
          completion.status,
        );
        expect(rows, `path of ${key}`).toEqual(timedOut);
        expect(jobRows.map((job) => job.state)).toEqual(['CANCELED']);
        taken.timedOut++;
      }
    }
    expect(taken.normal + taken.timedOut).toBe(BOUNDARY_INSTANCES);
    console.info(`boundary race on ${server.mongoUri.split('/').pop()}: ${JSON.stringify(taken)}`);
  });

  it(`takes in a message published as its subscription opens exactly once, in ${ROUNDS} rounds on one or two servers`, async () => {
    // given two server processes on one database
    const apis = { one: server.api, two: other.api };
    const pairs = [
      ['one', 'one'],
      ['one', 'two'],
      ['two', 'one'],
      ['two', 'two'],
    ] as const;
    const rounds: { key: string; orderId: string; publication: ApiResponse }[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      // when an instance is created and its message published at the same moment, the
      // one or the other a few milliseconds first, through the same or the other server
      const [create, send] = pairs[round % pairs.length]!;
      const orderId = `race-${Date.now()}-${round}`;
      const offset = Math.floor(Math.random() * 11) - 5;
      const [key, publication] = await Promise.all([
        sleep(Math.max(0, -offset)).then(() =>
          startInstance(apis[create], 'await-reply', { orderId }),
        ),
        sleep(Math.max(0, offset)).then(() =>
          publish(apis[send], orderId, { variables: { round } }),
        ),
      ]);
      expectStatus(publication, 200, `publication of round ${round}`);
      rounds.push({ key, orderId, publication });
    }

    // then every instance took its message in once and completed
    for (const [round, { key, orderId }] of rounds.entries()) {
      await waitForState(server.api, key, 'COMPLETED');
      const rows = await elementInstances(server.api, key);
      expect(path(rows), `path of round ${round}`).toEqual([
        'await-reply COMPLETED',
        'end COMPLETED',
        'reply COMPLETED',
        'start COMPLETED',
      ]);
      expect(await variable(other.api, key, 'round')).toBe(round);
      const subs = await waitFor(async () => {
        const items = await subscriptions(server.api, { correlationKey: orderId });
        return items.every((item) => item.messageSubscriptionState === 'CORRELATED')
          ? items
          : undefined;
      }, `the subscription of round ${round} to show CORRELATED`);
      expect(
        subs.map((sub) => `${sub.processInstanceKey} ${sub.messageSubscriptionState}`),
      ).toEqual([`${key} CORRELATED`]);
    }
    expect(other.output()).not.toMatch(/sweep failed|Unexpected server error/);
  });
});
