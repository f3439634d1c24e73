/**
 * Deployed forms (form-js schemas), projected from the deployment log as process
 * definitions are. A form version is immutable once deployed; its schema is kept as the
 * JSON text that was deployed.
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
}

export class FormRepository {
  constructor(private readonly c: EngineCollections) {}

  private get collection() {
    return this.c.forms as unknown as Collection<StoredForm>;
  }

  /** One version by its key, schema included. */
  async get(formKey: string): Promise<StoredForm | null> {
    return this.collection.findOne({ _id: formKey });
  }

  /** The highest version of a form id (without its schema), or null when none is deployed. */
  async latest(formId: string): Promise<FormRecord | null> {
    const docs = await this.collection.find({ formId }, { projection: { schema: 0 } }).toArray();
    const top = docs.reduce<(typeof docs)[number] | null>(
      (best, doc) => (best && best.version >= doc.version ? best : doc),
      null,
    );
    if (!top) return null;
    const { _id, ...record } = top;
    void _id;
    return record;
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
