/**
 * `POST /v2/resources/{resourceKey}/deletion` for DMN resources, as Camunda does: the key of a
 * decision requirements graph deletes that graph version and every decision version in it,
 * whatever evaluates them (a decision has no running instances, so there is no 409). They are
 * then gone from `/v2/decision-definitions` and `/v2/decision-requirements` and from
 * evaluation; the version before is the latest again, for evaluation by id and for business
 * rule tasks; with none left a task waits on `CALLED_DECISION_ERROR`. A decision definition
 * key is not a resource key (404). The next deployment continues the version numbering.
 */
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeletedResource } from '../../../server/src/db/collections';
import type { Api, TestServer } from '../../support/testServer';
import { expectStatus, searchAll, sleep, variable, waitForState } from '../concurrency/helpers';
import {
  expectProblem,
  expectRejected,
  sequenceProcess,
  startApiServer,
  startInstance,
  unique,
  waitFor,
  type FlowNode,
} from './apiTestKit';

const DECISION_IDS = ['season', 'dish', 'budget', 'menu'] as const;
type DecisionId = (typeof DECISION_IDS)[number];

/** The dinner graph of `decisions.test.ts` with every id made unique to one test. */
const dinner = (suffix: string) =>
  readFileSync(new URL('./decisions.dinner.dmn', import.meta.url), 'utf8').replace(
    /\b(dinner|season|dish|budget|menu)\b/g,
    `$1_${suffix}`,
  );

/** Version 2 of the dinner graph: its dish for a small autumn dinner differs. */
const dinnerV2 = (suffix: string) => dinner(suffix).replace('"Spareribs"', '"Pulled pork"');

/** Variables for which the dish decision picks its autumn dish for a few guests. */
const AUTUMN = { month: 10, guests: 4 };

interface DeployedGraph {
  decisionRequirementsKey: string;
  version: number;
  /** key and version of each decision, by the fixture's decision id */
  decisions: Record<DecisionId, { decisionDefinitionKey: string; version: number }>;
  deploymentKey: string;
}

/** A business rule task calling `decisionId` by the given binding, into `dish`. */
const businessRuleTask = (decisionId: string, bindingType = 'latest'): FlowNode => ({
  id: 'Task_ChooseDish',
  xml: `<bpmn:businessRuleTask id="Task_ChooseDish" name="Choose dish"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="dish" bindingType="${bindingType}" /></bpmn:extensionElements>{{flows}}</bpmn:businessRuleTask>`,
});

describe('POST /v2/resources/{resourceKey}/deletion of a DMN resource', () => {
  let server: TestServer;
  let api: Api;
  beforeAll(async () => {
    server = await startApiServer('decision_deletion');
    api = server.api;
  });
  afterAll(() => server?.close());

  const path = (key: string) => `/resources/${key}/deletion`;
  const remove = (key: string, as: Api = api) => as.post(path(key));
  const evaluate = (body: Record<string, unknown>) =>
    api.post('/decision-definitions/evaluation', { variables: AUTUMN, ...body });

  /** Deploys the files and returns the one DMN graph among them. */
  const deployGraph = async (
    suffix: string,
    xml: string,
    more: Record<string, string> = {},
  ): Promise<DeployedGraph> => {
    const { status, body } = await api.deploy({ 'decisionDeletion.dinner.dmn': xml, ...more });
    expect(status, JSON.stringify(body)).toBe(200);
    const items = body.deployments as Record<string, any>[];
    const graph = items.find((item) => item.decisionRequirements)!.decisionRequirements;
    const decisions = Object.fromEntries(
      DECISION_IDS.map((id) => {
        const found = items.find(
          (item) => item.decisionDefinition?.decisionDefinitionId === `${id}_${suffix}`,
        )!.decisionDefinition;
        return [id, { decisionDefinitionKey: found.decisionDefinitionKey, version: found.version }];
      }),
    ) as DeployedGraph['decisions'];
    return {
      decisionRequirementsKey: graph.decisionRequirementsKey,
      version: graph.version,
      decisions,
      deploymentKey: body.deploymentKey,
    };
  };

  const graphsOf = (suffix: string) =>
    searchAll<{ decisionRequirementsKey: string; version: number }>(
      api,
      '/decision-requirements/search',
      { decisionRequirementsId: `dinner_${suffix}` },
    );

  const decisionsOf = (filter: Record<string, unknown>) =>
    searchAll<{ decisionDefinitionKey: string; version: number }>(
      api,
      '/decision-definitions/search',
      filter,
    );

  const incidentOf = (processInstanceKey: string) =>
    waitFor(async () => {
      const { body } = await api.post('/incidents/search', {
        filter: { processInstanceKey, state: 'ACTIVE' },
      });
      return body.items?.[0] as
        | { incidentKey: string; errorType: string; errorMessage: string; elementId: string }
        | undefined;
    }, `an incident of ${processInstanceKey}`);

  /** Deploys a process whose business rule task evaluates the dish decision of `suffix`. */
  const deployDinnerProcess = async (suffix: string, bindingType = 'latest', withDmn?: string) => {
    const processId = `decision-deletion-${suffix}`;
    const bpmn = sequenceProcess(processId, [businessRuleTask(`dish_${suffix}`, bindingType)]);
    const files: Record<string, string> = { 'decisionDeletion.dinner.bpmn': bpmn };
    if (withDmn) files['decisionDeletion.dinner.dmn'] = withDmn;
    const { status, body } = await api.deploy(files);
    expect(status, JSON.stringify(body)).toBe(200);
    return processId;
  };

  /** Starts the dinner process and waits until it completes; answers its dish. */
  const dishOfCompletedRun = async (processId: string) => {
    const key = await startInstance(api, processId, AUTUMN);
    await waitForState(api, key, 'COMPLETED');
    return variable(api, key, 'dish') as Promise<string>;
  };

  describe('by its decision requirements key', () => {
    it('deletes the graph and all its decisions: gone from search, get, xml and evaluation', async () => {
      // given
      const suffix = unique();
      const graph = await deployGraph(suffix, dinner(suffix));
      const key = graph.decisionRequirementsKey;

      // when
      const answer = await remove(key);

      // then the graph is gone
      expectStatus(answer, 200, 'delete');
      expect(answer.body).toEqual({ resourceKey: key, batchOperation: null });
      expect(await graphsOf(suffix)).toEqual([]);
      for (const read of [`/decision-requirements/${key}`, `/decision-requirements/${key}/xml`])
        expectProblem(await api.get(read), 404, read);

      // and so is every decision in it, from search, get, xml and evaluation
      expect(await decisionsOf({ decisionRequirementsKey: key })).toEqual([]);
      for (const id of DECISION_IDS) {
        const { decisionDefinitionKey } = graph.decisions[id];
        expect(await decisionsOf({ decisionDefinitionId: `${id}_${suffix}` })).toEqual([]);
        for (const read of [
          `/decision-definitions/${decisionDefinitionKey}`,
          `/decision-definitions/${decisionDefinitionKey}/xml`,
        ])
          expectProblem(await api.get(read), 404, read);
        for (const selector of [
          { decisionDefinitionKey },
          { decisionDefinitionId: `${id}_${suffix}` },
        ])
          expectProblem(await evaluate(selector), 404, '/decision-definitions/evaluation');
      }

      // and a second deletion finds nothing
      const again = await remove(key);
      expectProblem(again, 404, path(key));
      expect(again.body.detail).toContain(`no resource found with key \`${key}\``);
    });

    it('that is the latest version makes the version before it the latest again', async () => {
      // given versions 1 and 2, version 2 answering by id
      const suffix = unique();
      const v1 = await deployGraph(suffix, dinner(suffix));
      const v2 = await deployGraph(suffix, dinnerV2(suffix));
      expect(v2.version).toBe(2);
      const byId = { decisionDefinitionId: `dish_${suffix}` };
      expect((await evaluate(byId)).body.output).toBe('"Pulled pork"');

      // when version 2 is deleted
      expectStatus(await remove(v2.decisionRequirementsKey), 200, 'delete v2');

      // then evaluation by id uses version 1, and by version 2's key is a 404
      const latest = await evaluate(byId);
      expectStatus(latest, 200, 'evaluate by id');
      expect(latest.body).toMatchObject({
        decisionDefinitionKey: v1.decisions.dish.decisionDefinitionKey,
        decisionDefinitionVersion: 1,
        decisionRequirementsKey: v1.decisionRequirementsKey,
        output: '"Spareribs"',
      });
      expectProblem(
        await evaluate({ decisionDefinitionKey: v2.decisions.dish.decisionDefinitionKey }),
        404,
        '/decision-definitions/evaluation',
      );
      const byV1Key = await evaluate({
        decisionDefinitionKey: v1.decisions.dish.decisionDefinitionKey,
      });
      expect(byV1Key.body.output).toBe('"Spareribs"');

      // and version 1 alone is found, graph and decisions
      expect((await graphsOf(suffix)).map((g) => g.version)).toEqual([1]);
      expect(
        (await decisionsOf({ decisionDefinitionId: `menu_${suffix}` })).map((d) => d.version),
      ).toEqual([1]);
      expectStatus(
        await api.get(`/decision-requirements/${v1.decisionRequirementsKey}/xml`),
        200,
        'v1 xml',
      );
    });

    it('does not give its version numbers again: the next deployment continues the numbering', async () => {
      // given versions 1 and 2, and version 2 deleted
      const suffix = unique();
      const v1 = await deployGraph(suffix, dinner(suffix));
      const v2 = await deployGraph(suffix, dinnerV2(suffix));
      expectStatus(await remove(v2.decisionRequirementsKey), 200, 'delete v2');

      // when version 2's bytes are deployed again
      const v3 = await deployGraph(suffix, dinnerV2(suffix));

      // then that is a new version 3 of the graph and of every decision, with new keys
      expect(v3.version).toBe(3);
      expect(v3.decisionRequirementsKey).not.toBe(v2.decisionRequirementsKey);
      for (const id of DECISION_IDS) {
        expect(v3.decisions[id].version).toBe(3);
        expect(v3.decisions[id].decisionDefinitionKey).not.toBe(
          v2.decisions[id].decisionDefinitionKey,
        );
      }
      expect((await evaluate({ decisionDefinitionId: `dish_${suffix}` })).body).toMatchObject({
        decisionDefinitionVersion: 3,
        output: '"Pulled pork"',
      });

      // when every version is deleted and version 1's bytes are deployed again
      for (const graph of [v1, v3])
        expectStatus(await remove(graph.decisionRequirementsKey), 200, 'delete');
      const v4 = await deployGraph(suffix, dinner(suffix));

      // then that is version 4, the only one found
      expect(v4.version).toBe(4);
      expect((await graphsOf(suffix)).map((g) => g.version)).toEqual([4]);
      expect(
        (await decisionsOf({ decisionDefinitionId: `dish_${suffix}` })).map((d) => d.version),
      ).toEqual([4]);
    });
  });

  describe('by another key', () => {
    it('answers 404 for a decision definition key, as Camunda does, and deletes nothing', async () => {
      // given
      const suffix = unique();
      const graph = await deployGraph(suffix, dinner(suffix));
      const decisionKey = graph.decisions.dish.decisionDefinitionKey;

      // when
      const answer = await remove(decisionKey);

      // then
      expectProblem(answer, 404, path(decisionKey));
      expect(answer.body.detail).toContain(`no resource found with key \`${decisionKey}\``);
      expect(
        await decisionsOf({ decisionRequirementsKey: graph.decisionRequirementsKey }),
      ).toHaveLength(DECISION_IDS.length);
      expectStatus(await evaluate({ decisionDefinitionKey: decisionKey }), 200, 'still evaluable');
    });

    it('refuses staff (403) and deletes nothing', async () => {
      // given
      const suffix = unique();
      const graph = await deployGraph(suffix, dinner(suffix));

      // when / then
      const call = { method: 'POST', path: path(graph.decisionRequirementsKey), json: {} };
      await expectRejected(api, call, 403, {}, api.as('staff'));
      expect(await graphsOf(suffix)).toHaveLength(1);
    });
  });

  describe('business rule tasks', () => {
    it('evaluate the version before a deleted latest one (binding latest)', async () => {
      // given versions 1 and 2, and a process that evaluates the dish decision
      const suffix = unique();
      await deployGraph(suffix, dinner(suffix));
      const v2 = await deployGraph(suffix, dinnerV2(suffix));
      const processId = await deployDinnerProcess(suffix);
      expect(await dishOfCompletedRun(processId)).toBe('Pulled pork');

      // when version 2 is deleted
      expectStatus(await remove(v2.decisionRequirementsKey), 200, 'delete v2');

      // then the task evaluates version 1
      expect(await dishOfCompletedRun(processId)).toBe('Spareribs');
    });

    it('wait on CALLED_DECISION_ERROR when no version remains, and go on once one is deployed again', async () => {
      // given the only version, deleted
      const suffix = unique();
      const graph = await deployGraph(suffix, dinner(suffix));
      const processId = await deployDinnerProcess(suffix);
      expectStatus(await remove(graph.decisionRequirementsKey), 200, 'delete');

      // when the process runs
      const key = await startInstance(api, processId, AUTUMN);

      // then its task waits on an incident
      const incident = await incidentOf(key);
      expect(incident).toMatchObject({
        errorType: 'CALLED_DECISION_ERROR',
        elementId: 'Task_ChooseDish',
        errorMessage: `Expected to evaluate decision 'dish_${suffix}', but no decision found for id 'dish_${suffix}'`,
      });

      // when the DMN is deployed again (version 2) and the incident resolved
      expect((await deployGraph(suffix, dinnerV2(suffix))).version).toBe(2);
      expectStatus(
        await api.post(`/incidents/${incident.incidentKey}/resolution`, {}),
        204,
        'resolve',
      );

      // then the task evaluates it
      await waitForState(api, key, 'COMPLETED');
      expect(await variable(api, key, 'dish')).toBe('Pulled pork');
    });

    it('with binding deployment wait on CALLED_DECISION_ERROR once the DMN deployed with the process is deleted', async () => {
      // given a process deployed together with its DMN
      const suffix = unique();
      const processId = await deployDinnerProcess(suffix, 'deployment', dinner(suffix));
      const [graph] = await graphsOf(suffix);
      expect(await dishOfCompletedRun(processId)).toBe('Spareribs');

      // when the DMN is deleted
      expectStatus(await remove(graph!.decisionRequirementsKey), 200, 'delete');

      // then the task finds no decision in its deployment
      const key = await startInstance(api, processId, AUTUMN);
      const incident = await incidentOf(key);
      expect(incident.errorType).toBe('CALLED_DECISION_ERROR');
      expect(incident.errorMessage).toContain(
        `Expected to evaluate decision with id 'dish_${suffix}' with binding type 'deployment', but no such decision found in the deployment`,
      );
    });
  });

  describe('at the same moment', () => {
    it('deletes once when deletions of one key race: one 200, the others 404', async () => {
      // given
      const suffix = unique();
      const graph = await deployGraph(suffix, dinner(suffix));

      // when
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => remove(graph.decisionRequirementsKey)),
      );

      // then
      const statuses = answers.map((answer) => answer.status);
      expect(
        statuses.filter((status) => status === 200),
        String(statuses),
      ).toHaveLength(1);
      expect(
        statuses.every((status) => status === 200 || status === 404),
        String(statuses),
      ).toBe(true);
      expect(await graphsOf(suffix)).toEqual([]);
    });

    it('gives evaluations and business rule tasks racing a deletion the deleted version or the one before, never an error', async () => {
      // given versions 1 and 2, and a process that evaluates the dish decision
      const suffix = unique();
      await deployGraph(suffix, dinner(suffix));
      const v2 = await deployGraph(suffix, dinnerV2(suffix));
      const processId = await deployDinnerProcess(suffix);
      const byId = { decisionDefinitionId: `dish_${suffix}` };

      // when version 2 is deleted while evaluations and instances go out a little later each
      const deleting = remove(v2.decisionRequirementsKey);
      const evaluations: Promise<{ status: number; body: any }>[] = [];
      const instances: Promise<string>[] = [];
      for (const delayMs of [0, 2, 5, 10, 20]) {
        await sleep(delayMs);
        evaluations.push(evaluate(byId));
        instances.push(startInstance(api, processId, AUTUMN));
      }
      const deletion = await deleting;

      // then each evaluation answered version 2 or version 1
      expectStatus(deletion, 200, 'delete v2');
      for (const { status, body } of await Promise.all(evaluations)) {
        expect(status, JSON.stringify(body)).toBe(200);
        expect([
          [2, '"Pulled pork"'],
          [1, '"Spareribs"'],
        ]).toContainEqual([body.decisionDefinitionVersion, body.output]);
      }
      // and each task completed with the dish of one of them, none waits on an incident
      for (const key of await Promise.all(instances)) {
        await waitForState(api, key, 'COMPLETED');
        expect(['Pulled pork', 'Spareribs']).toContain(await variable(api, key, 'dish'));
      }
      // and after the deletion's answer, only version 1 is found
      expect((await evaluate(byId)).body.decisionDefinitionVersion).toBe(1);
      expect(await dishOfCompletedRun(processId)).toBe('Spareribs');
    });
  });

  describe('a deletion a crash left after its tombstone', () => {
    it('leaves the decisions evaluable until the sweep finishes it after the grace period', async () => {
      // given a graph whose deletion stopped right after its tombstone insert, just now
      const suffix = unique();
      const graph = await deployGraph(suffix, dinner(suffix));
      const key = graph.decisionRequirementsKey;
      const client = await MongoClient.connect(server.mongoUri);
      const tombstones = client.db().collection<DeletedResource>('deletedResources');
      try {
        await tombstones.insertOne({
          _id: key,
          kind: 'decisionRequirements',
          resourceId: `dinner_${suffix}`,
          version: 1,
          attempt: `crashed-${unique()}`,
          deletedAt: Date.now(),
          writtenAt: Date.now(),
          deletedBy: 'demo',
          done: false,
        });
        const byId = { decisionDefinitionId: `dish_${suffix}` };

        // then, within the grace period, its decisions are still evaluated and a deletion
        // finds nothing
        expectStatus(await evaluate(byId), 200, 'evaluate before the sweep');
        expectProblem(await remove(key), 404, path(key));

        // when the grace period has passed and the sweep runs
        await tombstones.updateOne({ _id: key }, { $set: { writtenAt: Date.now() - 60_000 } });
        await server.sweeper.sweepNow();

        // then the deletion is finished
        expect(await graphsOf(suffix)).toEqual([]);
        expect(await decisionsOf({ decisionRequirementsKey: key })).toEqual([]);
        expectProblem(await evaluate(byId), 404, '/decision-definitions/evaluation');
      } finally {
        await client.close();
      }
    });
  });
});
