/**
 * Deployed forms (form-js schemas), projected from the deployment log as process
 * definitions are. A form version is immutable once deployed; its schema is kept as the
 * JSON text that was deployed. A deleted version keeps its row, marked `deleted`, so its
 * version number is never given again; `get` and `latest` leave it out.
 */
import type { Collection } from 'mongodb';
import type { EngineCollections } from '../db/collections';

export interface FormRecord {
  formKey: string;
  formId: string;
  version: number;
  versionTag: string | null;
  resourceName: string;
  tenantId: string;
  deploymentKey: string;
  /** sha-256 of the deployed text: the same bytes deployed again keep their version */
  hash: string;
}

export interface StoredForm extends FormRecord {
  _id: string;
  /** the form-js schema as deployed (JSON text) */
  schema: string;
  /** set when the form is deleted (its tombstone is in `deletedResources`) */
  deleted?: boolean;
}

export class FormRepository {
  constructor(private readonly c: EngineCollections) {}

  private get collection() {
    return this.c.forms as unknown as Collection<StoredForm>;
  }

  /** One version by its key, schema included; null when it is not deployed or deleted. */
  async get(formKey: string): Promise<StoredForm | null> {
    const doc = await this.collection.findOne({ _id: formKey });
    return doc && !doc.deleted ? doc : null;
  }

  /**
   * The highest version of a form id (without its schema) that is not deleted, nor one of
   * `excluded`, or null when there is none.
   */
  async latest(formId: string, excluded?: ReadonlySet<string>): Promise<FormRecord | null> {
    const docs = await this.allVersions(formId);
    const top = docs.findLast((doc) => !doc.deleted && !excluded?.has(doc.formKey));
    if (!top) return null;
    const { _id, deleted: _deleted, ...record } = top;
    void _id;
    return record;
  }

  /** The highest version of a form id with that `versionTag` (binding `versionTag`). */
  async byVersionTag(formId: string, versionTag: string): Promise<FormRecord | null> {
    const docs = await this.allVersions(formId);
    const top = docs.findLast((doc) => !doc.deleted && doc.versionTag === versionTag);
    if (!top) return null;
    const { _id, deleted: _deleted, ...record } = top;
    void _id;
    return record;
  }

  /**
   * The version of a form id that a deployment held (binding `deployment`): the one it
   * created, or the one it deployed again unchanged (the deployment log lists it).
   */
  async inDeployment(formId: string, deploymentKey: string): Promise<FormRecord | null> {
    const entry = await this.c.deployments.findOne({ deploymentKey });
    const contained = (entry?.forms ?? []) as { formId: string; formKey: string }[];
    const formKey = contained.find((form) => form.formId === formId)?.formKey;
    if (!formKey) return null;
    const docs = await this.allVersions(formId);
    const found = docs.find((doc) => doc.formKey === formKey && !doc.deleted);
    if (!found) return null;
    const { _id, deleted: _deleted, ...record } = found;
    void _id;
    return record;
  }

  /** The highest version ever deployed, deleted or not (0 when none): numbering goes on. */
  async highestVersion(formId: string): Promise<number> {
    return (await this.allVersions(formId)).at(-1)?.version ?? 0;
  }

  /** Hides a deleted version; its row stays for numbering. */
  async markDeleted(formKey: string): Promise<void> {
    await this.collection.updateOne({ _id: formKey }, { $set: { deleted: true } });
  }

  private async allVersions(formId: string) {
    const docs = await this.collection.find({ formId }, { projection: { schema: 0 } }).toArray();
    return docs.sort((a, b) => a.version - b.version);
  }

  /** Inserts a deployed version; one already there (projected before) is kept as it is. */
  async insert(doc: StoredForm): Promise<void> {
    try {
      await this.collection.insertOne(doc);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
}
