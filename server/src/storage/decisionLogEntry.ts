/**
 * The decisions part of a deployment log entry: how each DMN resource of a deployment is
 * versioned when the entry is written, and how the entry is projected into
 * `decisionRequirements`, `decisionDefinitions` and `decisionsByDeployment`.
 *
 * Versions follow Zeebe's `DmnResourceTransformer`: a graph keeps its version and key when its
 * bytes equal those of its latest version and each of its decisions' latest version belongs to
 * that graph; otherwise the graph and every decision in it get the next version (numbering goes
 * on past deleted versions) and new keys. A decision may move from one graph to another.
 */
import { createHash } from 'node:crypto';
import type { CompiledDrg } from '../../../runtime/src';
import type { KeyAllocator } from './KeyAllocator';
import type { DecisionRepository } from './DecisionRepository';
import { TENANT } from './rowDocuments';

/** A compiled `.dmn` resource, ready to deploy. */
export interface DeployableDecisionRequirements {
  resourceName: string;
  xml: string;
  drg: CompiledDrg;
}

/** Camunda's `DeploymentDecisionRequirementsResult`. */
export interface DeployedDecisionRequirements {
  decisionRequirementsId: string;
  version: number;
  decisionRequirementsName: string;
  tenantId: string;
  resourceName: string;
  decisionRequirementsKey: string;
}

/** Camunda's `DeploymentDecisionResult`. */
export interface DeployedDecisionDefinition {
  decisionDefinitionId: string;
  version: number;
  name: string;
  tenantId: string;
  decisionRequirementsId: string;
  decisionDefinitionKey: string;
  decisionRequirementsKey: string;
}

/** One DMN resource in a deployment log entry. */
export interface DecisionRequirementsLogEntry extends DeployedDecisionRequirements {
  hash: string;
  xml: string;
  /** the {@link CompiledDrg} as JSON text */
  compiled: string;
  isNew: boolean;
  decisions: (DeployedDecisionDefinition & { versionTag: string | null; isNew: boolean })[];
}

/** Versions one DMN resource against what is deployed (the caller has caught up the log). */
export async function decisionLogEntry(
  deployable: DeployableDecisionRequirements,
  repository: DecisionRepository,
  keys: KeyAllocator,
): Promise<DecisionRequirementsLogEntry> {
  const { drg } = deployable;
  const hash = createHash('sha256').update(deployable.xml).digest('hex');
  const latest = await repository.latestRequirements(drg.decisionRequirementsId);
  const latestDecisions = await Promise.all(drg.decisions.map((d) => repository.latest(d.id)));
  const reused =
    latest !== null &&
    latest.hash === hash &&
    latestDecisions.every((d) => d?.decisionRequirementsKey === latest.decisionRequirementsKey);
  const decisionRequirementsKey = reused
    ? latest.decisionRequirementsKey
    : String(await keys.one());
  const version = reused
    ? latest.version
    : (await repository.highestRequirementsVersion(drg.decisionRequirementsId)) + 1;

  const decisions: DecisionRequirementsLogEntry['decisions'] = [];
  for (const [index, decision] of drg.decisions.entries()) {
    const previous = latestDecisions[index];
    decisions.push({
      decisionDefinitionId: decision.id,
      version:
        reused && previous ? previous.version : (await repository.highestVersion(decision.id)) + 1,
      name: decision.name,
      tenantId: TENANT,
      decisionRequirementsId: drg.decisionRequirementsId,
      decisionDefinitionKey:
        reused && previous ? previous.decisionDefinitionKey : String(await keys.one()),
      decisionRequirementsKey,
      versionTag: decision.versionTag ?? null,
      isNew: !reused,
    });
  }
  return {
    decisionRequirementsId: drg.decisionRequirementsId,
    version,
    decisionRequirementsName: drg.decisionRequirementsName,
    tenantId: TENANT,
    resourceName: deployable.resourceName,
    decisionRequirementsKey,
    hash,
    xml: deployable.xml,
    compiled: JSON.stringify(drg),
    isNew: !reused,
    decisions,
  };
}

/**
 * Writes the rows of one entry's DMN resources, idempotently (a row already there is kept):
 * the graph before its decisions, so a decision found is always evaluable.
 */
export async function projectDecisions(
  entries: readonly DecisionRequirementsLogEntry[],
  deploymentKey: string,
  repository: DecisionRepository,
): Promise<void> {
  for (const entry of entries) {
    if (entry.isNew) {
      await repository.insertRequirements({
        _id: entry.decisionRequirementsKey,
        decisionRequirementsKey: entry.decisionRequirementsKey,
        decisionRequirementsId: entry.decisionRequirementsId,
        decisionRequirementsName: entry.decisionRequirementsName,
        version: entry.version,
        resourceName: entry.resourceName,
        tenantId: TENANT,
        deploymentKey,
        hash: entry.hash,
        xml: entry.xml,
        compiled: entry.compiled,
      });
    }
    for (const decision of entry.decisions) {
      if (decision.isNew) {
        await repository.insertDecision({
          _id: decision.decisionDefinitionKey,
          decisionDefinitionKey: decision.decisionDefinitionKey,
          decisionDefinitionId: decision.decisionDefinitionId,
          name: decision.name,
          version: decision.version,
          versionTag: decision.versionTag,
          decisionRequirementsKey: decision.decisionRequirementsKey,
          decisionRequirementsId: decision.decisionRequirementsId,
          tenantId: TENANT,
          deploymentKey,
        });
      }
      await repository.linkDeployment(
        deploymentKey,
        decision.decisionDefinitionId,
        decision.decisionDefinitionKey,
      );
    }
  }
}

/** What a deployment answers about its DMN resources. */
export interface DeployedDecisions {
  decisions: DeployedDecisionDefinition[];
  decisionRequirements: DeployedDecisionRequirements[];
}

/** The deployment answer's items for one entry's DMN resources. */
export function deployedDecisions(
  entries: readonly DecisionRequirementsLogEntry[],
): DeployedDecisions {
  return {
    decisions: entries.flatMap((entry) =>
      entry.decisions.map((d) => ({
        decisionDefinitionId: d.decisionDefinitionId,
        version: d.version,
        name: d.name,
        tenantId: d.tenantId,
        decisionRequirementsId: d.decisionRequirementsId,
        decisionDefinitionKey: d.decisionDefinitionKey,
        decisionRequirementsKey: d.decisionRequirementsKey,
      })),
    ),
    decisionRequirements: entries.map((entry) => ({
      decisionRequirementsId: entry.decisionRequirementsId,
      version: entry.version,
      decisionRequirementsName: entry.decisionRequirementsName,
      tenantId: entry.tenantId,
      resourceName: entry.resourceName,
      decisionRequirementsKey: entry.decisionRequirementsKey,
    })),
  };
}
