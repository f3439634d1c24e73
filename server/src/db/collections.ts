/**
 * The engine's collections. Commits and logs are the truth; the rest are projections
 * (search rows) or small collections of active work (D3).
 *
 * pendingProjections: a marker per commit until it is projected (the sweep reads it)
 * commits ─┬─► instances, elementInstances, variables, userTasks, jobs, incidents
 *          └─► activatableJobs (active work, small)      jobLeases: claims by insert
 * deployments (log) ─► processDefinitions                keyBlocks: claims by insert
 */
import type { Collection, Db, Document } from 'mongodb';

export interface EngineCollections {
  db: Db;
  meta: Collection<Document & { _id: string }>;
  keyBlocks: Collection<{ _id: string; owner: string; claimedAt: string }>;
  commits: Collection<CommitDocument>;
  deployments: Collection<Document & { _id: string }>;
  processDefinitions: Collection<Document & { _id: string }>;
  instances: Collection<Document & { _id: string }>;
  elementInstances: Collection<Document & { _id: string }>;
  variables: Collection<Document & { _id: string }>;
  userTasks: Collection<Document & { _id: string }>;
  jobs: Collection<Document & { _id: string }>;
  activatableJobs: Collection<ActivatableJob>;
  jobLeases: Collection<{ _id: string; jobKey: string; deadline: number; worker: string }>;
  incidents: Collection<Document & { _id: string }>;
  clock: Collection<{ _id: string; pinnedAt: number | null }>;
  /** commits written but not yet projected (small: only work in flight or left by a crash) */
  pendingProjections: Collection<{ _id: string; instanceKey: string; writtenAt: number }>;
}

export interface CommitDocument {
  _id: string;
  instanceKey: string;
  seq: number;
  processDefinitionKey: string;
  /** JSON text of the command */
  command: string;
  /** JSON text of the command's context (clock, key range, budgets): replays are exact */
  context: string;
  /** JSON text of the instance state after the command */
  state: string;
  /** JSON text of the records the command produced */
  records: string;
  at: string;
  /** the bound client and the revision the command saw (also inside `context`) */
  clientId?: string;
  clientRev?: number;
}

export interface ActivatableJob {
  _id: string;
  type: string;
  processInstanceKey: string;
  notBefore: number;
  /** lease deadline (epoch ms on the shared clock); 0 when not leased */
  deadline: number;
  leaseNo: number;
  /** waits on an incident: not activatable, but its lease history is kept */
  blocked?: boolean;
  seq: number;
}

export function engineCollections(db: Db): EngineCollections {
  return {
    db,
    meta: db.collection('meta'),
    keyBlocks: db.collection('keyBlocks'),
    commits: db.collection('commits'),
    deployments: db.collection('deployments'),
    processDefinitions: db.collection('processDefinitions'),
    instances: db.collection('instances'),
    elementInstances: db.collection('elementInstances'),
    variables: db.collection('variables'),
    userTasks: db.collection('userTasks'),
    jobs: db.collection('jobs'),
    activatableJobs: db.collection('activatableJobs'),
    jobLeases: db.collection('jobLeases'),
    incidents: db.collection('incidents'),
    clock: db.collection('clock'),
    pendingProjections: db.collection('pendingProjections'),
  };
}

/** Ordinary indexes, so real MongoDB is fast; FerretDB accepts them too. */
export async function ensureIndexes(c: EngineCollections): Promise<void> {
  await Promise.all([
    c.commits.createIndex({ instanceKey: 1, seq: 1 }),
    c.processDefinitions.createIndex({ processDefinitionId: 1, version: 1 }),
    c.instances.createIndex({ state: 1, processDefinitionKey: 1 }),
    c.instances.createIndex({ clientId: 1 }),
    c.elementInstances.createIndex({ processInstanceKey: 1 }),
    c.variables.createIndex({ processInstanceKey: 1, scopeKey: 1 }),
    c.variables.createIndex({ name: 1 }),
    c.userTasks.createIndex({ state: 1, assignee: 1 }),
    c.userTasks.createIndex({ candidateGroups: 1 }),
    c.userTasks.createIndex({ processInstanceKey: 1 }),
    c.jobs.createIndex({ processInstanceKey: 1 }),
    c.activatableJobs.createIndex({ type: 1 }),
    c.incidents.createIndex({ processInstanceKey: 1 }),
  ]);
}

/** E11000: somebody inserted that `_id` (or unique key) first. */
export function isDuplicateKey(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}

export const pad = (n: number, width = 10) => String(n).padStart(width, '0');
