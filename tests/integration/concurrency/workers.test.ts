/**
 * Two server processes on one database, one job worker on each, 300 instances of two
 * service tasks in sequence: jobs are claimed by insert (D3, D8), so every job is
 * completed exactly once, none is lost, and keys still grow in activation order within
 * an instance although both processes allocated them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, spawnServer, type SpawnedServer } from '../../support/testServer';
import {
  deploy,
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

const INSTANCES = 300;
const JOB_TYPE = 'two-steps.work';
/** The order the model activates its elements in. */
const ACTIVATION_ORDER = ['two-steps', 'start', 'stepOne', 'stepTwo', 'end'];

interface Completion {
  jobKey: string;
  processInstanceKey: string;
  elementId: string;
  worker: string;
  status: number;
}

/**
 * Nothing crashes here, so the live path alone (commit, projection, the reload after a
 * lost race) must keep every search right; the sweep of D3 is slowed to a crawl. It
 * also costs a read per instance per pass, which on SQLite would halve this test's speed.
 */
const LIVE_PATH_ONLY = { RELATA_SWEEP_INTERVAL_MS: '600000' };

describe.each(backends())('two server processes with a job worker each on $name', ({ uri }) => {
  let servers: SpawnedServer[] = [];
  beforeAll(async () => {
    const db = databaseUri(uri, freshDbName('workers'));
    // Started at the same moment: two first starts on one fresh database must not collide.
    servers = await Promise.all([spawnServer(db, LIVE_PATH_ONLY), spawnServer(db, LIVE_PATH_ONLY)]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill()));
  });

  it(`completes each of ${INSTANCES * 2} jobs exactly once`, async () => {
    const [one, two] = servers as [SpawnedServer, SpawnedServer];
    await deploy(one.api, 'workers.twoServiceTasks.bpmn', fixture('workers.twoServiceTasks.bpmn'));

    // given a job worker on each server process, polling the same job type
    const activations = new Map<string, string[]>();
    const completions: Completion[] = [];
    const errors: string[] = [];
    let stop = false;
    const runWorker = async (name: string, server: SpawnedServer) => {
      const api = worker(server.api);
      while (!stop) {
        const response = await api.post('/jobs/activation', {
          type: JOB_TYPE,
          worker: name,
          timeout: 300_000,
          maxJobsToActivate: 20,
          requestTimeout: 1_000,
        });
        if (response.status !== 200) {
          errors.push(`${name} activation: ${response.status} ${JSON.stringify(response.body)}`);
          await sleep(100);
          continue;
        }
        const jobs = response.body.jobs as ActivatedJob[];
        for (const job of jobs)
          activations.set(job.jobKey, [...(activations.get(job.jobKey) ?? []), name]);
        await Promise.all(
          jobs.map(async (job) => {
            const done = await api.post(`/jobs/${job.jobKey}/completion`, {
              variables: { [`${job.elementId}By`]: name },
            });
            completions.push({
              jobKey: job.jobKey,
              processInstanceKey: job.processInstanceKey,
              elementId: job.elementId,
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

    // when 300 instances are started, alternately through each process
    let keys: string[] = [];
    let failure: unknown;
    try {
      keys = await within(
        mapLimit(Array.from({ length: INSTANCES }), 8, (_, i) =>
          startInstance((i % 2 === 0 ? one : two).api, 'two-steps'),
        ),
        120_000,
        'starting the instances',
      );
      await waitFor(
        async () => (completions.length >= INSTANCES * 2 || errors.length > 0 ? true : undefined),
        () =>
          `${INSTANCES * 2} job completions (${activations.size} activated, ${completions.length} completed)`,
        180_000,
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
    expect(errors).toEqual([]);

    // then each job was activated once and completed once, by the worker that held it
    expect(completions).toHaveLength(INSTANCES * 2);
    const byJob = new Map<string, Completion[]>();
    for (const completion of completions)
      byJob.set(completion.jobKey, [...(byJob.get(completion.jobKey) ?? []), completion]);
    expect(byJob.size).toBe(INSTANCES * 2);
    for (const [jobKey, list] of byJob) {
      expect(
        list.map((c) => c.status),
        `completions of ${jobKey}`,
      ).toEqual([204]);
      expect(activations.get(jobKey), `activations of ${jobKey}`).toEqual([list[0]!.worker]);
    }
    const perInstance = new Map<string, Completion[]>();
    for (const completion of completions)
      perInstance.set(completion.processInstanceKey, [
        ...(perInstance.get(completion.processInstanceKey) ?? []),
        completion,
      ]);
    expect(new Set(perInstance.keys())).toEqual(new Set(keys));
    for (const [key, list] of perInstance)
      expect(list.map((c) => c.elementId).sort(), `jobs of ${key}`).toEqual(['stepOne', 'stepTwo']);
    // Both processes took part, and many instances were worked on by both.
    const shared = [...perInstance.values()].filter((list) => list[0]!.worker !== list[1]!.worker);
    expect(new Set(completions.map((c) => c.worker))).toEqual(
      new Set(['worker-one', 'worker-two']),
    );
    expect(shared.length).toBeGreaterThan(0);

    // and the search agrees: 600 jobs, each COMPLETED once, by the worker the client saw
    const jobs = await waitFor(
      async () => {
        const items = await searchAll(two.api, '/jobs/search', {
          processDefinitionId: 'two-steps',
        });
        return items.length === INSTANCES * 2 && items.every((job) => job.state === 'COMPLETED')
          ? items
          : undefined;
      },
      'all jobs COMPLETED in the search',
      20_000,
      250,
    );
    expect(new Set(jobs.map((job) => job.jobKey))).toEqual(new Set(byJob.keys()));
    for (const job of jobs)
      expect(job.worker, `worker of ${job.jobKey}`).toBe(byJob.get(job.jobKey)![0]!.worker);

    // and all 300 instances are COMPLETED, with the variables their workers set
    const completed = await waitFor(
      async () => {
        const items = await searchAll(one.api, '/process-instances/search', {
          processDefinitionId: 'two-steps',
          state: 'COMPLETED',
        });
        return items.length === INSTANCES ? items : undefined;
      },
      `${INSTANCES} completed instances`,
      20_000,
      250,
    );
    expect(new Set(completed.map((item) => item.processInstanceKey))).toEqual(new Set(keys));
    for (const name of ['stepOneBy', 'stepTwoBy']) {
      const values = await searchAll(one.api, '/variables/search', { name });
      expect(values).toHaveLength(INSTANCES);
      for (const value of values) {
        const expected = perInstance
          .get(value.processInstanceKey)!
          .find((c) => `${c.elementId}By` === name)!.worker;
        expect(JSON.parse(value.value), `${name} of ${value.processInstanceKey}`).toBe(expected);
      }
    }

    // and within each instance, element-instance keys grow in activation order, and the
    // instance key is the key of its PROCESS element instance
    const rows = await searchAll<ElementInstance>(two.api, '/element-instances/search', {
      processDefinitionId: 'two-steps',
    });
    const rowsOf = new Map<string, ElementInstance[]>();
    for (const row of rows)
      rowsOf.set(row.processInstanceKey, [...(rowsOf.get(row.processInstanceKey) ?? []), row]);
    expect(new Set(rowsOf.keys())).toEqual(new Set(keys));
    for (const [key, mine] of rowsOf) {
      expect(mine.map((row) => row.elementId).sort(), `elements of ${key}`).toEqual(
        [...ACTIVATION_ORDER].sort(),
      );
      const process = mine.find((row) => row.type === 'PROCESS')!;
      expect(process.elementInstanceKey, `PROCESS element of ${key}`).toBe(key);
      // activation order: by start date, and within one date by the model's order
      const ordered = [...mine].sort(
        (x, y) =>
          Date.parse(x.startDate) - Date.parse(y.startDate) ||
          ACTIVATION_ORDER.indexOf(x.elementId) - ACTIVATION_ORDER.indexOf(y.elementId),
      );
      expect(
        ordered.map((row) => row.elementId),
        `activation order of ${key}`,
      ).toEqual(ACTIVATION_ORDER);
      const numbers = ordered.map((row) => BigInt(row.elementInstanceKey));
      for (let i = 1; i < numbers.length; i++)
        expect(numbers[i]! > numbers[i - 1]!, `keys of ${key}: ${numbers.join(' < ')}`).toBe(true);
    }
    for (const server of servers)
      expect(server.output()).not.toMatch(/sweep failed|Unexpected server error/);
  }, 280_000);
});
