/**
 * A parallel join whose two incoming jobs complete at the same moment: the two commits
 * race, the loser reloads and takes its flow on the winner's state, so the join is
 * activated exactly once and the instance completes — 100 times over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import {
  activate,
  deploy,
  expectStatus,
  fixture,
  mapLimit,
  searchAll,
  startInstance,
  waitFor,
  within,
  worker,
  type ActivatedJob,
  type ElementInstance,
} from './helpers';

const INSTANCES = 100;
/** Instances whose joins race at once (each with its own pair of completions). */
const BATCH = 5;

describe.each(backends())(
  'a parallel join completed from both sides at once on $name',
  ({ uri }) => {
    let a: TestServer;
    let b: TestServer;
    beforeAll(async () => {
      const db = databaseUri(uri, freshDbName('parallelJoin'));
      // Nothing crashes here: the live path alone must keep the searches right (no sweep).
      a = await startTestServer(db, { sweepIntervalMs: 600_000 });
      b = await startTestServer(db, { sweepIntervalMs: 600_000 });
      await deploy(
        a.api,
        'parallelJoin.twoServiceTasks.bpmn',
        fixture('parallelJoin.twoServiceTasks.bpmn'),
      );
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
    });

    /** Activates jobs of `type` until one is held for each of `keys`. */
    const jobsFor = async (type: string, keys: string[]) => {
      const held = new Map<string, ActivatedJob>();
      await waitFor(
        async () => {
          for (const job of await activate(a.api, type, {
            maxJobsToActivate: 50,
            requestTimeout: 500,
          }))
            held.set(job.processInstanceKey, job);
          return keys.every((key) => held.has(key)) ? true : undefined;
        },
        `${type} jobs of ${keys.join(', ')}`,
        20_000,
        0,
      );
      return held;
    };

    it(`activates the join once in each of ${INSTANCES} instances`, async () => {
      const started: string[] = [];
      const batches = Array.from({ length: INSTANCES / BATCH }, (_, i) => i);
      await within(
        mapLimit(batches, 1, async (batch) => {
          // given a few instances, each with both of its jobs activated
          const keys = await mapLimit(Array.from({ length: BATCH }), BATCH, () =>
            startInstance(a.api, 'parallel-join'),
          );
          started.push(...keys);
          const [left, right] = await Promise.all([
            jobsFor('join.left', keys),
            jobsFor('join.right', keys),
          ]);

          // when both jobs of every instance are completed at the same moment (in half of the
          // instances through one server, in the other half one through each server)
          const responses = await Promise.all(
            keys.flatMap((key, i) => {
              const other = (batch * BATCH + i) % 2 === 0 ? a : b;
              return [
                worker(a.api).post(`/jobs/${left.get(key)!.jobKey}/completion`, {
                  variables: { left: key },
                }),
                worker(other.api).post(`/jobs/${right.get(key)!.jobKey}/completion`, {
                  variables: { right: key },
                }),
              ];
            }),
          );

          // then both completions of each pair are accepted: neither is lost to the race
          for (const response of responses) expectStatus(response, 204, 'job completion');
        }),
        150_000,
        'the batches',
      );

      // and every instance completes, with exactly one join and one end event
      const completed = await waitFor(
        async () => {
          const items = await searchAll(a.api, '/process-instances/search', {
            processDefinitionId: 'parallel-join',
            state: 'COMPLETED',
          });
          return items.length === INSTANCES ? items : undefined;
        },
        `${INSTANCES} completed instances`,
        30_000,
        250,
      );
      expect(new Set(completed.map((item) => item.processInstanceKey))).toEqual(new Set(started));
      const rows = await searchAll<ElementInstance>(b.api, '/element-instances/search', {
        processDefinitionId: 'parallel-join',
      });
      for (const key of started) {
        const mine = rows.filter((row) => row.processInstanceKey === key);
        const count = (elementId: string) => mine.filter((row) => row.elementId === elementId);
        expect(
          count('join').map((row) => row.state),
          `join of ${key}`,
        ).toEqual(['COMPLETED']);
        expect(
          count('end').map((row) => row.state),
          `end of ${key}`,
        ).toEqual(['COMPLETED']);
        expect(count('left'), `left of ${key}`).toHaveLength(1);
        expect(count('right'), `right of ${key}`).toHaveLength(1);
        expect(mine, `element instances of ${key}`).toHaveLength(7);
      }
    }, 240_000);
  },
);
