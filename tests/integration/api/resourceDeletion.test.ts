/**
 * `POST /v2/resources/{resourceKey}/deletion`: a process definition or a form version is
 * deleted only while nothing runs on it (409 naming how many otherwise). A deleted
 * definition is gone from search, get and xml and cannot be started; the version before
 * it becomes the latest again, with its start events armed; its ended instances stay
 * searchable; the next deployment of the process continues the version numbering. A user
 * task whose form version was deleted then has no form (404).
 */
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeletedResource } from '../../../server/src/db/collections';
import type { Api, TestServer } from '../../support/testServer';
import {
  deploy,
  expectStatus,
  searchAll,
  sleep,
  startInstance,
  waitFor,
  waitForState,
  waitForUserTask,
} from '../concurrency/helpers';
import {
  expectAllUnauthorized,
  expectProblem,
  expectRejected,
  startApiServer,
  tally,
  unique,
} from './apiTestKit';

const SECOND = 1_000;

/** A fixture of this folder with every `from` text replaced by its `to`. */
const fixture = (name: string, replacements: Record<string, string> = {}) => {
  let text = readFileSync(new URL(`resourceDeletion.${name}`, import.meta.url), 'utf8');
  for (const [from, to] of Object.entries(replacements)) text = text.replaceAll(from, to);
  return text;
};

interface Definition {
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
}

describe('POST /v2/resources/{resourceKey}/deletion', () => {
  let server: TestServer;
  let api: Api;
  beforeAll(async () => {
    server = await startApiServer('resource_deletion');
    api = server.api;
  });
  afterAll(() => server?.close());

  const path = (key: string) => `/resources/${key}/deletion`;
  const remove = (key: string, as: Api = api) => as.post(path(key));

  /** Deploys the user-task process as `processId`, with the given name (versions differ by it). */
  const deployReview = (processId: string, name = 'Review v1'): Promise<Definition> =>
    deploy(
      api,
      'resourceDeletion.userTask.bpmn',
      fixture('userTask.bpmn', { 'id="deletion-review"': `id="${processId}"`, 'Review v1': name }),
    );

  const definitionsOf = (processDefinitionId: string, filter: Record<string, unknown> = {}) =>
    searchAll<{ processDefinitionKey: string; version: number }>(
      api,
      '/process-definitions/search',
      { processDefinitionId, ...filter },
    );

  const instancesOf = (filter: Record<string, unknown>) =>
    searchAll<{
      processInstanceKey: string;
      processDefinitionKey: string;
      state: string;
      startDate: string;
    }>(api, '/process-instances/search', filter);

  const completeTask = async (processInstanceKey: string) => {
    const task = await waitForUserTask(api, processInstanceKey, 'Task_Review');
    expectStatus(await api.post(`/user-tasks/${task.userTaskKey}/completion`, {}), 204, 'complete');
    await waitForState(api, processInstanceKey, 'COMPLETED');
  };

  describe('a process definition', () => {
    it('without instances is deleted and is gone from search, get and xml, and cannot be started', async () => {
      // given
      const processId = `deletion-gone-${unique()}`;
      const { processDefinitionKey: key } = await deployReview(processId);

      // when
      const answer = await remove(key);

      // then
      expectStatus(answer, 200, 'delete');
      expect(answer.body).toEqual({ resourceKey: key, batchOperation: null });
      expect(await definitionsOf(processId)).toEqual([]);
      expect(
        await searchAll(api, '/process-definitions/search', { processDefinitionKey: key }),
      ).toEqual([]);
      expectProblem(
        await api.get(`/process-definitions/${key}`),
        404,
        `/process-definitions/${key}`,
      );
      expectProblem(
        await api.get(`/process-definitions/${key}/xml`),
        404,
        `/process-definitions/${key}/xml`,
      );
      for (const start of [{ processDefinitionKey: key }, { processDefinitionId: processId }])
        expectProblem(await api.post('/process-instances', start), 404, '/process-instances');
      expect(await instancesOf({ processDefinitionKey: key })).toEqual([]);
    });

    it('with running instances is not deleted (409 naming how many) and nothing changes', async () => {
      // given two running instances
      const processId = `deletion-running-${unique()}`;
      const { processDefinitionKey: key } = await deployReview(processId);
      await startInstance(api, processId);
      await startInstance(api, processId);
      const before = await tally(api);

      // when
      const answer = await remove(key);

      // then
      expectProblem(answer, 409, path(key));
      expect(answer.body.detail).toContain(
        `with key \`${key}\` but there are still running instances: 2 instances of process '${processId}' version 1 are active`,
      );
      expect(await tally(api)).toEqual(before);
      expectStatus(await api.get(`/process-definitions/${key}`), 200, 'get');
      expect((await definitionsOf(processId)).map((d) => d.processDefinitionKey)).toEqual([key]);
      await startInstance(api, processId);
    });

    it('is deleted once its instances have completed or been cancelled, and their history stays searchable', async () => {
      // given one instance that completes and one that is cancelled
      const processId = `deletion-history-${unique()}`;
      const { processDefinitionKey: key } = await deployReview(processId);
      const completed = await startInstance(api, processId);
      const cancelled = await startInstance(api, processId);
      expectProblem(await remove(key), 409, path(key));
      await completeTask(completed);
      expectStatus(
        await api.post(`/process-instances/${cancelled}/cancellation`, {}),
        204,
        'cancel',
      );
      await waitForState(api, cancelled, 'TERMINATED');

      // when
      const answer = await remove(key);

      // then the definition is gone, and its instances, tasks and elements are still found
      expectStatus(answer, 200, 'delete');
      expectProblem(
        await api.get(`/process-definitions/${key}`),
        404,
        `/process-definitions/${key}`,
      );
      const instances = await instancesOf({ processDefinitionKey: key });
      expect(
        instances.map(({ processInstanceKey, state }) => ({ processInstanceKey, state })),
      ).toEqual(
        expect.arrayContaining([
          { processInstanceKey: completed, state: 'COMPLETED' },
          { processInstanceKey: cancelled, state: 'TERMINATED' },
        ]),
      );
      expect(instances).toHaveLength(2);
      expect((await api.get(`/process-instances/${completed}`)).body.state).toBe('COMPLETED');
      const tasks = await searchAll(api, '/user-tasks/search', { processInstanceKey: completed });
      expect(tasks.map((task) => task.state)).toEqual(['COMPLETED']);
      const elements = await searchAll(api, '/element-instances/search', {
        processInstanceKey: completed,
      });
      expect(elements.map((element) => element.elementId)).toContain('EndEvent_Reviewed');
    });

    it('that is the latest version makes the version before it the latest again', async () => {
      // given versions 1 and 2
      const processId = `deletion-latest-${unique()}`;
      const v1 = await deployReview(processId);
      const v2 = await deployReview(processId, 'Review v2');
      expect(v2.processDefinitionVersion).toBe(2);

      // when version 2 is deleted
      expectStatus(await remove(v2.processDefinitionKey), 200, 'delete v2');

      // then version 1 is the latest one, and a start by id starts it
      expect(await definitionsOf(processId, { isLatestVersion: true })).toEqual([
        expect.objectContaining({ processDefinitionKey: v1.processDefinitionKey, version: 1 }),
      ]);
      const started = await api.post('/process-instances', { processDefinitionId: processId });
      expectStatus(started, 200, 'start by id');
      expect(started.body).toMatchObject({
        processDefinitionKey: v1.processDefinitionKey,
        processDefinitionVersion: 1,
      });
      expectProblem(
        await api.post('/process-instances', {
          processDefinitionId: processId,
          processDefinitionVersion: 2,
        }),
        404,
        '/process-instances',
      );
    });

    it('does not give its version number again: the next deployment continues the numbering', async () => {
      // given versions 1 and 2, and version 2 deleted
      const processId = `deletion-numbering-${unique()}`;
      const v1 = await deployReview(processId);
      const v2 = await deployReview(processId, 'Review v2');
      expectStatus(await remove(v2.processDefinitionKey), 200, 'delete v2');

      // when version 2's bytes are deployed again, and version 1's
      const v3 = await deployReview(processId, 'Review v2');
      const again = await deployReview(processId);

      // then they are new versions 3 and 4 (bytes are reused only from the latest version)
      expect(v3.processDefinitionVersion).toBe(3);
      expect(v3.processDefinitionKey).not.toBe(v2.processDefinitionKey);
      expect(again).toMatchObject({ processDefinitionVersion: 4 });

      // when every version is deleted and version 1's bytes are deployed again
      for (const key of [
        v1.processDefinitionKey,
        v3.processDefinitionKey,
        again.processDefinitionKey,
      ])
        expectStatus(await remove(key), 200, `delete ${key}`);
      const v5 = await deployReview(processId);

      // then that is version 5
      expect(v5.processDefinitionVersion).toBe(5);
      expect((await definitionsOf(processId)).map((d) => d.version)).toEqual([5]);
    });
  });

  describe('the start events of a deleted definition', () => {
    afterEach(async () => {
      expectStatus(await api.post('/clock/reset'), 204, 'reset the clock');
    });

    const pin = async (timestamp: number) =>
      expectStatus(await api.request('PUT', '/clock', { timestamp }), 204, 'pin the clock');

    /** Pins the clock and waits for a full sweep on it: whatever is due has fired after this. */
    const pinAndSweep = async (timestamp: number) => {
      await pin(timestamp);
      await server.sweeper.sweepNow();
    };

    const deployStarts = (ids: { process: string; message: string }, name = 'Starts v1') =>
      deploy(
        api,
        'resourceDeletion.startEvents.bpmn',
        fixture('startEvents.bpmn', {
          'id="deletion-starts"': `id="${ids.process}"`,
          'name="deletion-requested"': `name="${ids.message}"`,
          'Starts v1': name,
        }),
      );

    const correlate = (message: string) =>
      api.post('/messages/correlation', { name: message, correlationKey: `K-${unique()}` });

    it('are disarmed, and those of the version before it are armed again from now', async () => {
      // given version 1 deployed at T (its timer due at T+60 s) and version 2 at T+10 s (T+70 s)
      const ids = { process: `deletion-starts-${unique()}`, message: `deletion-${unique()}` };
      const T = Date.UTC(2033, 2, 1, 9);
      await pin(T);
      const v1 = await deployStarts(ids);
      await pin(T + 10 * SECOND);
      const v2 = await deployStarts(ids, 'Starts v2');

      // when version 2 is deleted at T+20 s
      await pin(T + 20 * SECOND);
      expectStatus(await remove(v2.processDefinitionKey), 200, 'delete v2');

      // then neither version's old timer fires
      await pinAndSweep(T + 75 * SECOND);
      expect(await instancesOf({ processDefinitionId: ids.process })).toEqual([]);

      // and version 1's timer fires a minute after the deletion
      await pin(T + 80 * SECOND);
      const [fired] = await waitFor(async () => {
        const found = await instancesOf({ processDefinitionId: ids.process });
        return found.length > 0 ? found : undefined;
      }, 'the timer-started instance');
      expect(fired).toMatchObject({
        processDefinitionKey: v1.processDefinitionKey,
        startDate: new Date(T + 80 * SECOND).toISOString(),
      });

      // and version 1's message start event starts it
      const correlated = await correlate(ids.message);
      expectStatus(correlated, 200, 'correlate');
      const started = await api.get(`/process-instances/${correlated.body.processInstanceKey}`);
      expect(started.body.processDefinitionKey).toBe(v1.processDefinitionKey);
    });

    it('of its only version are disarmed: no timer fires and no message starts it', async () => {
      // given the only version, deployed at T (its timer due at T+60 s)
      const ids = { process: `deletion-only-${unique()}`, message: `deletion-${unique()}` };
      const T = Date.UTC(2033, 4, 2, 9);
      await pin(T);
      const only = await deployStarts(ids);

      // when it is deleted
      expectStatus(await remove(only.processDefinitionKey), 200, 'delete');

      // then its message starts nothing, and its timer never fires
      expectProblem(await correlate(ids.message), 404, '/messages/correlation');
      await pinAndSweep(T + 10 * 60 * SECOND);
      expect(await instancesOf({ processDefinitionId: ids.process })).toEqual([]);
    });
  });

  describe('a form', () => {
    it('is deleted only when no open user task uses it; a task that used it then has no form (404)', async () => {
      // given a form and a process whose user task links it, with one task open
      const suffix = unique();
      const ids = { form: `deletion-form-${suffix}`, process: `deletion-linked-${suffix}` };
      const form = fixture('review.form', { '"deletion-form"': `"${ids.form}"` });
      const deployed = await api.deploy({
        'review.form': form,
        'linked.bpmn': fixture('linkedForm.bpmn', {
          '"deletion-form"': `"${ids.form}"`,
          'id="deletion-linked"': `id="${ids.process}"`,
        }),
      });
      expectStatus(deployed, 200, 'deploy');
      const formKey = (deployed.body.deployments as { form: { formKey: string } | null }[]).find(
        (item) => item.form,
      )!.form!.formKey;
      const instance = await startInstance(api, ids.process);
      const task = await waitForUserTask(api, instance, 'Task_Review');
      const formOf = () => api.get(`/user-tasks/${task.userTaskKey}/form`);

      // when it is deleted while the task is open
      const refused = await remove(formKey);

      // then it is refused, and the task still shows its form
      expectProblem(refused, 409, path(formKey));
      expect(refused.body.detail).toContain(
        `1 user task with form '${ids.form}' version 1 is open`,
      );
      expect((await formOf()).body).toMatchObject({ formKey, formId: ids.form, version: 1 });

      // when the task is completed and the form deleted
      await completeTask(instance);
      const answer = await remove(formKey);

      // then the deletion succeeds, and the completed task's form is gone
      expectStatus(answer, 200, 'delete the form');
      expect(answer.body).toEqual({ resourceKey: formKey, batchOperation: null });
      expectProblem(await formOf(), 404, `/user-tasks/${task.userTaskKey}/form`);
      expectProblem(await remove(formKey), 404, path(formKey));

      // and the same form deployed again is a new version 2
      const redeployed = await api.deploy({ 'review.form': form });
      expectStatus(redeployed, 200, 'redeploy the form');
      expect(redeployed.body.deployments[0].form).toMatchObject({ formId: ids.form, version: 2 });
    });
  });

  describe('bad requests', () => {
    it('answers 404 for an unknown key and for one deleted already', async () => {
      // given
      const { processDefinitionKey: key } = await deployReview(`deletion-twice-${unique()}`);
      expectStatus(await remove(key), 200, 'first deletion');

      // when / then
      for (const gone of ['2251799813999999', key]) {
        const answer = await remove(gone);
        expectProblem(answer, 404, path(gone));
        expect(answer.body.detail).toContain(`no resource found with key \`${gone}\``);
      }
    });

    it('rejects a key that is not digits and a history deletion (400) and deletes nothing', async () => {
      // given
      const processId = `deletion-bad-${unique()}`;
      const { processDefinitionKey: key } = await deployReview(processId);

      // when / then
      await expectRejected(api, { method: 'POST', path: path('abc'), json: {} }, 400, {
        pointer: '/resourceKey',
      });
      await expectRejected(
        api,
        { method: 'POST', path: path(key), json: { deleteHistory: true } },
        400,
        { pointer: '/deleteHistory' },
      );
      await expectRejected(
        api,
        { method: 'POST', path: path(key), json: { operationReference: 'x' } },
        400,
        { pointer: '/operationReference' },
      );
      expectStatus(await api.get(`/process-definitions/${key}`), 200, 'still there');
    });

    it('lets analysts delete, refuses staff (403) and anonymous callers (401)', async () => {
      // given
      const first = await deployReview(`deletion-roles-${unique()}`);
      const second = await deployReview(`deletion-roles-${unique()}`);

      // when / then
      const call = { method: 'POST', path: path(first.processDefinitionKey), json: {} };
      await expectRejected(api, call, 403, {}, api.as('staff'));
      await expectAllUnauthorized(server, [call]);
      expectStatus(
        await api.get(`/process-definitions/${first.processDefinitionKey}`),
        200,
        'kept',
      );
      expectStatus(await remove(second.processDefinitionKey, api.as('analyst')), 200, 'analyst');
    });
  });

  describe('a deletion a crash left after its tombstone', () => {
    /** Inserts a tombstone as a deleting process that died right after its insert leaves it. */
    const leaveTombstone = async (key: string, processId: string) => {
      const client = await MongoClient.connect(server.mongoUri);
      try {
        await client
          .db()
          .collection<DeletedResource>('deletedResources')
          .insertOne({
            _id: key,
            kind: 'process',
            resourceId: processId,
            version: 1,
            attempt: `crashed-${unique()}`,
            deletedAt: Date.now(),
            writtenAt: Date.now() - 60 * SECOND,
            deletedBy: 'demo',
            done: false,
          });
      } finally {
        await client.close();
      }
    };

    it('refuses starts at once, and the sweep finishes it', async () => {
      // given a definition whose deletion stopped after the tombstone
      const processId = `deletion-crashed-${unique()}`;
      const { processDefinitionKey: key } = await deployReview(processId);
      await leaveTombstone(key, processId);

      // when it is started, before any sweep
      const refused = await api.post('/process-instances', { processDefinitionKey: key });

      // then no instance is created
      expectProblem(refused, 404, '/process-instances');
      expect(await instancesOf({ processDefinitionKey: key })).toEqual([]);

      // when the sweep runs
      await server.sweeper.sweepNow();

      // then the deletion is finished
      expect(await definitionsOf(processId)).toEqual([]);
      expectProblem(await remove(key), 404, path(key));
    });

    it('is rolled back by the sweep when an instance runs after all', async () => {
      // given a running instance, and a tombstone a crashed deletion left
      const processId = `deletion-undone-${unique()}`;
      const { processDefinitionKey: key } = await deployReview(processId);
      await startInstance(api, processId);
      await leaveTombstone(key, processId);

      // when the sweep runs
      await server.sweeper.sweepNow();

      // then the definition is kept and can be started again
      expect((await definitionsOf(processId)).map((d) => d.processDefinitionKey)).toEqual([key]);
      await startInstance(api, processId);
    });
  });

  describe('at the same moment', () => {
    it('deletes once when deletions of one key race: one 200, the others 404, never a 500', async () => {
      // given
      const { processDefinitionKey: key } = await deployReview(`deletion-race-${unique()}`);

      // when
      const answers = await Promise.all(Array.from({ length: 6 }, () => remove(key)));

      // then
      const statuses = answers.map((answer) => answer.status);
      expect(
        statuses.filter((status) => status === 200),
        JSON.stringify(statuses),
      ).toHaveLength(1);
      expect(
        statuses.every((status) => status === 200 || status === 404),
        String(statuses),
      ).toBe(true);
    });

    it('never leaves a running instance of a deleted definition when starts race a deletion', async () => {
      // The starts go out a little later each round, so the deletion meets them at different
      // points: before their marker, between marker and commit, after the projection.
      for (const delayMs of [0, 2, 5, 10, 20]) {
        // given a definition, started while it is being deleted
        const processId = `deletion-start-race-${unique()}`;
        const { processDefinitionKey: key } = await deployReview(processId);

        // when
        const deleting = remove(key);
        await sleep(delayMs);
        const starts = Array.from({ length: 4 }, (_, index) =>
          api.post(
            '/process-instances',
            index % 2 ? { processDefinitionKey: key } : { processDefinitionId: processId },
          ),
        );
        const [deletion, ...started] = await Promise.all([deleting, ...starts]);

        // then each start either ran or found no definition, and the deletion went through
        // only if none ran
        const statuses = started.map((answer) => answer.status);
        expect(
          statuses.every((s) => s === 200 || s === 404),
          String(statuses),
        ).toBe(true);
        const running = await instancesOf({ processDefinitionKey: key, state: 'ACTIVE' });
        expect(running).toHaveLength(statuses.filter((s) => s === 200).length);
        if (deletion.status === 200) {
          expect(running, 'instances of a deleted definition').toEqual([]);
        } else {
          expectProblem(deletion, 409, path(key));
          expectStatus(await api.get(`/process-definitions/${key}`), 200, 'kept');
        }
      }
    });
  });
});
