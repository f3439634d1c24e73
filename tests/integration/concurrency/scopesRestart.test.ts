/**
 * Scopes across a crash: instances waiting inside an embedded subprocess of a parallel
 * multi-instance, in a sequential multi-instance user task, at an inclusive join, on the
 * subscription of a message or timer event subprocess, on a compensation handler and on
 * the incident of an uncaught job error survive SIGKILL of the server. A server started
 * afterwards on the same database shows them as they were and runs each to its end.
 *
 * One kill and one restart per backend: every instance is brought into its wait state
 * first, then the server dies, then each test goes on with one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, spawnServer, type Api, type SpawnedServer } from '../../support/testServer';
import {
  activate,
  deploy,
  elementInstances,
  expectStatus,
  fixture,
  searchAll,
  startInstance,
  waitFor,
  waitForState,
  within,
  worker,
  type ActivatedJob,
} from './helpers';

const VARIANTS = [
  'multiInstanceSubProcess',
  'sequentialUserTask',
  'inclusiveJoin',
  'messageEventSubProcess',
  'timerEventSubProcess',
  'compensation',
  'jobError',
] as const;

const WEEK = 7 * 24 * 3_600_000;

const pinClock = async (api: Api, timestamp: number) =>
  expectStatus(await api.request('PUT', '/clock', { timestamp }), 204, 'pin the clock');
const resetClock = async (api: Api) =>
  expectStatus(await api.post('/clock/reset'), 204, 'reset the clock');

type Job = ActivatedJob & { variables: Record<string, unknown> };

/** The one job of `type` a worker gets, waiting for it up to a few seconds. */
async function activateOne(api: Api, type: string): Promise<Job> {
  const jobs = await activate(api, type, { requestTimeout: 5_000 });
  expect(jobs, `one ${type} job`).toHaveLength(1);
  return jobs[0] as Job;
}

async function completeJob(api: Api, jobKey: string, variables: Record<string, unknown> = {}) {
  const response = await worker(api).post(`/jobs/${jobKey}/completion`, { variables });
  expectStatus(response, 204, `completion of job ${jobKey}`);
}

async function completeUserTask(api: Api, userTaskKey: string, variables: Record<string, unknown>) {
  const response = await api.post(`/user-tasks/${userTaskKey}/completion`, { variables });
  expectStatus(response, 204, `completion of user task ${userTaskKey}`);
}

/** The CREATED user task of the instance other than `seen`, once it is there. */
const nextUserTask = (api: Api, processInstanceKey: string, seen: string[] = []) =>
  waitFor(async () => {
    const tasks = await searchAll<{ userTaskKey: string; assignee: string | null }>(
      api,
      '/user-tasks/search',
      { processInstanceKey, state: 'CREATED' },
    );
    return tasks.find((task) => !seen.includes(task.userTaskKey));
  }, `a new user task of ${processInstanceKey}`);

/** `elementId state` of every element instance, sorted, once `ready` holds for them. */
async function rowsOf(api: Api, key: string, ready: (rows: string[]) => boolean = () => true) {
  let rows: string[] = [];
  try {
    return await waitFor(async () => {
      rows = (await elementInstances(api, key)).map((row) => `${row.elementId} ${row.state}`);
      rows.sort();
      return ready(rows) ? rows : undefined;
    }, `element instances of ${key}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}; they are ${rows.join(', ')}`);
  }
}

const count = (rows: string[], row: string) => rows.filter((each) => each === row).length;
const times = (n: number, row: string) => Array.from({ length: n }, () => row);

/** A variable of the instance's root scope (parsed from its JSON text), or undefined. */
async function rootVariable(api: Api, processInstanceKey: string, name: string) {
  const items = await searchAll<{ value: string }>(api, '/variables/search', {
    processInstanceKey,
    scopeKey: processInstanceKey,
    name,
  });
  return items[0] ? JSON.parse(items[0].value) : undefined;
}

const activeIncidentsOf = (api: Api, processInstanceKey: string) =>
  searchAll<{ incidentKey: string; errorType: string; elementId: string; jobKey: string }>(
    api,
    '/incidents/search',
    { processInstanceKey, state: 'ACTIVE' },
  );

/** What the searches show of the instances, in a comparable form. */
async function snapshot(api: Api, keys: string[]) {
  const mine = async (path: string, line: (item: any) => string) =>
    (await searchAll(api, path, {}))
      .filter((item) => keys.includes(item.processInstanceKey))
      .map(line)
      .sort();
  return {
    instances: await mine('/process-instances/search', (i) => `${i.processInstanceKey} ${i.state}`),
    elementInstances: await mine(
      '/element-instances/search',
      (r) => `${r.processInstanceKey} ${r.elementInstanceKey} ${r.elementId} ${r.state}`,
    ),
    userTasks: await mine(
      '/user-tasks/search',
      (t) => `${t.processInstanceKey} ${t.userTaskKey} ${t.assignee} ${t.state}`,
    ),
    jobs: await mine('/jobs/search', (j) => `${j.processInstanceKey} ${j.jobKey} ${j.state}`),
    incidents: await mine(
      '/incidents/search',
      (i) => `${i.processInstanceKey} ${i.incidentKey} ${i.errorType} ${i.state}`,
    ),
    subscriptions: await mine(
      '/message-subscriptions/search',
      (s) => `${s.processInstanceKey} ${s.messageName} ${s.messageSubscriptionState}`,
    ),
  };
}

/** Every instance brought into its wait state on `api`, with what the tests go on from. */
async function bringIntoWaitStates(api: Api) {
  // a parallel multi-instance over three contracts: the checks of C-1 and C-3 are done
  const multiInstance = await startInstance(api, 'restart-mi-subprocess', {
    contractIds: ['C-1', 'C-2', 'C-3'],
  });
  const checks: Job[] = [];
  while (checks.length < 3) {
    const jobs = await activate(api, 'restart.mi.check', {
      maxJobsToActivate: 3,
      requestTimeout: 5_000,
    });
    expect(jobs.length, 'check jobs').toBeGreaterThan(0);
    checks.push(...(jobs as Job[]));
  }
  const byContract = new Map(checks.map((job) => [job.variables.contractId, job.jobKey]));
  await completeJob(api, byContract.get('C-1')!, { verdict: 'C-1 signed' });
  await completeJob(api, byContract.get('C-3')!, { verdict: 'C-3 signed' });
  await rowsOf(api, multiInstance, (rows) => count(rows, 'review COMPLETED') === 2);

  // a sequential multi-instance user task: anna approved, bob's task waits
  const sequential = await startInstance(api, 'restart-mi-user-task', {
    approvers: ['anna', 'bob', 'carl'],
  });
  const anna = await nextUserTask(api, sequential);
  expect(anna.assignee).toBe('anna');
  await completeUserTask(api, anna.userTaskKey, { approved: true });
  const bob = await nextUserTask(api, sequential, [anna.userTaskKey]);

  // an inclusive fork into call and mail: the call is done, its token waits at the join
  const inclusive = await startInstance(api, 'restart-inclusive', {
    wantsCall: true,
    wantsMail: true,
  });
  await completeJob(api, (await activateOne(api, 'restart.inclusive.call')).jobKey);
  await rowsOf(api, inclusive, (rows) => rows.includes('call COMPLETED'));

  // a shipment whose non-interrupting note subscription is open
  const orderId = `O-${freshDbName('note')}`;
  const message = await startInstance(api, 'restart-message-esp', { orderId });
  await waitFor(async () => {
    const subscriptions = await searchAll(api, '/message-subscriptions/search', {
      processInstanceKey: message,
      messageSubscriptionState: 'CREATED',
    });
    return subscriptions.length === 1 ? true : undefined;
  }, `the note subscription of ${message}`);

  // a negotiation whose week-long expiry timer is armed
  const timer = await startInstance(api, 'restart-timer-esp');
  await rowsOf(api, timer, (rows) => rows.includes('negotiate ACTIVE'));

  // a booking being undone: the throw waits for the cancellation job
  const compensation = await startInstance(api, 'restart-compensation');
  await completeJob(api, (await activateOne(api, 'restart.compensation.book')).jobKey);
  await rowsOf(api, compensation, (rows) => rows.includes('cancelBooking ACTIVE'));

  // a charge whose worker threw a code nobody catches
  const jobError = await startInstance(api, 'restart-job-error');
  const charge = await activateOne(api, 'restart.error.charge');
  expectStatus(
    await worker(api).post(`/jobs/${charge.jobKey}/error`, {
      errorCode: 'GATEWAY_DOWN',
      errorMessage: 'the payment gateway did not answer',
    }),
    204,
    'the job error',
  );
  await waitFor(
    async () => ((await activeIncidentsOf(api, jobError)).length === 1 ? true : undefined),
    `the incident of ${jobError}`,
  );

  return {
    multiInstance: { key: multiInstance, openCheck: byContract.get('C-2')! },
    sequential: { key: sequential, anna: anna.userTaskKey, bob: bob.userTaskKey },
    inclusive,
    message: { key: message, orderId },
    timer,
    compensation,
    jobError: { key: jobError, jobKey: charge.jobKey },
  };
}

describe.each(backends())('scopes across a server restart on $name', ({ uri }) => {
  const spawned: SpawnedServer[] = [];
  let api: Api;
  let T: number;
  let waiting: Awaited<ReturnType<typeof bringIntoWaitStates>>;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let keys: string[];

  beforeAll(async () => {
    // every instance in its wait state, the server killed with SIGKILL, a new one started
    const db = databaseUri(uri, freshDbName('scopesRestart'));
    const first = await spawnServer(db);
    spawned.push(first);
    T = Date.now();
    await pinClock(first.api, T);
    for (const variant of VARIANTS) {
      const name = `scopesRestart.${variant}.bpmn`;
      await deploy(first.api, name, fixture(name));
    }
    waiting = await bringIntoWaitStates(first.api);
    keys = [
      waiting.multiInstance.key,
      waiting.sequential.key,
      waiting.inclusive,
      waiting.message.key,
      waiting.timer,
      waiting.compensation,
      waiting.jobError.key,
    ];
    before = await snapshot(first.api, keys);
    await within(first.kill('SIGKILL'), 10_000, 'the kill');
    expect(first.child.signalCode).toBe('SIGKILL');
    const second = await spawnServer(db);
    spawned.push(second);
    api = second.api;
  });

  afterAll(async () => {
    if (api) await resetClock(api);
    await Promise.all(spawned.map((server) => server.kill('SIGKILL')));
  });

  it('shows every instance, element instance, task, job, incident and subscription as before', async () => {
    // given the instances waiting when the server was killed
    expect(before.instances).toHaveLength(keys.length);
    expect(before.instances.every((row) => row.endsWith(' ACTIVE'))).toBe(true);

    // when the restarted server is asked
    const after = await snapshot(api, keys);

    // then it shows what the killed one showed
    expect(after).toEqual(before);
  });

  it('fires the interrupting timer of an event subprocess once the clock passes it', async () => {
    // given a negotiation whose expiry timer was armed before the crash

    // when the clock is pinned past the week
    await pinClock(api, T + WEEK + 1_000);

    // then the expiry interrupts the negotiation and closes the quote
    await waitForState(api, waiting.timer, 'COMPLETED');
    expect(await rowsOf(api, waiting.timer)).toEqual([
      'closed COMPLETED',
      'expired COMPLETED',
      'expiry COMPLETED',
      'negotiate TERMINATED',
      'restart-timer-esp COMPLETED',
      'start COMPLETED',
    ]);
    expect(await activate(api, 'restart.timer.negotiate', { requestTimeout: 300 })).toEqual([]);
  });

  it('completes the last job of a multi-instance subprocess and collects every output', async () => {
    // given a multi-instance subprocess whose checks of C-1 and C-3 were done before the crash
    const { key, openCheck } = waiting.multiInstance;

    // when the check of C-2, still open, is completed
    await completeJob(api, openCheck, { verdict: 'C-2 signed' });

    // then the output collection is complete, in item order, and the instance completes
    await waitForState(api, key, 'COMPLETED');
    expect(await rootVariable(api, key, 'verdicts')).toEqual([
      'C-1 signed',
      'C-2 signed',
      'C-3 signed',
    ]);
    expect(await rowsOf(api, key)).toEqual([
      ...times(3, 'check COMPLETED'),
      ...times(3, 'contractDone COMPLETED'),
      ...times(3, 'contractStart COMPLETED'),
      ...times(4, 'contracts COMPLETED'),
      'end COMPLETED',
      'restart-mi-subprocess COMPLETED',
      ...times(3, 'review COMPLETED'),
      ...times(3, 'reviewStart COMPLETED'),
      ...times(3, 'reviewed COMPLETED'),
      'start COMPLETED',
    ]);
  });

  it('goes on with the next item of a sequential multi-instance user task', async () => {
    // given a sequential approval where anna approved before the crash and bob's task waits
    const { key, anna, bob } = waiting.sequential;

    // when bob declines and carl, whose task comes next, approves
    await completeUserTask(api, bob, { approved: false });
    const carl = await nextUserTask(api, key, [anna, bob]);
    expect(carl.assignee).toBe('carl');
    await completeUserTask(api, carl.userTaskKey, { approved: true });

    // then the decisions are collected in order and the instance completes
    await waitForState(api, key, 'COMPLETED');
    expect(await rootVariable(api, key, 'decisions')).toEqual([true, false, true]);
    expect(await rowsOf(api, key)).toEqual([
      ...times(4, 'approve COMPLETED'),
      'end COMPLETED',
      'restart-mi-user-task COMPLETED',
      'start COMPLETED',
    ]);
  });

  it('keeps the token at the inclusive join until the other branch completes', async () => {
    // given an inclusive fork whose call was done before the crash, the mail still open
    const key = waiting.inclusive;
    const waitingRows = await rowsOf(api, key);
    expect(waitingRows).not.toContain('end COMPLETED');
    expect(waitingRows).toContain('mail ACTIVE');

    // when the mail job is completed
    await completeJob(api, (await activateOne(api, 'restart.inclusive.mail')).jobKey);

    // then the join goes on once and the instance completes
    await waitForState(api, key, 'COMPLETED');
    expect(await rowsOf(api, key)).toEqual([
      'call COMPLETED',
      'end COMPLETED',
      'fork COMPLETED',
      'join COMPLETED',
      'mail COMPLETED',
      'restart-inclusive COMPLETED',
      'start COMPLETED',
    ]);
  });

  it('runs a non-interrupting message event subprocess once for a message published after the restart', async () => {
    // given a shipment whose note subscription was opened before the crash
    const { key, orderId } = waiting.message;

    // when the note message is published
    const published = await api.post('/messages/publication', {
      name: 'restart.order.note',
      correlationKey: orderId,
      variables: { note: 'call after five' },
    });
    expectStatus(published, 200, 'the publication');

    // then the event subprocess runs with the message's variables, next to the shipment
    const record = await activateOne(api, 'restart.esp.record');
    expect(record.processInstanceKey).toBe(key);
    expect(record.variables).toMatchObject({ note: 'call after five', orderId });
    await completeJob(api, record.jobKey);
    await rowsOf(api, key, (rows) => rows.includes('notes COMPLETED'));

    // and completing the shipment completes the instance, the note recorded once
    await completeJob(api, (await activateOne(api, 'restart.esp.ship')).jobKey);
    await waitForState(api, key, 'COMPLETED');
    expect(await rowsOf(api, key)).toEqual([
      'end COMPLETED',
      'noteAdded COMPLETED',
      'notes COMPLETED',
      'record COMPLETED',
      'recorded COMPLETED',
      'restart-message-esp COMPLETED',
      'ship COMPLETED',
      'start COMPLETED',
    ]);
  });

  it('completes a compensation throw once its handler job is completed', async () => {
    // given a booking whose compensation handler job was opened before the crash
    const key = waiting.compensation;

    // when the cancellation job is completed
    const cancel = await activateOne(api, 'restart.compensation.cancel');
    expect(cancel.processInstanceKey).toBe(key);
    await completeJob(api, cancel.jobKey);

    // then the throw completes and the instance with it
    await waitForState(api, key, 'COMPLETED');
    expect(await rowsOf(api, key)).toEqual([
      'book COMPLETED',
      'cancelBooking COMPLETED',
      'end COMPLETED',
      'restart-compensation COMPLETED',
      'start COMPLETED',
      'undo COMPLETED',
    ]);
  });

  it('offers the job again once the incident of an uncaught job error is resolved', async () => {
    // given a charge whose uncaught error raised an incident before the crash
    const { key, jobKey } = waiting.jobError;
    const [incident, ...others] = await activeIncidentsOf(api, key);
    expect(others).toEqual([]);
    expect(incident).toMatchObject({ errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'charge' });
    expect(await activate(api, 'restart.error.charge', { requestTimeout: 300 })).toEqual([]);

    // when the incident is resolved
    const resolution = await api.post(`/incidents/${incident!.incidentKey}/resolution`);
    expectStatus(resolution, 204, 'the resolution');

    // then the same job is offered again, and completing it charges the card
    const again = await activateOne(api, 'restart.error.charge');
    expect(again.jobKey).toBe(jobKey);
    await completeJob(api, again.jobKey);
    await waitForState(api, key, 'COMPLETED');
    expect(await rowsOf(api, key)).toEqual([
      'charge COMPLETED',
      'end COMPLETED',
      'restart-job-error COMPLETED',
      'start COMPLETED',
    ]);
    expect(await activeIncidentsOf(api, key)).toEqual([]);
  });
});
