/**
 * Deployed decisions, projected from the deployment log as process definitions are: one row
 * per decision requirements graph version (`decisionRequirements`, the DMN document with its
 * XML and its compiled {@link CompiledDrg} as JSON text) and one per decision version
 * (`decisionDefinitions`). Both are immutable once deployed, so what `get` reads is cached by
 * key for the life of the process.
 *
 * How a caller finds the decision to evaluate, by Zeebe's binding types:
 *
 * | binding       | call                                               |
 * |---------------|----------------------------------------------------|
 * | a key         | `get(decisionDefinitionKey)`                       |
 * | `latest`      | `latest(decisionDefinitionId)` then `get(key)`     |
 * | a version     | `byVersion(decisionDefinitionId, version)`         |
 * | `deployment`  | `inDeployment(decisionDefinitionId, deploymentKey)`|
 * | `versionTag`  | `byVersionTag(decisionDefinitionId, versionTag)`   |
 *
 * Every lookup but `get` answers a {@link DecisionDefinitionRecord} (or null); `get` adds the
 * compiled graph and the keys and versions of its other decisions, which is all that
 * `evaluateDecision` and an `EvaluateDecisionResult` need.
 *
 * A row marked `deleted` is left out of every lookup but `get` (which, like
 * `DefinitionRepository.get`, still serves history), and its version number is never given
 * again (`highestVersion`). A resource deletion marks a graph version and all its decisions
 * (`markRequirementsDeleted`, from `deployment/ResourceDeletionService.ts`).
 *
 * @example
 * const record = await decisions.latest('dish');
 * const found = record && (await decisions.get(record.decisionDefinitionKey));
 * if (found) evaluateDecision(found.drg, found.decision.decisionDefinitionId, variables, { now });
 */
import type { Collection } from 'mongodb';
import type { CompiledDrg } from '../../../runtime/src';
import type { EngineCollections } from '../db/collections';

/** One decision requirements graph version (Camunda's `DecisionRequirementsResult`, plus ours). */
export interface DecisionRequirementsRecord {
  decisionRequirementsKey: string;
  /** the `definitions` id */
  decisionRequirementsId: string;
  decisionRequirementsName: string;
  version: number;
  resourceName: string;
  tenantId: string;
  deploymentKey: string;
  /** sha-256 of the deployed XML: the same bytes deployed again keep their version */
  hash: string;
}

export interface StoredDecisionRequirements extends DecisionRequirementsRecord {
  _id: string;
  xml: string;
  /** the {@link CompiledDrg} as JSON text */
  compiled: string;
  deleted?: boolean;
}

/** One decision version (Camunda's `DecisionDefinitionResult`, plus ours). */
export interface DecisionDefinitionRecord {
  decisionDefinitionKey: string;
  decisionDefinitionId: string;
  name: string;
  version: number;
  versionTag: string | null;
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  tenantId: string;
  /** the deployment that created this version */
  deploymentKey: string;
}

export interface StoredDecisionDefinition extends DecisionDefinitionRecord {
  _id: string;
  deleted?: boolean;
}

/** What evaluating one decision needs: it, its graph, and its graph's other decisions. */
export interface DeployedDecision {
  decision: DecisionDefinitionRecord;
  requirements: DecisionRequirementsRecord;
  drg: CompiledDrg;
  /** key and version of every decision of the graph, by decision id */
  decisionsById: ReadonlyMap<string, { decisionDefinitionKey: string; version: number }>;
}

interface CachedGraph {
  requirements: DecisionRequirementsRecord;
  drg: CompiledDrg;
  decisionsById: Map<string, { decisionDefinitionKey: string; version: number }>;
}

export class DecisionRepository {
  private readonly decisionCache = new Map<string, DecisionDefinitionRecord>();
  private readonly graphCache = new Map<string, CachedGraph>();

  constructor(private readonly c: EngineCollections) {}

  private get definitions() {
    return this.c.decisionDefinitions as unknown as Collection<StoredDecisionDefinition>;
  }

  private get graphs() {
    return this.c.decisionRequirements as unknown as Collection<StoredDecisionRequirements>;
  }

  /**
   * A decision version by key with its compiled graph (cached: both are immutable), or null
   * when no such decision is deployed.
   */
  async get(decisionDefinitionKey: string): Promise<DeployedDecision | null> {
    let decision = this.decisionCache.get(decisionDefinitionKey);
    if (!decision) {
      const doc = await this.definitions.findOne({ _id: decisionDefinitionKey });
      if (!doc) return null;
      decision = toDecisionRecord(doc);
      this.decisionCache.set(decisionDefinitionKey, decision);
    }
    const graph = await this.graph(decision.decisionRequirementsKey);
    return graph && { decision, ...graph };
  }

  private async graph(decisionRequirementsKey: string): Promise<CachedGraph | null> {
    const cached = this.graphCache.get(decisionRequirementsKey);
    if (cached) return cached;
    const doc = await this.graphs.findOne({ _id: decisionRequirementsKey });
    if (!doc) return null;
    const drg = JSON.parse(doc.compiled) as CompiledDrg;
    const decisions = await this.definitions
      .find({ decisionRequirementsKey }, { projection: { decisionDefinitionId: 1, version: 1 } })
      .toArray();
    const decisionsById = new Map(
      decisions.map((d) => [
        d.decisionDefinitionId,
        { decisionDefinitionKey: d._id, version: d.version },
      ]),
    );
    const graph = { requirements: toRequirementsRecord(doc), drg, decisionsById };
    // A projection in flight may have written only some decisions yet: cache complete graphs.
    if (decisionsById.size === drg.decisions.length)
      this.graphCache.set(decisionRequirementsKey, graph);
    return graph;
  }

  /** One decision version (fresh, without its graph); null when not deployed or deleted. */
  async record(decisionDefinitionKey: string): Promise<DecisionDefinitionRecord | null> {
    const doc = await this.definitions.findOne({ _id: decisionDefinitionKey });
    return doc && !doc.deleted ? toDecisionRecord(doc) : null;
  }

  /** The highest version of a decision id that is not deleted: binding `latest`. */
  async latest(decisionDefinitionId: string): Promise<DecisionDefinitionRecord | null> {
    return (await this.versions(decisionDefinitionId)).at(-1) ?? null;
  }

  async byVersion(
    decisionDefinitionId: string,
    version: number,
  ): Promise<DecisionDefinitionRecord | null> {
    const versions = await this.versions(decisionDefinitionId);
    return versions.find((d) => d.version === version) ?? null;
  }

  /**
   * The version of a decision id that a deployment held (binding `deployment`): the one it
   * created, or the one it deployed again unchanged. Null when that deployment had none.
   */
  async inDeployment(
    decisionDefinitionId: string,
    deploymentKey: string,
  ): Promise<DecisionDefinitionRecord | null> {
    const link = await this.c.decisionsByDeployment.findOne({
      _id: deploymentLink(deploymentKey, decisionDefinitionId),
    });
    return link ? this.record(link.decisionDefinitionKey) : null;
  }

  /** The highest version of a decision id with that `zeebe:versionTag` (binding `versionTag`). */
  async byVersionTag(
    decisionDefinitionId: string,
    versionTag: string,
  ): Promise<DecisionDefinitionRecord | null> {
    const versions = await this.versions(decisionDefinitionId);
    return versions.findLast((d) => d.versionTag === versionTag) ?? null;
  }

  /** The versions of a decision id that are not deleted, oldest first. */
  async versions(decisionDefinitionId: string): Promise<DecisionDefinitionRecord[]> {
    const docs = await this.definitions.find({ decisionDefinitionId }).toArray();
    return docs
      .filter((doc) => !doc.deleted)
      .sort((a, b) => a.version - b.version)
      .map(toDecisionRecord);
  }

  /** The highest version of a decision id ever deployed, deleted or not (0 when none). */
  async highestVersion(decisionDefinitionId: string): Promise<number> {
    const docs = await this.definitions
      .find({ decisionDefinitionId }, { projection: { version: 1 } })
      .toArray();
    return Math.max(0, ...docs.map((doc) => doc.version));
  }

  /** A graph version (fresh, without XML and compiled graph); null when not deployed or deleted. */
  async requirements(decisionRequirementsKey: string): Promise<DecisionRequirementsRecord | null> {
    const doc = await this.graphs.findOne(
      { _id: decisionRequirementsKey },
      { projection: { xml: 0, compiled: 0 } },
    );
    return doc && !doc.deleted ? toRequirementsRecord(doc) : null;
  }

  /** A graph version's DMN XML as deployed; null when not deployed or deleted. */
  async requirementsXml(decisionRequirementsKey: string): Promise<string | null> {
    const doc = await this.graphs.findOne(
      { _id: decisionRequirementsKey },
      { projection: { xml: 1, deleted: 1 } },
    );
    return doc && !doc.deleted ? doc.xml : null;
  }

  /** The highest graph version of a `definitions` id that is not deleted. */
  async latestRequirements(
    decisionRequirementsId: string,
  ): Promise<DecisionRequirementsRecord | null> {
    const docs = await this.allRequirements(decisionRequirementsId);
    const top = docs.findLast((doc) => !doc.deleted);
    return top ? toRequirementsRecord(top) : null;
  }

  /** The highest graph version of a `definitions` id ever deployed, deleted or not (0 when none). */
  async highestRequirementsVersion(decisionRequirementsId: string): Promise<number> {
    return (await this.allRequirements(decisionRequirementsId)).at(-1)?.version ?? 0;
  }

  private async allRequirements(decisionRequirementsId: string) {
    const docs = await this.graphs
      .find({ decisionRequirementsId }, { projection: { xml: 0, compiled: 0 } })
      .toArray();
    return docs.sort((a, b) => a.version - b.version);
  }

  /** Inserts a deployed graph version; one already there (projected before) is kept. */
  async insertRequirements(doc: StoredDecisionRequirements): Promise<void> {
    await insertOnce(this.graphs, doc);
  }

  /** Inserts a deployed decision version; one already there (projected before) is kept. */
  async insertDecision(doc: StoredDecisionDefinition): Promise<void> {
    await insertOnce(this.definitions, doc);
  }

  /**
   * Hides a deleted graph version and every decision version in it; the rows stay for `get`
   * and numbering. The decisions go first, so no lookup finds a decision of a graph already
   * hidden. Idempotent: a sweep finishing a deletion a crash left runs it again.
   */
  async markRequirementsDeleted(decisionRequirementsKey: string): Promise<void> {
    const decisions = await this.definitions
      .find({ decisionRequirementsKey }, { projection: { _id: 1 } })
      .toArray();
    for (const { _id } of decisions)
      await this.definitions.updateOne({ _id }, { $set: { deleted: true } });
    await this.graphs.updateOne({ _id: decisionRequirementsKey }, { $set: { deleted: true } });
  }

  /** Records that a deployment held this decision version (binding `deployment`). */
  async linkDeployment(
    deploymentKey: string,
    decisionDefinitionId: string,
    decisionDefinitionKey: string,
  ): Promise<void> {
    await insertOnce(this.c.decisionsByDeployment, {
      _id: deploymentLink(deploymentKey, decisionDefinitionId),
      decisionDefinitionKey,
    });
  }
}

const deploymentLink = (deploymentKey: string, decisionDefinitionId: string) =>
  `${deploymentKey}|${decisionDefinitionId}`;

async function insertOnce<T extends { _id: string }>(collection: Collection<T>, doc: T) {
  try {
    await collection.insertOne(doc as Parameters<Collection<T>['insertOne']>[0]);
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

function toDecisionRecord(doc: StoredDecisionDefinition): DecisionDefinitionRecord {
  const { _id, deleted: _deleted, ...record } = doc;
  void _id;
  return record;
}

function toRequirementsRecord(
  doc: Omit<StoredDecisionRequirements, 'xml' | 'compiled'> & Partial<StoredDecisionRequirements>,
): DecisionRequirementsRecord {
  const { _id, xml: _xml, compiled: _compiled, deleted: _deleted, ...record } = doc;
  void _id;
  return record;
}
