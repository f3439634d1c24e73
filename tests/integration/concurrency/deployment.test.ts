/**
 * The same model deployed through two server processes at the same moment: versions
 * come from the deployment log, claimed by insert (D3), so identical bytes give one
 * version — and changed bytes one new version — never two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import { databaseUri, spawnServer, type SpawnedServer } from '../../support/testServer';
import { expectStatus, fixture, searchAll } from './helpers';

const ROUNDS = 5;

describe.each(backends())('concurrent deployment through two processes on $name', ({ uri }) => {
  let servers: SpawnedServer[] = [];
  beforeAll(async () => {
    const db = databaseUri(uri, freshDbName('deployment'));
    servers = await Promise.all([spawnServer(db), spawnServer(db)]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill()));
  });

  /** Deploys `xml` through both processes at once; returns both answers' definitions. */
  const deployTwice = async (xml: string) => {
    const answers = await Promise.all(
      servers.map((server) => server.api.deploy({ 'deployment.minimal.bpmn': xml })),
    );
    return answers.map((answer) => {
      expectStatus(answer, 200, 'deployment');
      return answer.body.deployments[0].processDefinition;
    });
  };

  const versionsOf = (processDefinitionId: string) =>
    searchAll(servers[0]!.api, '/process-definitions/search', { processDefinitionId });

  it(`makes one version of identical bytes, ${ROUNDS} times over`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = `deployed-twice-${round}`;
      const xml = fixture('deployment.minimal.bpmn', { from: 'deployed-twice', to: id });

      // when identical bytes are deployed through both processes at once
      const [first, second] = await deployTwice(xml);

      // then both answers name the same definition, version 1
      expect(first.processDefinitionId).toBe(id);
      expect(second.processDefinitionKey, `round ${round}`).toBe(first.processDefinitionKey);
      expect([first.processDefinitionVersion, second.processDefinitionVersion]).toEqual([1, 1]);
      // and there is one version in the search, through either process
      for (const server of servers) {
        const items = await searchAll(server.api, '/process-definitions/search', {
          processDefinitionId: id,
        });
        expect(items.map((item) => [item.version, item.processDefinitionKey])).toEqual([
          [1, first.processDefinitionKey],
        ]);
      }

      // when changed bytes of the same process are deployed through both at once
      const changed = xml.replace('name="End"', `name="End ${round}"`);
      const [third, fourth] = await deployTwice(changed);

      // then that is one new version, version 2, named by both answers
      expect(fourth.processDefinitionKey, `round ${round}, v2`).toBe(third.processDefinitionKey);
      expect([third.processDefinitionVersion, fourth.processDefinitionVersion]).toEqual([2, 2]);
      expect(third.processDefinitionKey).not.toBe(first.processDefinitionKey);
      const versions = await versionsOf(id);
      expect(
        versions
          .map((item) => [item.version, item.processDefinitionKey])
          .sort((x, y) => x[0] - y[0]),
      ).toEqual([
        [1, first.processDefinitionKey],
        [2, third.processDefinitionKey],
      ]);
      const latest = await searchAll(servers[1]!.api, '/process-definitions/search', {
        processDefinitionId: id,
        isLatestVersion: true,
      });
      expect(latest.map((item) => item.processDefinitionKey)).toEqual([third.processDefinitionKey]);
    }
  });
});
