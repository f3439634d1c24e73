/**
 * Crashes: a server killed with SIGKILL while instances wait loses nothing and does
 * nothing twice after a restart; a server killed between a commit and its projection
 * leaves the instance to the other process, which projects the commit (D3) and goes on.
 */
import { MongoClient } from 'mongodb';
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
  variable,
  waitForState,
  waitForUserTask,
  within,
  worker,
} from './helpers';

/** What the search shows of a set of instances, in a comparable form. */
async function snapshot(api: Api, keys: string[]) {
  const instances = await searchAll(api, '/process-instances/search', {});
  const rows = await searchAll(api, '/element-instances/search', {});
  const tasks = await searchAll(api, '/user-tasks/search', {});
  const jobs = await searchAll(api, '/jobs/search', {});
  const mine = (items: any[]) => items.filter((item) => keys.includes(item.processInstanceKey));
  return {
    instances: mine(instances)
      .map((i) => `${i.processInstanceKey} ${i.state}`)
      .sort(),
    elementInstances: mine(rows)
      .map((r) => `${r.processInstanceKey} ${r.elementInstanceKey} ${r.elementId} ${r.state}`)
      .sort(),
    userTasks: mine(tasks)
      .map((t) => `${t.processInstanceKey} ${t.userTaskKey} ${t.elementId} ${t.state}`)
      .sort(),
    jobs: mine(jobs)
      .map((j) => `${j.processInstanceKey} ${j.jobKey} ${j.elementId} ${j.state}`)
      .sort(),
  };
}

/** Each element of the instance ran exactly once, and the instance is COMPLETED. */
async function expectRanOnce(api: Api, key: string, elements: string[]) {
  const rows = await elementInstances(api, key);
  expect(rows.map((row) => row.elementId).sort(), `elements of ${key}`).toEqual(
    [...elements].sort(),
  );
  expect(
    rows.every((row) => row.state === 'COMPLETED'),
    `states of ${key}`,
  ).toBe(true);
}

const pinClock = async (api: Api, timestamp: number) =>
  expectStatus(await api.request('PUT', '/clock', { timestamp }), 204, 'pin the clock');
const resetClock = async (api: Api) =>
  expectStatus(await api.post('/clock/reset'), 204, 'reset the clock');

describe.each(backends())('crash recovery on $name', ({ uri }) => {
  const spawned: SpawnedServer[] = [];
  const spawn = async (db: string, env: Record<string, string> = {}) => {
    const server = await spawnServer(db, env);
    spawned.push(server);
    return server;
  };
  afterAll(async () => {
    await Promise.all(spawned.map((server) => server.kill('SIGKILL')));
  });

  describe('a server killed with SIGKILL while instances wait', () => {
    let db: string;
    beforeAll(() => {
      db = databaseUri(uri, freshDbName('crashKill'));
    });

    it('continues every wait state after a restart, exactly once', async () => {
      // given instances waiting on a user task, and instances whose job is activated: two
      // with a long lease, one with a short one (on a pinned clock, so leases are exact)
      const first = await spawn(db);
      const T = Date.now();
      await pinClock(first.api, T);
      await deploy(
        first.api,
        'crashRecovery.userTask.bpmn',
        fixture('crashRecovery.userTask.bpmn'),
      );
      await deploy(
        first.api,
        'crashRecovery.jobThenUserTask.bpmn',
        fixture('crashRecovery.jobThenUserTask.bpmn'),
      );
      const waiting = [
        await startInstance(first.api, 'crash-user-task', { n: 0 }),
        await startInstance(first.api, 'crash-user-task', { n: 1 }),
      ];
      const working = [
        await startInstance(first.api, 'crash-job', { n: 0 }),
        await startInstance(first.api, 'crash-job', { n: 1 }),
        await startInstance(first.api, 'crash-job', { n: 2 }),
      ];
      const tasks = await Promise.all(
        waiting.map((key) => waitForUserTask(first.api, key, 'review')),
      );
      const held = [
        ...(await activate(first.api, 'crash.work', { timeout: 600_000, worker: 'long' })),
        ...(await activate(first.api, 'crash.work', { timeout: 600_000, worker: 'long' })),
      ];
      const short = await activate(first.api, 'crash.work', { timeout: 5_000, worker: 'short' });
      expect(held).toHaveLength(2);
      expect(short).toHaveLength(1);
      const all = [...waiting, ...working];
      const before = await snapshot(first.api, all);
      expect(before.instances).toHaveLength(5);
      expect(before.jobs.filter((job) => job.endsWith('CREATED'))).toHaveLength(3);

      // when the server is killed with SIGKILL and another one starts on the same database
      await within(first.kill('SIGKILL'), 10_000, 'the kill');
      expect(first.child.signalCode).toBe('SIGKILL');
      const second = await spawn(db);
      try {
        // then nothing is lost: instances, element instances, tasks and jobs are as they were
        expect(await snapshot(second.api, all)).toEqual(before);
        // and the leases survived: no job is activatable while they run
        expect(await activate(second.api, 'crash.work', { requestTimeout: 300 })).toEqual([]);

        // and the user tasks can be completed, and their instances complete
        for (const task of tasks) {
          const done = await second.api.post(`/user-tasks/${task.userTaskKey}/completion`, {
            variables: { reviewed: true },
          });
          expectStatus(done, 204, 'user task completion after the restart');
        }
        for (const key of waiting) await waitForState(second.api, key, 'COMPLETED');

        // and the jobs with a live lease are completed with their original keys, once
        for (const job of held) {
          const done = await worker(second.api).post(`/jobs/${job.jobKey}/completion`, {
            variables: { workedBy: 'long' },
          });
          expectStatus(done, 204, 'job completion after the restart');
          const again = await worker(second.api).post(`/jobs/${job.jobKey}/completion`, {
            variables: { workedBy: 'twice' },
          });
          expect(again.status, 'a second completion of the same job').toBe(404);
        }

        // and the job whose lease expired is activated again, under its key, and completed once
        expect(await activate(second.api, 'crash.work', { requestTimeout: 300 })).toEqual([]);
        await pinClock(second.api, T + 5_001);
        const again = await activate(second.api, 'crash.work', {
          timeout: 600_000,
          worker: 'retry',
        });
        expect(again.map((job) => job.jobKey)).toEqual([short[0]!.jobKey]);
        expectStatus(
          await worker(second.api).post(`/jobs/${again[0]!.jobKey}/completion`, {
            variables: { workedBy: 'retry' },
          }),
          204,
          'completion of the re-activated job',
        );
        expect(await activate(second.api, 'crash.work', { requestTimeout: 300 })).toEqual([]);

        // and every instance runs to its end, each element once
        for (const key of working) {
          const check = await waitForUserTask(second.api, key, 'check');
          expectStatus(
            await second.api.post(`/user-tasks/${check.userTaskKey}/completion`, {}),
            204,
            'check',
          );
        }
        const finishing = new Set<string>();
        for (let i = 0; i < working.length; i++) {
          const [job] = await activate(second.api, 'crash.finish', { requestTimeout: 5_000 });
          expect(job, 'a finish job').toBeDefined();
          finishing.add(job!.processInstanceKey);
          expectStatus(
            await worker(second.api).post(`/jobs/${job!.jobKey}/completion`, {}),
            204,
            'finish',
          );
        }
        expect(finishing).toEqual(new Set(working));
        for (const key of working) await waitForState(second.api, key, 'COMPLETED');
        for (const key of waiting)
          await expectRanOnce(second.api, key, ['crash-user-task', 'start', 'review', 'end']);
        for (const key of working)
          await expectRanOnce(second.api, key, [
            'crash-job',
            'start',
            'work',
            'check',
            'finish',
            'end',
          ]);
        const workedBy = await Promise.all(
          working.map((key) => variable(second.api, key, 'workedBy')),
        );
        expect(workedBy.sort()).toEqual(['long', 'long', 'retry']);
        const jobs = (await snapshot(second.api, working)).jobs;
        expect(jobs).toHaveLength(6);
        expect(jobs.every((job) => job.endsWith('COMPLETED'))).toBe(true);
      } finally {
        await resetClock(second.api);
      }
    });
  });

  describe('a server killed between a commit and its projection', () => {
    let db: string;
    let mongo: MongoClient;
    beforeAll(async () => {
      db = databaseUri(uri, freshDbName('crashProjection'));
      mongo = await MongoClient.connect(db);
    });
    afterAll(() => mongo?.close());

    it('leaves the instance to the other process, which goes on without applying it twice', async () => {
      // given two processes, one of which dies right after its first commit
      const [survivor, doomed] = await Promise.all([
        spawn(db),
        spawn(db, { RELATA_FAULT_KILL_BEFORE_PROJECTION: '1' }),
      ]);
      await deploy(
        survivor.api,
        'crashRecovery.jobThenUserTask.bpmn',
        fixture('crashRecovery.jobThenUserTask.bpmn'),
      );
      const key = await startInstance(survivor.api, 'crash-job');
      const [job] = await activate(survivor.api, 'crash.work', { timeout: 600_000 });
      expect(job?.processInstanceKey).toBe(key);

      // when the job's completion is sent to the doomed process
      const outcome = await worker(doomed.api)
        .post(`/jobs/${job!.jobKey}/completion`, { variables: { workDone: 'once' } })
        .then(
          (response) => response.status,
          () => 'failed',
        );

      // then the request fails, because the process died after committing
      expect(outcome).toBe('failed');
      await within(doomed.exited, 10_000, 'the doomed process to exit');
      expect(doomed.child.signalCode).toBe('SIGKILL');
      const commits = mongo.db().collection('commits');
      const completion = await commits.findOne({ instanceKey: key, seq: 2 });
      expect(JSON.parse(completion!.command as string)).toMatchObject({
        type: 'job.complete',
        jobKey: Number(job!.jobKey),
      });

      // and the other process projects that commit: the next user task appears in its search
      const check = await waitForUserTask(survivor.api, key, 'check', 20_000);

      // and a retry of the same completion is rejected, not applied again
      const retry = await worker(survivor.api).post(`/jobs/${job!.jobKey}/completion`, {
        variables: { workDone: 'twice' },
      });
      expect(retry.status).toBe(404);

      // and the instance runs on to its end through the other process
      expectStatus(
        await survivor.api.post(`/user-tasks/${check.userTaskKey}/completion`, {}),
        204,
        'check',
      );
      const [finish] = await activate(survivor.api, 'crash.finish', { requestTimeout: 5_000 });
      expect(finish?.processInstanceKey).toBe(key);
      expectStatus(
        await worker(survivor.api).post(`/jobs/${finish!.jobKey}/completion`, {}),
        204,
        'finish',
      );
      await waitForState(survivor.api, key, 'COMPLETED');

      // and the commit was applied once: one completion in the log, each element once
      const log = await commits.find({ instanceKey: key }).toArray();
      const commands = log
        .sort((x, y) => (x.seq as number) - (y.seq as number))
        .map((commit) => JSON.parse(commit.command as string));
      expect(log.map((commit) => commit.seq).sort()).toEqual([1, 2, 3, 4]);
      expect(commands.map((command) => command.type)).toEqual([
        'instance.create',
        'job.complete',
        'userTask.complete',
        'job.complete',
      ]);
      await expectRanOnce(survivor.api, key, [
        'crash-job',
        'start',
        'work',
        'check',
        'finish',
        'end',
      ]);
      expect(await variable(survivor.api, key, 'workDone')).toBe('once');
      const jobs = await searchAll(survivor.api, '/jobs/search', { processInstanceKey: key });
      expect(jobs.map((row) => `${row.elementId} ${row.state}`).sort()).toEqual([
        'finish COMPLETED',
        'work COMPLETED',
      ]);
      expect(survivor.output()).not.toMatch(/sweep failed/);
    });
  });
});
