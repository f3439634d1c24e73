/**
 * The CRM's collections, through mongoose (the engine uses the driver directly). Values are
 * validated by ajv before they get here; the mongoose schemas pin the stored shapes, throw on
 * a path they do not know, and declare the indexes real MongoDB needs.
 *
 *   clientRevisions  `<clientId>:<rev>` inserts: the truth (D3)
 *   clients          projection of each client's latest revision
 *   customFields     `_id` = lower-case field name; a deleted field stays as a tombstone
 *   purchases        `_id` = a server key
 *   interactions     `_id` = a server key, or `effect:<idempotency key>` from a process task
 */
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import type { ClientDocument, ClientRevisionRow, ClientRow } from './clientDocuments';

export interface CustomFieldRow {
  /** The name in lower case, so two names that differ in case only cannot both exist. */
  _id: string;
  name: string;
  label: string;
  type: string;
  required: boolean;
  options?: string[];
  createdAt: string;
  createdBy: string;
  /** Set when the field was deleted; its values stay stored but hidden. */
  deletedAt?: string;
  deletedBy?: string;
}

export interface PurchaseRow {
  _id: string;
  clientId: string;
  amount: number;
  currency: string;
  date: string;
  product: string;
  createdAt: string;
  createdBy: string;
  /** the `purchase-recorded` message went out (see PurchaseService) */
  announced?: boolean;
}

export interface InteractionRow {
  _id: string;
  clientId: string;
  kind: string;
  summary: string;
  who: string;
  at: string;
  processInstanceKey: string | null;
  processDefinitionId: string | null;
  elementId: string | null;
  taskName: string | null;
  createdBy: string;
}

export interface CrmStore {
  connection: Connection;
  clients: Model<ClientRow>;
  clientRevisions: Model<ClientRevisionRow>;
  customFields: Model<CustomFieldRow>;
  purchases: Model<PurchaseRow>;
  interactions: Model<InteractionRow>;
  close(): Promise<void>;
}

const options = { versionKey: false, minimize: false, strict: 'throw', id: false } as const;

const clientFields = {
  name: String,
  kind: String,
  email: String,
  phone: String,
  region: String,
  industry: String,
  segment: String,
  lifecycleStage: String,
  owner: String,
  custom: Schema.Types.Mixed,
  archived: Boolean,
  createdAt: String,
  createdBy: String,
  updatedAt: String,
  updatedBy: String,
} satisfies Record<keyof ClientDocument, unknown>;

const clientSchema = new Schema<ClientRow>(
  { _id: String, rev: Number, ...clientFields },
  { ...options, collection: 'clients' },
);
clientSchema.index({ archived: 1, name: 1 });
clientSchema.index({ email: 1 });
clientSchema.index({ owner: 1 });
clientSchema.index({ lifecycleStage: 1 });

const revisionSchema = new Schema<ClientRevisionRow>(
  {
    _id: String,
    clientId: String,
    rev: Number,
    change: String,
    patch: String,
    at: String,
    by: String,
    client: Schema.Types.Mixed,
    effectKey: String,
  },
  { ...options, collection: 'clientRevisions' },
);
revisionSchema.index({ clientId: 1, rev: 1 });
revisionSchema.index({ clientId: 1, effectKey: 1 });

const customFieldSchema = new Schema<CustomFieldRow>(
  {
    _id: String,
    name: String,
    label: String,
    type: String,
    required: Boolean,
    options: { type: [String], default: undefined },
    createdAt: String,
    createdBy: String,
    deletedAt: String,
    deletedBy: String,
  },
  { ...options, collection: 'customFields' },
);

const purchaseSchema = new Schema<PurchaseRow>(
  {
    _id: String,
    clientId: String,
    amount: Number,
    currency: String,
    date: String,
    product: String,
    createdAt: String,
    createdBy: String,
    announced: { type: Boolean, default: false },
  },
  { ...options, collection: 'purchases' },
);
purchaseSchema.index({ clientId: 1, date: -1 });
purchaseSchema.index({ announced: 1 });

const interactionSchema = new Schema<InteractionRow>(
  {
    _id: String,
    clientId: String,
    kind: String,
    summary: String,
    who: String,
    at: String,
    processInstanceKey: { type: String, default: null },
    processDefinitionId: { type: String, default: null },
    elementId: { type: String, default: null },
    taskName: { type: String, default: null },
    createdBy: String,
  },
  { ...options, collection: 'interactions' },
);
interactionSchema.index({ clientId: 1, at: -1 });

/**
 * Opens a mongoose connection of its own (mongoose bundles its own driver, so it cannot
 * share the engine's `MongoClient`) and declares the indexes.
 *
 * @example
 * const store = await openCrmStore('mongodb://127.0.0.1:27017/relata');
 * await store.clients.findById('2251799813685249').lean();
 */
export async function openCrmStore(mongoUri: string): Promise<CrmStore> {
  const connection = await mongoose
    .createConnection(mongoUri, {
      serverSelectionTimeoutMS: 10_000,
      autoIndex: false,
      autoCreate: false,
      bufferCommands: false,
    })
    .asPromise();
  const store: CrmStore = {
    connection,
    clients: connection.model<ClientRow>('Client', clientSchema),
    clientRevisions: connection.model<ClientRevisionRow>('ClientRevision', revisionSchema),
    customFields: connection.model<CustomFieldRow>('CustomField', customFieldSchema),
    purchases: connection.model<PurchaseRow>('Purchase', purchaseSchema),
    interactions: connection.model<InteractionRow>('Interaction', interactionSchema),
    close: () => connection.close(),
  };
  await Promise.all([
    store.clients.createIndexes(),
    store.clientRevisions.createIndexes(),
    store.purchases.createIndexes(),
    store.interactions.createIndexes(),
  ]);
  return store;
}
