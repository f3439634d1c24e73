/**
 * Decisions: `.dmn` resources deploy through `POST /v2/deployments` as a decision requirements
 * graph plus one decision definition per decision, with versions; they are searched and read
 * under `/v2/decision-definitions` and `/v2/decision-requirements`, and evaluated by
 * `POST /v2/decision-definitions/evaluation`, also through the real `@camunda8/sdk`.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Camunda8 } from '@camunda8/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';
import {
  expectProblem,
  sequenceProcess,
  serviceTask,
  startApiServer,
  tally,
  unique,
  worker,
  type ProblemItem,
} from './apiTestKit';

const FIXTURE = (name: string) => fileURLToPath(new URL(`./decisions.${name}`, import.meta.url));
const DECISION_IDS = ['season', 'dish', 'budget', 'menu'] as const;

/** The ids of one copy of the dinner graph: the fixture's ids with a suffix. */
const idsOf = (suffix: string) => ({
  drg: `dinner_${suffix}`,
  season: `season_${suffix}`,
  dish: `dish_${suffix}`,
  budget: `budget_${suffix}`,
  menu: `menu_${suffix}`,
});

/**
 * The dinner fixture with every id made unique to one test. A required decision's result is
 * seen under its id (or its variable's name), so the FEEL that reads it is renamed with it.
 */
const dinner = (suffix: string) =>
  readFileSync(FIXTURE('dinner.dmn'), 'utf8').replace(
    /\b(dinner|season|dish|budget|menu)\b/g,
    `$1_${suffix}`,
  );

interface Deployed {
  decisions: Record<string, any>[];
  graphs: Record<string, any>[];
  processes: Record<string, any>[];
}

describe('decisions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('decisions');
  });
  afterAll(() => server.close());

  const deploy = (files: Record<string, string>) => server.api.deploy(files);

  /** The entries of a successful deployment's answer, by kind. */
  const deployed = async (files: Record<string, string>): Promise<Deployed> => {
    const { status, body } = await deploy(files);
    expect(status, JSON.stringify(body)).toBe(200);
    const items = body.deployments as Record<string, any>[];
    const of = (kind: string) => items.map((item) => item[kind]).filter((x) => x !== null);
    return {
      decisions: of('decisionDefinition'),
      graphs: of('decisionRequirements'),
      processes: of('processDefinition'),
    };
  };

  /** How many decision definitions and graphs are stored. */
  const decisionTally = async () => {
    const count = async (path: string) =>
      (await server.api.post(path, { page: { limit: 1 } })).body.page.totalItems as number;
    return {
      decisions: await count('/decision-definitions/search'),
      graphs: await count('/decision-requirements/search'),
    };
  };

  /** Deploys and expects a 400 with nothing stored, decisions included. */
  const deployRejected = async (files: Record<string, string>): Promise<ProblemItem[]> => {
    const before = { ...(await tally(server.api)), ...(await decisionTally()) };
    const errors = expectProblem(await deploy(files), 400, '/deployments');
    expect({ ...(await tally(server.api)), ...(await decisionTally()) }).toEqual(before);
    return errors;
  };

  const evaluate = (body: unknown) => server.api.post('/decision-definitions/evaluation', body);

  describe('deployment', () => {
    it('deploys a DMN resource as its decision requirements graph and one definition per decision', async () => {
      // given
      const suffix = unique();
      const ids = idsOf(suffix);
      // when
      const { status, body } = await deploy({ 'decisions.dinner.dmn': dinner(suffix) });
      // then the decisions come first, each in an item of its own, then the graph
      expect(status, JSON.stringify(body)).toBe(200);
      const graph = {
        decisionRequirementsId: ids.drg,
        version: 1,
        decisionRequirementsName: 'Dinner decisions',
        tenantId: '<default>',
        resourceName: 'decisions.dinner.dmn',
        decisionRequirementsKey: expect.stringMatching(/^\d+$/),
      };
      const decision = (id: string, name: string) => ({
        processDefinition: null,
        decisionDefinition: {
          decisionDefinitionId: id,
          version: 1,
          name,
          tenantId: '<default>',
          decisionRequirementsId: ids.drg,
          decisionDefinitionKey: expect.stringMatching(/^\d+$/),
          decisionRequirementsKey: body.deployments[4].decisionRequirements.decisionRequirementsKey,
        },
        decisionRequirements: null,
        form: null,
        resource: null,
      });
      expect(body.deployments).toEqual([
        decision(ids.season, 'Season'),
        decision(ids.dish, 'Dish'),
        decision(ids.budget, 'Budget'),
        decision(ids.menu, 'Menu'),
        {
          processDefinition: null,
          decisionDefinition: null,
          decisionRequirements: graph,
          form: null,
          resource: null,
        },
      ]);
      // and every key is a key of its own
      const keys = [
        body.deploymentKey,
        ...body.deployments.slice(0, 4).map((d: any) => d.decisionDefinition.decisionDefinitionKey),
        body.deployments[4].decisionRequirements.decisionRequirementsKey,
      ];
      expect(new Set(keys).size).toBe(6);
    });

    it('deploys a DMN resource together with a BPMN process', async () => {
      // given
      const suffix = unique();
      const processId = `decisions-process-${suffix}`;
      // when
      const result = await deployed({
        'decisions.process.bpmn': sequenceProcess(processId, [
          serviceTask('Task_Order', `decisions.order.${suffix}`),
        ]),
        'decisions.dinner.dmn': dinner(suffix),
      });
      // then both are deployed, and both can be read back
      expect(result.processes).toEqual([
        expect.objectContaining({ processDefinitionId: processId, processDefinitionVersion: 1 }),
      ]);
      expect(result.decisions.map((d) => d.decisionDefinitionId)).toEqual(
        DECISION_IDS.map((id) => idsOf(suffix)[id]),
      );
      expect(result.graphs).toEqual([
        expect.objectContaining({ decisionRequirementsId: idsOf(suffix).drg, version: 1 }),
      ]);
      const process = await server.api.get(
        `/process-definitions/${result.processes[0]!.processDefinitionKey}`,
      );
      expect(process.status).toBe(200);
      const decision = await server.api.get(
        `/decision-definitions/${result.decisions[1]!.decisionDefinitionKey}`,
      );
      expect(decision.body).toMatchObject({ decisionDefinitionId: idsOf(suffix).dish });
    });

    it('makes new versions only when the bytes change, for the graph and each of its decisions', async () => {
      // given a graph deployed once
      const suffix = unique();
      const original = dinner(suffix);
      const first = await deployed({ 'decisions.dinner.dmn': original });

      // when the same bytes are deployed again
      const again = await deployed({ 'decisions.dinner.dmn': original });
      // then that is the same version, with the same keys
      expect(again).toEqual(first);

      // when a changed graph is deployed
      const changed = original.replace('"Stew"', '"Goulash"');
      const second = await deployed({ 'decisions.dinner.dmn': changed });
      // then the graph and every decision in it are version 2, with keys of their own
      expect(second.graphs[0]).toMatchObject({ version: 2 });
      expect(second.graphs[0]!.decisionRequirementsKey).not.toBe(
        first.graphs[0]!.decisionRequirementsKey,
      );
      expect(second.decisions.map((d) => d.version)).toEqual([2, 2, 2, 2]);
      for (const [index, decision] of second.decisions.entries()) {
        expect(decision.decisionDefinitionKey).not.toBe(
          first.decisions[index]!.decisionDefinitionKey,
        );
        expect(decision.decisionRequirementsKey).toBe(second.graphs[0]!.decisionRequirementsKey);
      }

      // and the first bytes deployed again are version 3, as for processes and forms
      const third = await deployed({ 'decisions.dinner.dmn': original });
      expect(third.graphs[0]).toMatchObject({ version: 3 });
      expect(third.decisions.map((d) => d.version)).toEqual([3, 3, 3, 3]);
      // while version 1 stays readable by its key
      const v1 = await server.api.get(
        `/decision-definitions/${first.decisions[1]!.decisionDefinitionKey}`,
      );
      expect(v1.body).toMatchObject({ version: 1, decisionDefinitionId: idsOf(suffix).dish });
    });

    it('rejects an invalid DMN resource with a 400 naming it and the element, and deploys none of the request', async () => {
      // given a valid process and a valid graph beside the invalid one
      const suffix = unique();
      const processId = `decisions-beside-${suffix}`;
      // when
      const errors = await deployRejected({
        'decisions.process.bpmn': sequenceProcess(processId, []),
        'decisions.dinner.dmn': dinner(suffix),
        'decisions.invalid.dmn': readFileSync(FIXTURE('invalid.dmn'), 'utf8'),
      });
      // then the problem names the resource and the input entry that is not FEEL
      expect(errors).toEqual([
        {
          elementId: 'UnaryTests_large',
          message: expect.stringMatching(
            /^decisions\.invalid\.dmn: 'UnaryTests_large' \(dmn:UnaryTests\): .*rule 1 \('Rule_large'\) of decision 'discount' is not valid FEEL/,
          ),
        },
      ]);
      // and neither the process nor the valid graph was stored
      const processes = await server.api.post('/process-definitions/search', {
        filter: { processDefinitionId: processId },
      });
      expect(processes.body.items).toEqual([]);
      const graphs = await server.api.post('/decision-requirements/search', {
        filter: { decisionRequirementsId: idsOf(suffix).drg },
      });
      expect(graphs.body.items).toEqual([]);
    });

    it.each<[string, string, RegExp]>([
      ['XML that is not well-formed', '<definitions id="x"><decision', /^bad\.dmn: /],
      [
        'a document without a decision',
        readFileSync(FIXTURE('invalid.dmn'), 'utf8').replace(/<decision [\s\S]*<\/decision>/, ''),
        /^bad\.dmn: the document has no decision$/,
      ],
      ['a NUL character', `<definitions id="x">\u0000</definitions>`, /^bad\.dmn: .*U\+0000/],
    ])('rejects %s, naming the resource', async (_name, text, message) => {
      // when
      const errors = await deployRejected({ 'bad.dmn': text });
      // then
      expect(errors[0]).toMatchObject({
        pointer: '/resources',
        message: expect.stringMatching(message),
      });
    });

    it('rejects one decision id in two resources of a deployment, naming both', async () => {
      // given two graphs of other ids that share the decision ids
      const suffix = unique();
      const copy = dinner(suffix).replace(`id="dinner_${suffix}"`, `id="dinner_copy_${suffix}"`);
      // when
      const errors = await deployRejected({
        'first.dmn': dinner(suffix),
        'second.dmn': copy,
      });
      // then each shared decision is named once, in the second resource
      expect(errors.map((error) => error.elementId)).toEqual(
        DECISION_IDS.map((id) => idsOf(suffix)[id]),
      );
      expect(errors[0]!.message).toBe(
        `second.dmn: the decision id 'season_${suffix}' is already deployed by 'first.dmn' in this deployment`,
      );
    });

    it('rejects one decision requirements id in two resources of a deployment', async () => {
      // given two graphs of one id, with decisions of different ids
      const suffix = unique();
      // when
      const other = unique();
      const errors = await deployRejected({
        'first.dmn': dinner(suffix),
        'second.dmn': dinner(other).replace(`id="dinner_${other}"`, `id="dinner_${suffix}"`),
      });
      // then
      expect(errors.map((error) => error.message)).toContain(
        `second.dmn: the decision requirements id 'dinner_${suffix}' is already deployed by 'first.dmn' in this deployment`,
      );
    });
  });

  describe('searches and gets', () => {
    const suffix = unique();
    const ids = idsOf(suffix);
    let v1: Deployed;
    let v2: Deployed;
    beforeAll(async () => {
      v1 = await deployed({ 'decisions.dinner.dmn': dinner(suffix) });
      v2 = await deployed({
        'decisions.dinner.dmn': dinner(suffix).replace('"Salad"', '"Gazpacho"'),
      });
    });

    it('finds the versions of a decision, sorted as asked', async () => {
      // when
      const { status, body } = await server.api.post('/decision-definitions/search', {
        filter: { decisionDefinitionId: ids.dish },
        sort: [{ field: 'version', order: 'DESC' }],
      });
      // then
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.page.totalItems).toBe(2);
      expect(body.items).toEqual([
        {
          decisionDefinitionId: ids.dish,
          name: 'Dish',
          version: 2,
          decisionRequirementsId: ids.drg,
          tenantId: '<default>',
          decisionDefinitionKey: v2.decisions[1]!.decisionDefinitionKey,
          decisionRequirementsKey: v2.graphs[0]!.decisionRequirementsKey,
        },
        expect.objectContaining({
          version: 1,
          decisionDefinitionKey: v1.decisions[1]!.decisionDefinitionKey,
        }),
      ]);
    });

    it('finds the decisions of one graph version by its key', async () => {
      // when
      const { body } = await server.api.post('/decision-definitions/search', {
        filter: { decisionRequirementsKey: v1.graphs[0]!.decisionRequirementsKey },
        sort: [{ field: 'decisionDefinitionId' }],
      });
      // then
      expect(body.items.map((d: any) => [d.decisionDefinitionId, d.version])).toEqual([
        [ids.budget, 1],
        [ids.dish, 1],
        [ids.menu, 1],
        [ids.season, 1],
      ]);
    });

    it('gets a decision definition by key, and the DMN XML of its graph', async () => {
      // given
      const key = v1.decisions[0]!.decisionDefinitionKey as string;
      // when
      const record = await server.api.get(`/decision-definitions/${key}`);
      const xml = await server.api.get(`/decision-definitions/${key}/xml`);
      // then
      expect(record.body).toEqual({
        decisionDefinitionId: ids.season,
        name: 'Season',
        version: 1,
        decisionRequirementsId: ids.drg,
        tenantId: '<default>',
        decisionDefinitionKey: key,
        decisionRequirementsKey: v1.graphs[0]!.decisionRequirementsKey,
      });
      expect(xml.status).toBe(200);
      expect(xml.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(xml.body).toBe(dinner(suffix));
    });

    it('finds decision requirements by id and gets one with its XML', async () => {
      // when
      const search = await server.api.post('/decision-requirements/search', {
        filter: { decisionRequirementsId: ids.drg, version: 2 },
      });
      const key = v2.graphs[0]!.decisionRequirementsKey as string;
      const record = await server.api.get(`/decision-requirements/${key}`);
      const xml = await server.api.get(`/decision-requirements/${key}/xml`);
      // then
      const expected = {
        decisionRequirementsName: 'Dinner decisions',
        version: 2,
        decisionRequirementsId: ids.drg,
        resourceName: 'decisions.dinner.dmn',
        tenantId: '<default>',
        decisionRequirementsKey: key,
      };
      expect(search.body.items).toEqual([expected]);
      expect(record.body).toEqual(expected);
      expect(xml.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(xml.body).toContain('"Gazpacho"');
    });

    it.each([
      ['/decision-definitions/search', { filter: { version: '1' } }, '/filter/version'],
      ['/decision-requirements/search', { filter: { $where: 'x' } }, '/filter/$where'],
      ['/decision-definitions/search', { sort: [{ field: 'xml' }] }, '/sort/0/field'],
    ])('rejects a bad search on %s, naming the field', async (path, body, pointer) => {
      expectProblem(await server.api.post(path, body), 400, path, { pointer });
    });

    it.each([
      '/decision-definitions/1',
      '/decision-definitions/1/xml',
      '/decision-requirements/1',
      '/decision-requirements/1/xml',
    ])('answers 404 for %s, which is not deployed', async (path) => {
      expectProblem(await server.api.get(path), 404, path);
    });

    it.each([
      ['/decision-definitions/abc', '/decisionDefinitionKey'],
      ['/decision-requirements/abc/xml', '/decisionRequirementsKey'],
    ])('answers 400 for %s, whose key is not a key', async (path, pointer) => {
      expectProblem(await server.api.get(path), 400, path, { pointer });
    });

    it('lets analysts read decisions, but neither staff nor API clients', async () => {
      const path = `/decision-definitions/${v1.decisions[0]!.decisionDefinitionKey}`;
      expect((await server.api.as('analyst').get(path)).status).toBe(200);
      expectProblem(await server.api.as('staff').get(path), 403, path);
      expectProblem(await worker(server.api).get(path), 403, path);
      const search = '/decision-requirements/search';
      expectProblem(await server.api.as('staff').post(search, {}), 403, search);
    });
  });

  describe('POST /v2/decision-definitions/evaluation', () => {
    const suffix = unique();
    const ids = idsOf(suffix);
    let v1: Deployed;
    let v2: Deployed;
    beforeAll(async () => {
      v1 = await deployed({ 'decisions.dinner.dmn': dinner(suffix) });
      v2 = await deployed({
        'decisions.dinner.dmn': dinner(suffix).replace('"Spareribs"', '"Pulled pork"'),
      });
    });

    /** The decision of a deployment by id. */
    const decisionOf = (deployment: Deployed, id: string) =>
      deployment.decisions.find((d) => d.decisionDefinitionId === id)!;

    it('evaluates the latest version of a decision by id, with its required decision first', async () => {
      // when
      const { status, body } = await evaluate({
        decisionDefinitionId: ids.dish,
        variables: { month: 10, guests: 4 },
      });
      // then version 2 answers, as Camunda gives it
      expect(status, JSON.stringify(body)).toBe(200);
      const dish = decisionOf(v2, ids.dish);
      const season = decisionOf(v2, ids.season);
      const evaluationKey = body.decisionEvaluationKey as string;
      expect(evaluationKey).toMatch(/^\d+$/);
      expect(body).toEqual({
        decisionDefinitionId: ids.dish,
        decisionDefinitionKey: dish.decisionDefinitionKey,
        decisionDefinitionName: 'Dish',
        decisionDefinitionVersion: 2,
        decisionRequirementsId: ids.drg,
        decisionRequirementsKey: v2.graphs[0]!.decisionRequirementsKey,
        output: '"Pulled pork"',
        failedDecisionDefinitionId: null,
        failureMessage: null,
        tenantId: '<default>',
        decisionInstanceKey: evaluationKey,
        decisionEvaluationKey: evaluationKey,
        evaluatedDecisions: [
          {
            decisionDefinitionId: ids.season,
            decisionDefinitionName: 'Season',
            decisionDefinitionVersion: 2,
            decisionDefinitionType: 'DECISION_TABLE',
            output: '"Fall"',
            tenantId: '<default>',
            matchedRules: [
              {
                ruleId: 'Rule_fall',
                ruleIndex: 3,
                evaluatedOutputs: [
                  { outputId: 'Output_season', outputName: ids.season, outputValue: '"Fall"' },
                ],
              },
            ],
            evaluatedInputs: [{ inputId: 'Input_month', inputName: 'Month', inputValue: '10' }],
            decisionDefinitionKey: season.decisionDefinitionKey,
            decisionEvaluationInstanceKey: `${evaluationKey}-1`,
          },
          {
            decisionDefinitionId: ids.dish,
            decisionDefinitionName: 'Dish',
            decisionDefinitionVersion: 2,
            decisionDefinitionType: 'DECISION_TABLE',
            output: '"Pulled pork"',
            tenantId: '<default>',
            matchedRules: [
              {
                ruleId: 'Rule_spareribs',
                ruleIndex: 1,
                evaluatedOutputs: [
                  { outputId: 'Output_dish', outputName: 'Dish', outputValue: '"Pulled pork"' },
                ],
              },
            ],
            evaluatedInputs: [
              { inputId: 'Input_season', inputName: 'Season', inputValue: '"Fall"' },
              { inputId: 'Input_guests', inputName: 'Guests', inputValue: '4' },
            ],
            decisionDefinitionKey: dish.decisionDefinitionKey,
            decisionEvaluationInstanceKey: `${evaluationKey}-2`,
          },
        ],
      });
    });

    it('evaluates an older version by its key', async () => {
      // when
      const dish = decisionOf(v1, ids.dish);
      const { status, body } = await evaluate({
        decisionDefinitionKey: dish.decisionDefinitionKey,
        variables: { month: 10, guests: 4 },
      });
      // then version 1 answers, its required decision of version 1 too
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({
        decisionDefinitionKey: dish.decisionDefinitionKey,
        decisionDefinitionVersion: 1,
        output: '"Spareribs"',
      });
      expect(
        body.evaluatedDecisions.map((d: any) => [
          d.decisionDefinitionKey,
          d.decisionDefinitionVersion,
        ]),
      ).toEqual([
        [decisionOf(v1, ids.season).decisionDefinitionKey, 1],
        [dish.decisionDefinitionKey, 1],
      ]);
    });

    it('gives a new evaluation key to every evaluation', async () => {
      const request = { decisionDefinitionId: ids.season, variables: { month: 1 } };
      const first = await evaluate(request);
      const second = await evaluate(request);
      expect(first.body.output).toBe('"Winter"');
      expect(second.body.decisionEvaluationKey).not.toBe(first.body.decisionEvaluationKey);
    });

    it('answers null when no rule matches', async () => {
      // when the season is not known
      const { body } = await evaluate({ decisionDefinitionId: ids.season, variables: {} });
      // then
      expect(body).toMatchObject({ output: 'null', failureMessage: null });
      expect(body.evaluatedDecisions[0]).toMatchObject({
        matchedRules: [],
        evaluatedInputs: [{ inputId: 'Input_month', inputValue: 'null' }],
      });
    });

    it('lists every required decision, depth first, each with its own output', async () => {
      // when
      const { status, body } = await evaluate({
        decisionDefinitionId: ids.menu,
        variables: { month: 12, guests: 4, pricePerGuest: 25 },
      });
      // then
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.output).toBe('"Roastbeef for 100"');
      expect(
        body.evaluatedDecisions.map((d: any) => [
          d.decisionDefinitionId,
          d.decisionDefinitionType,
          d.output,
          d.decisionDefinitionKey,
        ]),
      ).toEqual([
        [
          ids.season,
          'DECISION_TABLE',
          '"Winter"',
          decisionOf(v2, ids.season).decisionDefinitionKey,
        ],
        [ids.dish, 'DECISION_TABLE', '"Roastbeef"', decisionOf(v2, ids.dish).decisionDefinitionKey],
        [ids.budget, 'LITERAL_EXPRESSION', '100', decisionOf(v2, ids.budget).decisionDefinitionKey],
        [
          ids.menu,
          'LITERAL_EXPRESSION',
          '"Roastbeef for 100"',
          decisionOf(v2, ids.menu).decisionDefinitionKey,
        ],
      ]);
      expect(body.evaluatedDecisions[2]).toMatchObject({ matchedRules: [], evaluatedInputs: [] });
    });

    it('answers a failing evaluation with 200, naming the decision that failed, as Zeebe does', async () => {
      // when the price the budget needs is missing
      const { status, body } = await evaluate({
        decisionDefinitionId: ids.menu,
        variables: { month: 12, guests: 4 },
      });
      // then
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({
        decisionDefinitionId: ids.menu,
        decisionDefinitionVersion: 2,
        output: 'null',
        failedDecisionDefinitionId: ids.budget,
        failureMessage: expect.stringMatching(
          new RegExp(
            `^Expected to evaluate decision '${ids.menu}', but the required decision '${ids.budget}' failed: .*pricePerGuest`,
            's',
          ),
        ),
      });
      // and what was evaluated up to the failure is listed, the failed decision last
      expect(body.evaluatedDecisions.map((d: any) => [d.decisionDefinitionId, d.output])).toEqual([
        [ids.season, '"Winter"'],
        [ids.dish, '"Roastbeef"'],
        [ids.budget, 'null'],
      ]);
    });

    it('answers 404 for a decision that is not deployed', async () => {
      const path = '/decision-definitions/evaluation';
      const byId = expectProblem(await evaluate({ decisionDefinitionId: 'nowhere' }), 404, path);
      expect(byId).toEqual([]);
      const byIdBody = (await evaluate({ decisionDefinitionId: 'nowhere' })).body;
      expect(byIdBody.detail).toBe(
        "Command 'EVALUATE' rejected with code 'NOT_FOUND': Expected to evaluate decision 'nowhere', but no decision found for id 'nowhere'",
      );
      expectProblem(await evaluate({ decisionDefinitionKey: '1' }), 404, path);
    });

    it.each<[string, unknown, string]>([
      ['neither id nor key', { variables: {} }, '/decisionDefinitionId'],
      [
        'both id and key',
        { decisionDefinitionId: 'a', decisionDefinitionKey: '1' },
        '/decisionDefinitionKey',
      ],
      ['a key that is not a key', { decisionDefinitionKey: 'abc' }, '/decisionDefinitionKey'],
      ['an empty id', { decisionDefinitionId: '' }, '/decisionDefinitionId'],
      ['variables that are a list', { decisionDefinitionId: 'a', variables: [1] }, '/variables'],
      ['another tenant', { decisionDefinitionId: 'a', tenantId: 'other' }, '/tenantId'],
      [
        'a __proto__ variable',
        { decisionDefinitionId: 'a', variables: JSON.parse('{"__proto__": 1}') },
        '/variables/__proto__',
      ],
    ])('rejects a body with %s, naming the field', async (_name, body, pointer) => {
      const path = '/decision-definitions/evaluation';
      expectProblem(await evaluate(body), 400, path, { pointer });
    });

    it('lets API clients and analysts evaluate, not staff', async () => {
      const path = '/decision-definitions/evaluation';
      const request = { decisionDefinitionId: ids.season, variables: { month: 7 } };
      const asWorker = await worker(server.api).post(path, request);
      expect(asWorker.status, JSON.stringify(asWorker.body)).toBe(200);
      expect(asWorker.body.output).toBe('"Summer"');
      expect((await server.api.as('analyst').post(path, request)).status).toBe(200);
      expectProblem(await server.api.as('staff').post(path, request), 403, path);
    });
  });

  describe('through the Camunda 8 SDK', () => {
    const sdkConfig = () => ({
      ZEEBE_REST_ADDRESS: server.url,
      CAMUNDA_AUTH_STRATEGY: 'BASIC' as const,
      CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
      CAMUNDA_BASIC_AUTH_PASSWORD: 'demo',
      CAMUNDA_TENANT_ID: '<default>',
      CAMUNDA_LOG_LEVEL: 'error' as const,
    });

    it('deploys a DMN resource and evaluates a decision with the legacy CamundaRestClient', async () => {
      // given
      const c8 = new Camunda8(sdkConfig());
      const suffix = unique();
      const ids = idsOf(suffix);
      try {
        const camunda = c8.getCamundaRestClient();
        // when
        const deployment = await camunda.deployResources([
          { content: dinner(suffix), name: 'sdk.dinner.dmn' },
        ]);
        // then the client sees the graph and its decisions
        expect(deployment.decisionRequirements).toEqual([
          expect.objectContaining({
            decisionRequirementsId: ids.drg,
            resourceName: 'sdk.dinner.dmn',
            version: 1,
          }),
        ]);
        expect(deployment.decisions.map((d) => d.decisionDefinitionId)).toEqual(
          DECISION_IDS.map((id) => ids[id]),
        );
        // and evaluates a decision by id (the client adds the default tenant)
        const result = await camunda.evaluateDecision({
          decisionDefinitionId: ids.dish,
          variables: { month: 4, guests: 12 },
        });
        expect(JSON.parse(result.output)).toBe('Stew');
        expect(result.decisionDefinitionKey).toBe(deployment.decisions[1]!.decisionDefinitionKey);
        expect(result.evaluatedDecisions.map((d) => d.decisionDefinitionId)).toEqual([
          ids.season,
          ids.dish,
        ]);
      } finally {
        await c8.closeAllClients();
      }
    });

    it('deploys the fixture file and evaluates by key and by id with the Orchestration Cluster API client', async () => {
      // given the fixture as a file, deployed through the client
      const c8 = new Camunda8(sdkConfig());
      try {
        const camunda = c8.getOrchestrationClusterApiClient();
        const deployment = await camunda.deployResourcesFromFiles([FIXTURE('dinner.dmn')]);
        expect(deployment.decisionRequirements).toEqual([
          expect.objectContaining({
            decisionRequirementsId: 'dinner',
            resourceName: 'decisions.dinner.dmn',
          }),
        ]);
        const dish = deployment.decisions.find((d) => d.decisionDefinitionId === 'dish')!;

        // when the dish is evaluated by key
        const byKey = await camunda.evaluateDecision({
          decisionDefinitionKey: dish.decisionDefinitionKey!,
          variables: { month: 1, guests: 2 },
        });
        // then the matched rule and the required season come back
        expect(JSON.parse(byKey.output)).toBe('Roastbeef');
        expect(byKey.evaluatedDecisions[1]!.matchedRules).toEqual([
          expect.objectContaining({ ruleId: 'Rule_roastbeef', ruleIndex: 1 + 1 }),
        ]);
        expect(byKey.evaluatedDecisions[0]!.decisionDefinitionId).toBe('season');

        // and a failing evaluation by id answers with the failure, not an error
        const menu = deployment.decisions.find((d) => d.decisionDefinitionId === 'menu')!;
        const failed = await camunda.evaluateDecision({
          decisionDefinitionId: menu.decisionDefinitionId!,
          variables: { month: 1, guests: 2 },
        });
        expect(failed.failedDecisionDefinitionId).toBe('budget');
        expect(failed.failureMessage).toMatch(/^Expected to evaluate decision 'menu'/);
      } finally {
        await c8.closeAllClients();
      }
    });
  });
  describe('the time budget of an evaluation (D6)', () => {
    const TIME_BUDGET_MS = 300;
    /** `size * size` FEEL iterations: about 11 s at 6000 when nothing cuts them. */
    const PATHOLOGICAL_SIZE = 6_000;
    let slowServer: TestServer;
    beforeAll(async () => {
      const sqlite = backends()[0]!;
      slowServer = await startTestServer(
        databaseUri(sqlite.uri, freshDbName('api_decisions_budget')),
        { commandTimeBudgetMs: TIME_BUDGET_MS, commandThreads: 1 },
      );
      const { status } = await slowServer.api.deploy({
        'decisions.slow.dmn': readFileSync(FIXTURE('slow.dmn'), 'utf8'),
      });
      expect(status).toBe(200);
    });
    afterAll(() => slowServer?.close());

    const crunch = (size: number) =>
      slowServer.api.post('/decision-definitions/evaluation', {
        decisionDefinitionId: 'crunch',
        variables: { size },
      });

    it('cuts a pathological expression into a failed evaluation while the server keeps answering', async () => {
      // given the evaluation thread warmed up, so its start-up is not what is measured
      expect((await crunch(3)).body.output).toBe('3');
      // when an evaluation would run for seconds, with the topology asked meanwhile
      const started = performance.now();
      const slow = crunch(PATHOLOGICAL_SIZE);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const probeStarted = performance.now();
      const topology = await slowServer.api.get('/topology');
      const probeMs = performance.now() - probeStarted;
      const { status, body } = await slow;
      const slowMs = performance.now() - started;
      // then it answers as a failed evaluation once the budget is spent
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({
        output: 'null',
        failedDecisionDefinitionId: 'crunch',
        failureMessage: `Expected to evaluate decision 'crunch', but its evaluation exceeded the time budget of ${TIME_BUDGET_MS} ms`,
      });
      expect(slowMs).toBeLessThan(TIME_BUDGET_MS + 3_000);
      // and the server answered meanwhile, promptly
      expect(topology.status).toBe(200);
      expect(probeMs).toBeLessThan(1_000);
      // and the next evaluation runs on a fresh thread
      expect((await crunch(4)).body).toMatchObject({ output: '4', failureMessage: null });
    });
  });
});
