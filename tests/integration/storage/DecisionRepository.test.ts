/**
 * The decision lookups business rule tasks bind with (`latest`, a version, `deployment`,
 * `versionTag`), on decisions deployed through the deployment log, on every backend.
 */
import { readFileSync } from 'node:fs';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBpmn } from '../../../runtime/src/compile/compileBpmn';
import { compileDmn, evaluateDecision } from '../../../runtime/src/dmn';
import {
  engineCollections,
  ensureIndexes,
  type EngineCollections,
} from '../../../server/src/db/collections';
import { DecisionRepository } from '../../../server/src/storage/DecisionRepository';
import { DefinitionRepository } from '../../../server/src/storage/DefinitionRepository';
import { DeploymentLog } from '../../../server/src/storage/DeploymentLog';
import { FormRepository } from '../../../server/src/storage/FormRepository';
import { KeyAllocator } from '../../../server/src/storage/KeyAllocator';
import { backends, freshDbName } from '../../support/backends';
import { sequenceProcess } from '../api/apiTestKit';

const PRICING = readFileSync(new URL('./DecisionRepository.discount.dmn', import.meta.url), 'utf8');
const NOW = '2025-01-01T00:00:00.000Z';

/** The pricing graph with another tag on the discount, or another gold discount. */
const pricing = (change: { tag?: string; goldDiscount?: string } = {}) =>
  PRICING.replace('value="v1"', `value="${change.tag ?? 'v1'}"`).replace(
    '<text>0.1</text>',
    `<text>${change.goldDiscount ?? '0.1'}</text>`,
  );

describe.each(backends())('DecisionRepository on $name', ({ uri }) => {
  let client: MongoClient;
  let db: Db;
  let c: EngineCollections;
  let decisions: DecisionRepository;
  let log: DeploymentLog;

  beforeAll(async () => {
    client = await MongoClient.connect(uri);
    db = client.db(freshDbName('decision_repository'));
    c = engineCollections(db);
    await ensureIndexes(c);
    decisions = new DecisionRepository(c);
    log = logOn(c, decisions);
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const logOn = (collections: EngineCollections, repository: DecisionRepository) =>
    new DeploymentLog(
      collections,
      new DefinitionRepository(collections),
      new KeyAllocator(collections),
      new FormRepository(collections),
      repository,
    );

  /** Deploys DMN texts (and BPMN texts) in one deployment. */
  const deploy = async (dmn: string[], bpmn: string[] = [], on = log) => {
    const drgs = [];
    for (const xml of dmn) {
      const compiled = await compileDmn(xml);
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
      drgs.push({ resourceName: 'pricing.dmn', xml, drg: compiled.decisionRequirements });
    }
    const processes = [];
    for (const xml of bpmn) {
      const compiled = await compileBpmn(xml);
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
      processes.push(
        ...compiled.definitions.map((definition) => ({
          resourceName: 'order.bpmn',
          xml,
          definition,
        })),
      );
    }
    return on.deploy(processes, NOW, [], drgs);
  };

  const keyOf = (deployment: Awaited<ReturnType<typeof deploy>>, id: string) =>
    deployment.decisions.find((d) => d.decisionDefinitionId === id)!.decisionDefinitionKey;

  // One history for the whole file: v1 (tag v1), the same again beside a process, v2 (tag
  // v2), v3 (tag v1 again).
  let first: Awaited<ReturnType<typeof deploy>>;
  let again: Awaited<ReturnType<typeof deploy>>;
  let second: Awaited<ReturnType<typeof deploy>>;
  let third: Awaited<ReturnType<typeof deploy>>;
  beforeAll(async () => {
    first = await deploy([pricing()]);
    again = await deploy([pricing()], [sequenceProcess('order', [])]);
    second = await deploy([pricing({ tag: 'v2', goldDiscount: '0.15' })]);
    third = await deploy([pricing({ goldDiscount: '0.2' })]);
  });

  it('answers the highest version for binding latest, and each version by number', async () => {
    // when
    const latest = await decisions.latest('discount');
    const v1 = await decisions.byVersion('discount', 1);
    // then
    expect(latest).toMatchObject({ version: 3, decisionDefinitionKey: keyOf(third, 'discount') });
    expect(v1).toMatchObject({
      version: 1,
      versionTag: 'v1',
      decisionDefinitionKey: keyOf(first, 'discount'),
      decisionRequirementsId: 'pricing',
      deploymentKey: first.deploymentKey,
    });
    expect(await decisions.byVersion('discount', 4)).toBeNull();
    expect(await decisions.latest('nowhere')).toBeNull();
  });

  it('answers the version a deployment held for binding deployment, reused bytes included', async () => {
    // when the process deployed beside unchanged decisions binds by deployment
    const held = await decisions.inDeployment('discount', again.deploymentKey);
    // then it finds the version it was deployed with, though that deployment created none
    expect(again.decisions.map((d) => d.version)).toEqual([1, 1]);
    expect(held).toMatchObject({ version: 1, decisionDefinitionKey: keyOf(first, 'discount') });
    expect(await decisions.inDeployment('discount', second.deploymentKey)).toMatchObject({
      version: 2,
    });
    // and a deployment without that decision holds none
    expect(await decisions.inDeployment('nowhere', again.deploymentKey)).toBeNull();
    expect(await decisions.inDeployment('discount', '1')).toBeNull();
  });

  it('answers the highest version with a tag for binding versionTag', async () => {
    expect(await decisions.byVersionTag('discount', 'v1')).toMatchObject({ version: 3 });
    expect(await decisions.byVersionTag('discount', 'v2')).toMatchObject({ version: 2 });
    expect(await decisions.byVersionTag('discount', 'v9')).toBeNull();
    // a decision without a tag is found by none
    expect(await decisions.byVersionTag('tier', 'v1')).toBeNull();
  });

  it('gets a version by key with the graph it was deployed in, ready to evaluate', async () => {
    // when
    const found = await decisions.get(keyOf(second, 'discount'));
    // then
    expect(found?.decision).toMatchObject({ decisionDefinitionId: 'discount', version: 2 });
    expect(found?.requirements).toMatchObject({ decisionRequirementsId: 'pricing', version: 2 });
    expect(Object.fromEntries(found!.decisionsById)).toEqual({
      tier: { decisionDefinitionKey: keyOf(second, 'tier'), version: 2 },
      discount: { decisionDefinitionKey: keyOf(second, 'discount'), version: 2 },
    });
    const result = evaluateDecision(found!.drg, 'discount', { revenue: 250_000 }, { now: 0 });
    expect(result).toMatchObject({ ok: true, output: 0.15 });
    // and the same object again from the cache
    expect(await decisions.get(keyOf(second, 'discount'))).toStrictEqual(found);
    expect(await decisions.get('1')).toBeNull();
  });

  it('gives one version to the same graph deployed by two servers at once (D3)', async () => {
    // given two server processes on one database
    const otherDecisions = new DecisionRepository(c);
    const other = logOn(c, otherDecisions);
    const changed = pricing({ goldDiscount: '0.25' });
    // when both deploy the same new bytes at the same moment
    const [a, b] = await Promise.all([deploy([changed]), deploy([changed], [], other)]);
    // then both answer version 4 with one key
    expect(a.decisionRequirements[0]).toMatchObject({ version: 4 });
    expect(b.decisionRequirements).toEqual(a.decisionRequirements);
    expect(b.decisions).toEqual(a.decisions);
    expect((await decisions.versions('discount')).map((d) => d.version)).toEqual([1, 2, 3, 4]);
  });
});
