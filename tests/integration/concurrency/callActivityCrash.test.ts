/**
 * Call activities across crashes: a caller and its called instance survive SIGKILL of
 * the server together, and a server killed between a commit and its follow-up (the
 * called instance not yet created, or its completion not yet reported) leaves the rest
 * to the sweep of the next one (`recoverUnprojected`), which does it exactly once.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, spawnServer, type Api, type SpawnedServer } from '../../support/testServer';
import {
  activate,
  deploy,
  expectStatus,
  fixture,
  searchAll,
  sleep,
  startInstance,
  variable,
  waitFor,
  waitForState,
  within,
  worker,
} from './helpers';

const PARENT = 'crash-call-parent';
const CHILD = 'crash-call-child';
const WORK = 'crash.call.work';

interface Instance {
  processInstanceKey: string;
  processDefinitionId: string;
  state: string;
}

const childrenOf = (api: Api, parentKey: string) =>
  searchAll<Instance>(api, '/process-instances/search', { parentProcessInstanceKey: parentKey });

/** The called instance of the parent, once there is one. */
const childOf = (api: Api, parentKey: string, timeoutMs = 15_000) =>
  waitFor(
    async () => (await childrenOf(api, parentKey))[0],
    `the called instance of ${parentKey}`,
    timeoutMs,
  );

async function deployBoth(api: Api) {
  await deploy(api, 'callActivityCrash.child.bpmn', fixture('callActivityCrash.child.bpmn'));
  return deploy(api, 'callActivityCrash.parent.bpmn', fixture('callActivityCrash.parent.bpmn'));
}

/** Completes the one work job of the called instance and checks the caller completes. */
async function finishThrough(api: Api, parentKey: string, childKey: string) {
  const [job] = await activate(api, WORK, { requestTimeout: 5_000 });
  expect(job?.processInstanceKey, 'the work job belongs to the called instance').toBe(childKey);
  expectStatus(
    await worker(api).post(`/jobs/${job!.jobKey}/completion`, {
      variables: { workedBy: 'restarted' },
    }),
    204,
    'work job completion',
  );
  await waitForState(api, childKey, 'COMPLETED');
  await waitForState(api, parentKey, 'COMPLETED');
  expect(await variable(api, parentKey, 'workedBy')).toBe('restarted');
}

/** Exactly one called instance, COMPLETED, and one claim of instance keys for it. */
async function expectOneChild(api: Api, mongo: MongoClient, parentKey: string) {
  const children = await childrenOf(api, parentKey);
  expect(children.map((child) => `${child.processDefinitionId} ${child.state}`)).toEqual([
    `${CHILD} COMPLETED`,
  ]);
  const claims = await mongo
    .db()
    .collection('startClaims')
    .countDocuments({ _id: { $regex: `^call:${parentKey}:` } } as never);
  expect(claims, 'claims of called instance keys').toBe(1);
  const creations = await mongo
    .db()
    .collection('commits')
    .countDocuments({ instanceKey: children[0]!.processInstanceKey, seq: 1 });
  expect(creations).toBe(1);
}

describe.each(backends())('call activities across crashes on $name', ({ uri }) => {
  const spawned: SpawnedServer[] = [];
  const spawn = async (db: string, env: Record<string, string> = {}) => {
    const server = await spawnServer(db, env);
    spawned.push(server);
    return server;
  };
  afterAll(async () => {
    await Promise.all(spawned.map((server) => server.kill('SIGKILL')));
  });

  /** A fresh database, and a client to look at what is stored in it. */
  const database = (name: string) => {
    const state = { db: '', mongo: null as MongoClient | null };
    beforeAll(async () => {
      state.db = databaseUri(uri, freshDbName(name));
      state.mongo = await MongoClient.connect(state.db);
    });
    afterAll(() => state.mongo?.close());
    return state;
  };

  describe('a server killed with SIGKILL while a called instance waits', () => {
    const store = database('callCrashKill');

    it('lets the caller complete through the next server, with one called instance', async () => {
      // given a caller whose called instance waits at a service task
      const first = await spawn(store.db);
      await deployBoth(first.api);
      const parentKey = await startInstance(first.api, PARENT, { order: 'O-1' });
      const child = await childOf(first.api, parentKey);
      expect(await variable(first.api, child.processInstanceKey, 'order')).toBe('O-1');

      // when the server is killed and another one starts on the same database
      await within(first.kill('SIGKILL'), 10_000, 'the kill');
      expect(first.child.signalCode).toBe('SIGKILL');
      const second = await spawn(store.db);

      // then both instances are still active
      await waitForState(second.api, parentKey, 'ACTIVE');
      await waitForState(second.api, child.processInstanceKey, 'ACTIVE');

      // and completing the called instance's job completes the caller
      await finishThrough(second.api, parentKey, child.processInstanceKey);
      await expectOneChild(second.api, store.mongo!, parentKey);
      expect(second.output()).not.toMatch(/sweep failed/);
    });
  });

  describe('a server killed right after the commit that asks for the called instance', () => {
    const store = database('callCrashAsk');

    it('leaves the call to the sweep of the next server, which creates the instance once', async () => {
      // given a server that dies right after its first commit, before its follow-ups
      const doomed = await spawn(store.db, { RELATA_FAULT_KILL_BEFORE_PROJECTION: '1' });
      const parent = await deployBoth(doomed.api);

      // when a caller is started there
      const outcome = await doomed.api
        .post('/process-instances', { processDefinitionId: PARENT, variables: { order: 'O-2' } })
        .then(
          (response) => response.status,
          () => 'failed',
        );

      // then the request fails, the caller's commit is stored, and no called instance exists
      expect(outcome).toBe('failed');
      await within(doomed.exited, 10_000, 'the doomed process to exit');
      expect(doomed.child.signalCode).toBe('SIGKILL');
      const commits = store.mongo!.db().collection('commits');
      const asked = await commits.findOne({
        processDefinitionKey: parent.processDefinitionKey,
        seq: 1,
      });
      expect(asked, 'the commit of the caller').not.toBeNull();
      expect(JSON.parse(asked!.records as string)).toContainEqual(
        expect.objectContaining({ kind: 'callActivity', processId: CHILD, attempt: 1 }),
      );
      const parentKey = asked!.instanceKey as string;
      expect(await commits.countDocuments({ instanceKey: { $ne: parentKey } })).toBe(0);

      // when the next server starts
      const survivor = await spawn(store.db);

      // then its sweep creates the called instance, and only one
      const child = await childOf(survivor.api, parentKey, 20_000);
      expect(child.processDefinitionId).toBe(CHILD);
      expect(await variable(survivor.api, child.processInstanceKey, 'order')).toBe('O-2');
      await sleep(3_000);
      expect(await childrenOf(survivor.api, parentKey)).toHaveLength(1);

      // and the caller completes through it
      await finishThrough(survivor.api, parentKey, child.processInstanceKey);
      await expectOneChild(survivor.api, store.mongo!, parentKey);
      expect(survivor.output()).not.toMatch(/sweep failed/);
    });
  });

  describe('a server killed right after the called instance completes', () => {
    const store = database('callCrashReport');

    it('leaves the report to the sweep of the next server, which completes the caller once', async () => {
      // given a caller whose called instance waits at a service task
      const first = await spawn(store.db);
      await deployBoth(first.api);
      const parentKey = await startInstance(first.api, PARENT, { order: 'O-3' });
      const child = await childOf(first.api, parentKey);
      await within(first.kill('SIGKILL'), 10_000, 'the kill');

      // when the called instance's job is completed on a server that dies right after
      // that commit, before telling the caller
      const doomed = await spawn(store.db, { RELATA_FAULT_KILL_BEFORE_PROJECTION: '1' });
      const [job] = await activate(doomed.api, WORK, { requestTimeout: 5_000 });
      expect(job?.processInstanceKey).toBe(child.processInstanceKey);
      const outcome = await worker(doomed.api)
        .post(`/jobs/${job!.jobKey}/completion`, { variables: { workedBy: 'doomed' } })
        .then(
          (response) => response.status,
          () => 'failed',
        );
      expect(outcome).toBe('failed');
      await within(doomed.exited, 10_000, 'the doomed process to exit');
      const commits = store.mongo!.db().collection('commits');
      expect(await commits.countDocuments({ instanceKey: parentKey })).toBe(1);

      // then the next server's sweep reports the completion, and the caller completes once
      const survivor = await spawn(store.db);
      await waitForState(survivor.api, child.processInstanceKey, 'COMPLETED', 20_000);
      await waitForState(survivor.api, parentKey, 'COMPLETED', 20_000);
      expect(await variable(survivor.api, parentKey, 'workedBy')).toBe('doomed');
      const log = await commits.find({ instanceKey: parentKey }).toArray();
      expect(
        log
          .sort((x, y) => (x.seq as number) - (y.seq as number))
          .map((commit) => JSON.parse(commit.command as string).type),
      ).toEqual(['instance.create', 'callActivity.complete']);
      expect(await childrenOf(survivor.api, parentKey)).toHaveLength(1);
      expect(survivor.output()).not.toMatch(/sweep failed/);
    });
  });
});
