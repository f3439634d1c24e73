/**
 * The shared clock (D3, reference §2.12): `PUT /v2/clock` and `POST /v2/clock/reset` are for
 * admins, and only where clock control is on; a pin is stored in the database, so every
 * server process on it reads the pinned time and fires the timers due on it, each once.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type Api, type TestServer } from '../../support/testServer';
import { WORKER, expectProblem, startApiServer } from '../api/apiTestKit';
import {
  deploy,
  elementInstances,
  expectStatus,
  mapLimit,
  startInstance,
  waitFor,
  waitForState,
} from '../concurrency/helpers';

const fixture = (variant: string) =>
  readFileSync(new URL(`clock.${variant}.bpmn`, import.meta.url), 'utf8');

const HOUR = 3_600_000;

const pin = async (api: Api, timestamp: number) =>
  expectStatus(await api.request('PUT', '/clock', { timestamp }), 204, 'pin the clock');
const reset = async (api: Api) =>
  expectStatus(await api.post('/clock/reset'), 204, 'reset the clock');

describe('PUT /v2/clock and POST /v2/clock/reset', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('clock');
  });
  afterEach(() => reset(server.api));
  afterAll(() => server?.close());

  it.each([
    ['analyst', 'demo'],
    ['staff', 'demo'],
    [WORKER.user, WORKER.password],
  ])('answers %s 403: only admins move the clock', async (user, password) => {
    // given
    const caller = server.api.as(user, password);
    // when
    const pinned = await caller.request('PUT', '/clock', { timestamp: Date.UTC(2031, 0, 1) });
    const reset = await caller.post('/clock/reset');
    // then
    expectProblem(pinned, 403, '/clock');
    expectProblem(reset, 403, '/clock/reset');
  });

  it('keeps the clock where it was when a non-admin tries to move it', async () => {
    // given the clock pinned by the admin
    const at = Date.UTC(2031, 0, 1);
    await pin(server.api, at);
    // when the analyst tries to pin it elsewhere and to reset it
    await server.api.as('analyst').request('PUT', '/clock', { timestamp: Date.UTC(2040, 0, 1) });
    await server.api.as('analyst').post('/clock/reset');
    // then the clock still reads the admin's instant
    await deploy(server.api, 'clock.straightThrough.bpmn', fixture('straightThrough'));
    const key = await startInstance(server.api, 'clock-straight-through');
    const { body } = await server.api.get(`/process-instances/${key}`);
    expect(body.startDate).toBe(new Date(at).toISOString());
  });

  it.each<[string, unknown]>([
    ['a missing timestamp', {}],
    ['a negative timestamp', { timestamp: -1 }],
    ['a timestamp that is a string', { timestamp: '2031-01-01T00:00:00Z' }],
  ])('rejects %s with 400 naming /timestamp', async (_case, body) => {
    // when
    const response = await server.api.request('PUT', '/clock', body);
    // then
    expectProblem(response, 400, '/clock', { pointer: '/timestamp' });
  });
});

describe('with clock control off', () => {
  let server: TestServer;
  beforeAll(async () => {
    const sqlite = backends()[0]!;
    server = await startTestServer(databaseUri(sqlite.uri, freshDbName('clockOff')), {
      clockControl: false,
    });
  });
  afterAll(() => server?.close());

  it('answers even an admin 403 saying that clock control is off', async () => {
    // when
    const pinned = await server.api.request('PUT', '/clock', { timestamp: Date.UTC(2031, 0, 1) });
    const reset = await server.api.post('/clock/reset');
    // then
    for (const [response, path] of [
      [pinned, '/clock'],
      [reset, '/clock/reset'],
    ] as const) {
      expectProblem(response, 403, path);
      expect(response.body.detail).toMatch(/clock control is switched off/);
    }
  });
});

describe('two server processes on one database', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const sqlite = backends()[0]!;
    const db = databaseUri(sqlite.uri, freshDbName('clockShared'));
    a = await startTestServer(db);
    b = await startTestServer(db);
    await deploy(a.api, 'clock.catchDuration.bpmn', fixture('catchDuration'));
    await deploy(a.api, 'clock.straightThrough.bpmn', fixture('straightThrough'));
  });
  afterEach(() => reset(a.api));
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('sees a pin made through the other process', async () => {
    // when the clock is pinned through B
    const at = Date.UTC(2031, 6, 1, 12);
    await pin(b.api, at);

    // then A reads that instant too: an instance started through A starts then
    const startDate = await waitFor(async () => {
      const key = await startInstance(a.api, 'clock-straight-through');
      const { body } = await a.api.get(`/process-instances/${key}`);
      return body.startDate === new Date(at).toISOString() ? body.startDate : undefined;
    }, 'A to read the clock pinned through B');
    expect(startDate).toBe('2031-07-01T12:00:00.000Z');
  });

  it('fires timers armed by A, once each, when the clock is pinned through B', async () => {
    // given ten instances started through A on A's pinned clock, each waiting on a PT1H timer
    const T = Date.UTC(2031, 7, 4, 9);
    await pin(a.api, T);
    const keys = await mapLimit(Array.from({ length: 10 }), 5, () =>
      startInstance(a.api, 'clock-catch-duration'),
    );

    // when the clock is pinned past the timers through B, while both processes sweep
    await pin(b.api, T + HOUR + 1_000);

    // then every instance completes, its timer event run exactly once
    for (const key of keys) await waitForState(a.api, key, 'COMPLETED');
    await Promise.all([a.sweeper.sweepNow(), b.sweeper.sweepNow()]);
    for (const key of keys) {
      const rows = (await elementInstances(b.api, key)).filter((row) => row.elementId === 'wait');
      expect(
        rows.map((row) => row.state),
        `timer event of ${key}`,
      ).toEqual(['COMPLETED']);
      expect(rows[0]!.endDate).toBe(new Date(T + HOUR + 1_000).toISOString());
    }
  });
});
