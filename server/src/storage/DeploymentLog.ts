/**
 * Deployments: one insert each into a sequential log (`_id` = zero-padded sequence
 * number). Versions are derived from the log, so two processes deploying the same
 * model at once produce one version: the loser of the insert reloads, finds the
 * winner's identical bytes and reuses that version (D3). A log entry holds every
 * resource of its deployment (processes, forms and decisions — see `decisionLogEntry.ts`),
 * so a deployment is all or nothing.
 * A deleted version still counts for numbering (Camunda never gives a version twice), but
 * not for reuse: the same bytes deployed again after their version was deleted get the
 * next number. A deletion is not an entry of this log: a deployment that reuses a version
 * while it is being deleted answers with that version's key, deleted a moment later.
 */
import { createHash } from 'node:crypto';
import type { CompiledDefinition } from '../../../runtime/src';
import { isDuplicateKey, pad, type EngineCollections } from '../db/collections';
import type { DefinitionRepository, StoredDefinition } from './DefinitionRepository';
import { FormRepository } from './FormRepository';
import { DecisionRepository } from './DecisionRepository';
import {
  decisionLogEntry,
  deployedDecisions,
  projectDecisions,
  type DecisionRequirementsLogEntry,
  type DeployableDecisionRequirements,
  type DeployedDecisions,
} from './decisionLogEntry';
import type { KeyAllocator } from './KeyAllocator';
import { TENANT } from './rowDocuments';

export interface DeployableProcess {
  resourceName: string;
  xml: string;
  definition: CompiledDefinition;
}

/** A form-js schema checked by the deployment route: its id, tag and exact text. */
export interface DeployableForm {
  resourceName: string;
  formId: string;
  versionTag: string | null;
  /** the JSON text as deployed */
  schema: string;
}

/** Camunda's `DeploymentFormResult`. */
export interface DeployedForm {
  formId: string;
  version: number;
  resourceName: string;
  tenantId: string;
  formKey: string;
}

type FormLogEntry = DeployedForm & {
  hash: string;
  versionTag: string | null;
  schema: string;
  isNew: boolean;
};

export interface DeployedProcess {
  processDefinitionId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  resourceName: string;
  tenantId: string;
}

interface LogEntry {
  _id: string;
  deploymentKey: string;
  createdAt: string;
  processes: (DeployedProcess & {
    hash: string;
    name: string | null;
    versionTag: string | null;
    xml: string;
    compiled: string;
    isNew: boolean;
  })[];
  /** absent in entries written before forms could be deployed */
  forms?: FormLogEntry[];
  /** DMN resources; absent in entries written before decisions could be deployed */
  decisions?: DecisionRequirementsLogEntry[];
}

const PROJECTED = 'deployments.projected';

export class DeploymentLog {
  constructor(
    private readonly c: EngineCollections,
    private readonly definitions: DefinitionRepository,
    private readonly keys: KeyAllocator,
    private readonly forms: FormRepository = new FormRepository(c),
    private readonly decisions: DecisionRepository = new DecisionRepository(c),
  ) {}

  /** Called when a process gets a new latest version (its start events are armed then). */
  onLatestVersion: ((processDefinitionKey: string) => Promise<void>) | null = null;

  private get log() {
    return this.c.deployments as unknown as import('mongodb').Collection<LogEntry>;
  }

  async deploy(
    processes: DeployableProcess[],
    now: string,
    forms: DeployableForm[] = [],
    drgs: DeployableDecisionRequirements[] = [],
  ): Promise<
    {
      deploymentKey: string;
      processes: DeployedProcess[];
      forms: DeployedForm[];
    } & DeployedDecisions
  > {
    for (;;) {
      const lastSeq = await this.catchUp();
      const deploymentKey = String(await this.keys.one());
      const entries: LogEntry['processes'] = [];
      for (const process of processes) {
        const hash = createHash('sha256').update(process.xml).digest('hex');
        const id = process.definition.processId;
        const earlier = entries.filter((e) => e.processDefinitionId === id).at(-1);
        const latest = earlier ?? (await this.definitions.latest(id));
        const highest = Math.max(
          earlier?.processDefinitionVersion ?? 0,
          await this.definitions.highestVersion(id),
        );
        const reused = latest && latest.hash === hash ? latest : null;
        entries.push({
          processDefinitionId: id,
          processDefinitionVersion: reused
            ? 'processDefinitionVersion' in reused
              ? reused.processDefinitionVersion
              : reused.version
            : highest + 1,
          processDefinitionKey: reused
            ? reused.processDefinitionKey
            : String(await this.keys.one()),
          resourceName: process.resourceName,
          tenantId: TENANT,
          hash,
          name: process.definition.name,
          versionTag: process.definition.versionTag,
          xml: process.xml,
          compiled: JSON.stringify(process.definition),
          isNew: !reused,
        });
      }
      const formEntries: FormLogEntry[] = [];
      for (const form of forms) formEntries.push(await this.formEntry(form, formEntries));
      const decisionEntries: DecisionRequirementsLogEntry[] = [];
      for (const drg of drgs)
        decisionEntries.push(await decisionLogEntry(drg, this.decisions, this.keys));
      const entry: LogEntry = {
        _id: pad(lastSeq + 1, 12),
        deploymentKey,
        createdAt: now,
        processes: entries,
        forms: formEntries,
        decisions: decisionEntries,
      };
      try {
        await this.log.insertOne(entry);
      } catch (error) {
        if (isDuplicateKey(error)) continue;
        throw error;
      }
      await this.project(entry);
      return {
        deploymentKey,
        processes: entries.map(
          ({
            processDefinitionId,
            processDefinitionVersion,
            processDefinitionKey,
            resourceName,
            tenantId,
          }) => ({
            processDefinitionId,
            processDefinitionVersion,
            processDefinitionKey,
            resourceName,
            tenantId,
          }),
        ),
        forms: formEntries.map(({ formId, version, resourceName, tenantId, formKey }) => ({
          formId,
          version,
          resourceName,
          tenantId,
          formKey,
        })),
        ...deployedDecisions(decisionEntries),
      };
    }
  }

  /**
   * A form's version: that of the latest one when the bytes are the same, else one more
   * than the highest ever deployed.
   */
  private async formEntry(form: DeployableForm, earlier: FormLogEntry[]): Promise<FormLogEntry> {
    const hash = createHash('sha256').update(form.schema).digest('hex');
    const before = earlier.filter((e) => e.formId === form.formId).at(-1);
    const latest = before ?? (await this.forms.latest(form.formId));
    const highest = Math.max(before?.version ?? 0, await this.forms.highestVersion(form.formId));
    const reused = latest !== null && latest.hash === hash;
    return {
      formId: form.formId,
      version: reused ? latest.version : highest + 1,
      resourceName: form.resourceName,
      tenantId: TENANT,
      formKey: reused ? latest.formKey : String(await this.keys.one()),
      hash,
      versionTag: form.versionTag,
      schema: form.schema,
      isNew: !reused,
    };
  }

  /** Projects every log entry not yet projected; returns the last sequence number. */
  async catchUp(): Promise<number> {
    const marker = await this.c.meta.findOne({ _id: PROJECTED });
    let seq = typeof marker?.seq === 'number' ? marker.seq : 0;
    for (;;) {
      const entry = await this.log.findOne({ _id: pad(seq + 1, 12) });
      if (!entry) break;
      await this.project(entry);
      seq++;
    }
    return seq;
  }

  private async project(entry: LogEntry): Promise<void> {
    // Forms first: a process whose start events are armed below may open a task at once.
    for (const form of entry.forms ?? []) {
      if (!form.isNew) continue;
      await this.forms.insert({
        _id: form.formKey,
        formKey: form.formKey,
        formId: form.formId,
        version: form.version,
        versionTag: form.versionTag,
        resourceName: form.resourceName,
        tenantId: TENANT,
        deploymentKey: entry.deploymentKey,
        hash: form.hash,
        schema: form.schema,
      });
    }
    // Decisions too: such a process may reach a business rule task at once.
    await projectDecisions(entry.decisions ?? [], entry.deploymentKey, this.decisions);
    const ids = new Set<string>();
    for (const process of entry.processes) {
      if (!process.isNew) continue;
      // A new version may be started by the groups that could start the one before it.
      const previous = await this.definitions.latest(process.processDefinitionId);
      const startableByGroups =
        previous && previous.version < process.processDefinitionVersion
          ? previous.startableByGroups
          : [];
      const doc: StoredDefinition = {
        _id: process.processDefinitionKey,
        processDefinitionKey: process.processDefinitionKey,
        processDefinitionId: process.processDefinitionId,
        name: process.name,
        version: process.processDefinitionVersion,
        versionTag: process.versionTag,
        resourceName: process.resourceName,
        tenantId: TENANT,
        hash: process.hash,
        deploymentKey: entry.deploymentKey,
        startableByGroups,
        isLatestVersion: true,
        hasStartForm: false,
        state: 'ACTIVE',
        xml: process.xml,
        compiled: process.compiled,
      };
      await this.definitions.insert(doc);
      ids.add(process.processDefinitionId);
    }
    for (const id of ids) {
      await this.definitions.refreshLatest(id);
      const latest = await this.definitions.latest(id);
      if (latest && this.onLatestVersion) await this.onLatestVersion(latest.processDefinitionKey);
    }
    await this.advanceMarker(Number(entry._id));
  }

  /**
   * Raises the projection marker to `seq`. On FerretDB an upsert reads, then inserts, so
   * two processes creating the marker at once (both deploying the examples at their first
   * start) race: the loser gets E11000, finds the marker there and updates it instead.
   */
  private async advanceMarker(seq: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const marker = await this.c.meta.findOne({ _id: PROJECTED });
      if (marker && (marker.seq as number) >= seq) return;
      try {
        await this.c.meta.updateOne({ _id: PROJECTED }, { $set: { seq } }, { upsert: true });
        return;
      } catch (error) {
        if (!isDuplicateKey(error) || attempt >= 5) throw error;
      }
    }
  }
}
