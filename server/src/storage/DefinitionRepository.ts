/**
 * Process definitions, projected from the deployment log. Compiled definitions are
 * immutable once deployed, so they are cached by key for the life of the process.
 * A deleted definition keeps its row, marked `deleted`: the engine still reads it for the
 * history of its ended instances (`get`), and its version number is never given again
 * (`highestVersion`); everything a client asks for (`record`, `xml`, `versions`, `latest`,
 * `byVersion`, search) leaves it out.
 */
import type { CompiledDefinition } from '../../../runtime/src';
import type { EngineCollections } from '../db/collections';

export interface DefinitionRecord {
  processDefinitionKey: string;
  processDefinitionId: string;
  name: string | null;
  version: number;
  versionTag: string | null;
  resourceName: string;
  tenantId: string;
  hash: string;
  deploymentKey: string;
  /** groups whose staff may start it; analysts and admins always may */
  startableByGroups: string[];
  isLatestVersion: boolean;
  hasStartForm: boolean;
  state: 'ACTIVE';
}

export interface StoredDefinition extends DefinitionRecord {
  _id: string;
  xml: string;
  compiled: string;
  /** set when the definition is deleted (its tombstone is in `deletedResources`) */
  deleted?: boolean;
}

/** Leaves deleted definitions out of a filter on `processDefinitions`. */
export const NOT_DELETED = { deleted: { $ne: true } } as const;

export class DefinitionRepository {
  private readonly compiled = new Map<
    string,
    { record: DefinitionRecord; definition: CompiledDefinition }
  >();

  constructor(private readonly c: EngineCollections) {}

  private get collection() {
    return this.c.processDefinitions as unknown as import('mongodb').Collection<StoredDefinition>;
  }

  async get(
    key: string,
  ): Promise<{ record: DefinitionRecord; definition: CompiledDefinition } | null> {
    const cached = this.compiled.get(key);
    if (cached) return cached;
    const doc = await this.collection.findOne({ _id: key });
    if (!doc) return null;
    const entry = {
      record: toRecord(doc),
      definition: JSON.parse(doc.compiled) as CompiledDefinition,
    };
    this.compiled.set(key, entry);
    return entry;
  }

  async xml(key: string): Promise<string | null> {
    const doc = await this.collection.findOne({ _id: key }, { projection: { xml: 1, deleted: 1 } });
    return doc && !doc.deleted ? doc.xml : null;
  }

  /** The record only (fresh from the database: `isLatestVersion` and groups may change). */
  async record(key: string): Promise<DefinitionRecord | null> {
    const doc = await this.collection.findOne(
      { _id: key },
      { projection: { xml: 0, compiled: 0 } },
    );
    return doc && !doc.deleted ? toRecord(doc) : null;
  }

  /** The versions not deleted, oldest first. */
  async versions(processDefinitionId: string): Promise<DefinitionRecord[]> {
    const docs = await this.allVersions(processDefinitionId);
    return docs.filter((doc) => !doc.deleted).map(toRecord);
  }

  /** The highest version ever deployed, deleted or not (0 when none): numbering goes on. */
  async highestVersion(processDefinitionId: string): Promise<number> {
    const docs = await this.allVersions(processDefinitionId);
    return docs.at(-1)?.version ?? 0;
  }

  private async allVersions(processDefinitionId: string) {
    const docs = await this.collection
      .find({ processDefinitionId }, { projection: { xml: 0, compiled: 0 } })
      .toArray();
    return docs.sort((a, b) => a.version - b.version);
  }

  async latest(processDefinitionId: string): Promise<DefinitionRecord | null> {
    const all = await this.versions(processDefinitionId);
    return all[all.length - 1] ?? null;
  }

  async byVersion(processDefinitionId: string, version: number): Promise<DefinitionRecord | null> {
    return (await this.versions(processDefinitionId)).find((d) => d.version === version) ?? null;
  }

  /** Inserts a deployed definition; one already there (projected before) is kept as it is. */
  async insert(doc: StoredDefinition): Promise<void> {
    try {
      await this.collection.insertOne(doc);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }

  /** Hides a deleted definition; its row stays for history and numbering. */
  async markDeleted(key: string): Promise<void> {
    await this.collection.updateOne(
      { _id: key },
      { $set: { deleted: true, isLatestVersion: false } },
    );
  }

  /** Marks the highest version not deleted as the latest one, and only that one. */
  async refreshLatest(processDefinitionId: string): Promise<void> {
    const all = await this.versions(processDefinitionId);
    const top = all[all.length - 1];
    for (const record of all) {
      const isLatest = record === top;
      if (record.isLatestVersion !== isLatest) {
        await this.collection.updateOne(
          { _id: record.processDefinitionKey },
          { $set: { isLatestVersion: isLatest } },
        );
      }
    }
  }

  async setStartableByGroups(key: string, groups: string[]): Promise<void> {
    await this.collection.updateOne({ _id: key }, { $set: { startableByGroups: groups } });
    const cached = this.compiled.get(key);
    if (cached) cached.record = { ...cached.record, startableByGroups: groups };
  }
}

function toRecord(
  doc: Omit<StoredDefinition, 'xml' | 'compiled'> & Partial<StoredDefinition>,
): DefinitionRecord {
  const { _id, xml: _xml, compiled: _compiled, deleted: _deleted, ...record } = doc;
  void _id;
  return record;
}
