/**
 * Job leases on the shared clock (D3): a leased job is invisible to every process until
 * its deadline passes on the clock all processes share, and a failed job with a
 * back-off stays invisible until the back-off has passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type Api, type TestServer } from '../../support/testServer';
import {
  activate,
  deploy,
  expectStatus,
  fixture,
  sleep,
  startInstance,
  waitForState,
  worker,
} from './helpers';

/** Longer than SharedClock's refresh (250 ms): by then every process sees a new pin. */
const CLOCK_PROPAGATION_MS = 700;

const pinClock = async (api: Api, timestamp: number) =>
  expectStatus(await api.request('PUT', '/clock', { timestamp }), 204, 'pin the clock');

describe.each(backends())('job leases on the shared clock on $name', ({ uri }) => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const db = databaseUri(uri, freshDbName('jobLease'));
    a = await startTestServer(db);
    b = await startTestServer(db);
    await deploy(a.api, 'jobLease.serviceTask.bpmn', fixture('jobLease.serviceTask.bpmn'));
  });
  afterAll(async () => {
    if (a) await a.api.post('/clock/reset');
    await Promise.all([a?.close(), b?.close()]);
  });

  /** No process hands out a `lease.work` job now. */
  const expectNothingActivatable = async (what: string) => {
    const [fromA, fromB] = await Promise.all([
      activate(a.api, 'lease.work', { requestTimeout: 300, worker: 'a' }),
      activate(b.api, 'lease.work', { requestTimeout: 300, worker: 'b' }),
    ]);
    expect(fromA, `${what}, through A`).toEqual([]);
    expect(fromB, `${what}, through B`).toEqual([]);
  };

  it('hides a leased job until its deadline, and a failed one until its back-off', async () => {
    // given a pinned clock and an instance waiting on a job
    const T = Date.now();
    await pinClock(a.api, T);
    await sleep(CLOCK_PROPAGATION_MS);
    const key = await startInstance(a.api, 'job-lease');

    // when the job is activated through A with a timeout of 1000 ms
    const [job] = await activate(a.api, 'lease.work', { timeout: 1_000, worker: 'a' });
    expect(job?.processInstanceKey).toBe(key);
    expect(job!.deadline).toBe(T + 1_000);

    // then no process hands it out again before the deadline
    await expectNothingActivatable('before the deadline');
    await pinClock(a.api, T + 999);
    await sleep(CLOCK_PROPAGATION_MS);
    await expectNothingActivatable('1 ms before the deadline');

    // and once the clock passes the deadline, B can activate it, under the same key
    await pinClock(a.api, T + 1_001);
    const [again] = await activate(b.api, 'lease.work', {
      timeout: 1_000,
      worker: 'b',
      requestTimeout: 3_000,
    });
    expect(again?.jobKey).toBe(job!.jobKey);
    expect(again!.deadline).toBe(T + 2_001);
    await expectNothingActivatable('under the second lease');

    // when B fails it with 2 retries left and a back-off of 60 s
    expectStatus(
      await worker(b.api).post(`/jobs/${job!.jobKey}/failure`, {
        retries: 2,
        errorMessage: 'try later',
        retryBackOff: 60_000,
      }),
      204,
      'job failure',
    );

    // then it is not activatable during the back-off, though its lease has run out
    await expectNothingActivatable('just after the failure');
    await pinClock(b.api, T + 30_000);
    await sleep(CLOCK_PROPAGATION_MS);
    await expectNothingActivatable('half-way through the back-off');
    await pinClock(b.api, T + 61_000);
    await sleep(CLOCK_PROPAGATION_MS);
    await expectNothingActivatable('1 ms before the back-off ends');

    // and once the clock passes the back-off it is activatable again, with 2 retries
    await pinClock(b.api, T + 61_002);
    const [retried] = await activate(a.api, 'lease.work', {
      timeout: 1_000,
      worker: 'a',
      requestTimeout: 3_000,
    });
    expect(retried?.jobKey).toBe(job!.jobKey);
    expect(retried!.retries).toBe(2);
    expectStatus(
      await worker(a.api).post(`/jobs/${job!.jobKey}/completion`, {}),
      204,
      'job completion',
    );
    await waitForState(a.api, key, 'COMPLETED');
    expectStatus(await a.api.post('/clock/reset'), 204, 'reset the clock');
  });
});
