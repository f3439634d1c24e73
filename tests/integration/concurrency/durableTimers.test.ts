/**
 * Durable timers (D3): timers live in the database, not in a server process. A server
 * killed with SIGKILL while 100 instances wait on a timer, or while it is firing them,
 * loses none and fires none twice: a server started afterwards on the same database fires
 * every timer exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, spawnServer, type Api, type SpawnedServer } from '../../support/testServer';
import {
  deploy,
  expectStatus,
  fixture,
  mapLimit,
  searchAll,
  startInstance,
  waitFor,
  within,
  type ElementInstance,
} from './helpers';

const COUNT = 100;
const HOUR = 3_600_000;
const PROCESS = 'durable-timers';

const pinClock = async (api: Api, timestamp: number) =>
  expectStatus(await api.request('PUT', '/clock', { timestamp }), 204, 'pin the clock');
const resetClock = async (api: Api) =>
  expectStatus(await api.post('/clock/reset'), 204, 'reset the clock');

const instancesIn = (api: Api, state: string) =>
  searchAll<{ processInstanceKey: string }>(api, '/process-instances/search', {
    processDefinitionId: PROCESS,
    state,
  });

/** How many rows a search finds, read from one small page. */
async function countOf(api: Api, path: string, filter: Record<string, unknown>): Promise<number> {
  const response = await api.post(path, { filter, page: { limit: 1 } });
  expectStatus(response, 200, `search ${path}`);
  return response.body.page.totalItems as number;
}

/** Waits until the search finds at least `atLeast` rows. */
const waitForCount = (
  api: Api,
  path: string,
  filter: Record<string, unknown>,
  atLeast: number,
  { timeoutMs, everyMs }: { timeoutMs: number; everyMs: number },
) =>
  waitFor(
    async () => ((await countOf(api, path, filter)) >= atLeast ? true : undefined),
    `${atLeast} rows of ${path} with ${JSON.stringify(filter)}`,
    timeoutMs,
    everyMs,
  );

/** Pins the clock at T and starts COUNT instances, 10 at a time, each waiting on PT1H. */
async function startWaiting(api: Api, T: number): Promise<string[]> {
  await pinClock(api, T);
  await deploy(api, 'durableTimers.catchHour.bpmn', fixture('durableTimers.catchHour.bpmn'));
  return mapLimit(Array.from({ length: COUNT }), 10, () => startInstance(api, PROCESS));
}

/** Every instance completes, and its timer event ran exactly once, fired at `firedAt`. */
async function expectEachFiredOnce(api: Api, keys: string[], firedAt: number) {
  await waitForCount(
    api,
    '/process-instances/search',
    { processDefinitionId: PROCESS, state: 'COMPLETED' },
    COUNT,
    { timeoutMs: 90_000, everyMs: 500 },
  );
  const completed = await instancesIn(api, 'COMPLETED');
  expect(completed.map((instance) => instance.processInstanceKey).sort()).toEqual([...keys].sort());
  const rows = await searchAll<ElementInstance>(api, '/element-instances/search', {
    processDefinitionId: PROCESS,
  });
  const perInstance = new Map<string, string[]>();
  for (const row of rows) {
    const list = perInstance.get(row.processInstanceKey) ?? [];
    list.push(`${row.elementId} ${row.state}`);
    perInstance.set(row.processInstanceKey, list);
  }
  expect([...perInstance.keys()].sort()).toEqual([...keys].sort());
  for (const [key, list] of perInstance) {
    expect(list.sort(), `element instances of ${key}`).toEqual([
      `${PROCESS} COMPLETED`,
      'end COMPLETED',
      'start COMPLETED',
      'wait COMPLETED',
    ]);
  }
  const timerRows = rows.filter((row) => row.elementId === 'wait');
  expect(timerRows).toHaveLength(COUNT);
  expect(new Set(timerRows.map((row) => row.endDate))).toEqual(
    new Set([new Date(firedAt).toISOString()]),
  );
}

describe.each(backends())('durable timers on $name', ({ uri }) => {
  const spawned: SpawnedServer[] = [];
  const spawn = async (db: string) => {
    const server = await spawnServer(db);
    spawned.push(server);
    return server;
  };
  const killHard = async (server: SpawnedServer) => {
    await within(server.kill('SIGKILL'), 10_000, 'the kill');
    expect(server.child.signalCode).toBe('SIGKILL');
  };
  afterAll(async () => {
    await Promise.all(spawned.map((server) => server.kill('SIGKILL')));
  });

  it(`fires all ${COUNT} timers once after the server waiting on them was killed`, async () => {
    // given COUNT instances waiting on a PT1H timer armed at T
    const db = databaseUri(uri, freshDbName('durableTimersWait'));
    const first = await spawn(db);
    const T = Date.UTC(2031, 8, 1, 9);
    const keys = await startWaiting(first.api, T);

    // when the server is killed with SIGKILL and another one starts on the same database
    await killHard(first);
    const second = await spawn(db);
    try {
      // then all the instances still wait
      expect(
        (await instancesIn(second.api, 'ACTIVE')).map((i) => i.processInstanceKey).sort(),
      ).toEqual([...keys].sort());

      // when the clock is pinned past the timers
      await pinClock(second.api, T + HOUR + 1_000);

      // then every instance completes, its timer fired exactly once
      await expectEachFiredOnce(second.api, keys, T + HOUR + 1_000);
    } finally {
      await resetClock(second.api);
    }
  });

  it(`fires all ${COUNT} timers once when the server is killed while firing them`, async () => {
    // given COUNT instances waiting on a PT1H timer armed at T
    const db = databaseUri(uri, freshDbName('durableTimersFiring'));
    const first = await spawn(db);
    const T = Date.UTC(2031, 8, 2, 9);
    const keys = await startWaiting(first.api, T);

    // when the clock is pinned past the timers and the server is killed right after
    // (as soon as the first timer has fired: the kill lands in the middle of the firing)
    await pinClock(first.api, T + HOUR + 1_000);
    await waitForCount(
      first.api,
      '/element-instances/search',
      { elementId: 'wait', state: 'COMPLETED' },
      1,
      { timeoutMs: 15_000, everyMs: 20 },
    );
    await killHard(first);

    // and another server starts on the same database
    const second = await spawn(db);
    try {
      // then every instance completes, its timer fired exactly once
      await expectEachFiredOnce(second.api, keys, T + HOUR + 1_000);
    } finally {
      await resetClock(second.api);
    }
  });
});
