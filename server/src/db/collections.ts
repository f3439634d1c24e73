/**
 * The engine's collections. Commits and logs are the truth; the rest are projections
 * (search rows) or small collections of active work (D3).
 *
 * pendingProjections: a marker per commit until it is projected (the sweep reads it)
 * commits ─┬─► instances, elementInstances, variables, userTasks, jobs, incidents
 *          └─► activatableJobs (active work, small)      jobLeases: claims by insert
 *          ├─► timers, openMessageSubscriptions, signalSubscriptions (active work, small)
 *          └─► messageSubscriptions (search rows)
 * deployments (log) ─► processDefinitions, forms, startEvents     keyBlocks: claims by insert
 *                   └─► decisionRequirements, decisionDefinitions, decisionsByDeployment
 * deletedResources: a tombstone per deleted definition, form or DRG, by insert ─► `deleted` on its rows
 * messages (buffered), messageCorrelations / timerClaims / startLocks / signals: claims by insert
 */
import type { Collection, Db, Document } from 'mongodb';

export interface EngineCollections {
  db: Db;
  meta: Collection<Document & { _id: string }>;
  keyBlocks: Collection<{ _id: string; owner: string; claimedAt: string }>;
  commits: Collection<CommitDocument>;
  deployments: Collection<Document & { _id: string }>;
  processDefinitions: Collection<Document & { _id: string }>;
  /** deployed form-js schemas, one row per version (`_id` = form key) */
  forms: Collection<Document & { _id: string }>;
  /** deployed DMN documents (decision requirements graphs), one row per version (`_id` = key) */
  decisionRequirements: Collection<Document & { _id: string }>;
  /** the decisions of those documents, one row per version (`_id` = decision definition key) */
  decisionDefinitions: Collection<Document & { _id: string }>;
  /** `<deploymentKey>|<decisionDefinitionId>`: the decision version each deployment holds */
  decisionsByDeployment: Collection<{ _id: string; decisionDefinitionKey: string }>;
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
  pendingProjections: Collection<PendingProjection>;
  /** a tombstone per deleted process definition or form (`_id` = its key), claimed by insert */
  deletedResources: Collection<DeletedResource>;
  /** pending timers: of instances (`_id` = timer key) and of timer start events (`start:…`) */
  timers: Collection<TimerRow>;
  /** a claim per timer firing (`<timerId>:<fireNo>`), so one process fires it */
  timerClaims: Collection<Document & { _id: string; claimedAt: number }>;
  /** message subscriptions in the API's shape, every state (search) */
  messageSubscriptions: Collection<Document & { _id: string }>;
  /** open message subscriptions of instances (active work) */
  openMessageSubscriptions: Collection<OpenMessageSubscription>;
  /** open signal subscriptions of instances (active work) */
  signalSubscriptions: Collection<OpenSignalSubscription>;
  /** message and signal start events of the latest version of each process */
  startEvents: Collection<StartEventRow>;
  /** buffered messages (time to live > 0) until they expire on the shared clock */
  messages: Collection<BufferedMessage>;
  /** `<messageKey>|<processDefinitionId>`: the one correlation of a message per process */
  messageCorrelations: Collection<Document & { _id: string; claimedAt: number }>;
  /** `<processDefinitionId>|<correlationKey>|<n>`: the n-th instance a message start created */
  startLocks: Collection<{ _id: string; processInstanceKey: string; lockedAt: number }>;
  /** keys fixed in advance for an instance a timer, message or signal start creates */
  startClaims: Collection<{ _id: string; keys: { next: number; max: number }; claimedAt: number }>;
  /** signal broadcasts, kept until every subscriber has it (recovery after a crash) */
  signals: Collection<SignalBroadcast>;
}

export interface PendingProjection {
  _id: string;
  instanceKey: string;
  writtenAt: number;
  /**
   * the definition key and the form keys the commit links, so a resource deletion sees
   * a commit in flight (absent in markers written before resources could be deleted)
   */
  resourceKeys?: string[];
}

export interface DeletedResource {
  _id: string;
  /** `decisionRequirements`: a DMN resource, its graph and all its decisions */
  kind: 'process' | 'form' | 'decisionRequirements';
  /** the process definition id, form id or decision requirements id, and the deleted version */
  resourceId: string;
  version: number;
  /** random per attempt: a tombstone rolled back and inserted again is another attempt */
  attempt: string;
  /** the shared clock's epoch ms, and the system clock's (the recovery's grace period) */
  deletedAt: number;
  writtenAt: number;
  deletedBy: string;
  /** set once the deletion is projected (hidden, start events moved); else the sweep does it */
  done: boolean;
}

export interface TimerRow {
  _id: string;
  kind: 'instance' | 'start';
  dueDate: number;
  elementId: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processInstanceKey: string | null;
  elementInstanceKey: string | null;
  /** start timers: which firing is next, the cycle text and firings left after it */
  fireNo: number;
  cycle: string | null;
  remaining: number | null;
  seq: number;
}

export interface OpenMessageSubscription {
  _id: string;
  messageName: string;
  correlationKey: string;
  processDefinitionId: string;
  processInstanceKey: string;
  seq: number;
}

export interface OpenSignalSubscription {
  _id: string;
  signalName: string;
  processInstanceKey: string;
  seq: number;
}

export interface StartEventRow {
  _id: string;
  kind: 'message' | 'signal';
  name: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  elementId: string;
}

export interface BufferedMessage {
  _id: string;
  messageKey: string;
  name: string;
  correlationKey: string;
  messageId: string | null;
  /** JSON text */
  variables: string;
  publishedAt: number;
  expiresAt: number;
}

export interface SignalBroadcast {
  _id: string;
  signalName: string;
  /** JSON text */
  variables: string;
  startedAt: number;
  done: boolean;
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
  /**
   * JSON text: the form key (or null) each user task created by this command links to,
   * resolved once when it is created (binding `latest`), as Camunda does
   */
  formKeys?: string;
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
    forms: db.collection('forms'),
    decisionRequirements: db.collection('decisionRequirements'),
    decisionDefinitions: db.collection('decisionDefinitions'),
    decisionsByDeployment: db.collection('decisionsByDeployment'),
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
    deletedResources: db.collection('deletedResources'),
    timers: db.collection('timers'),
    timerClaims: db.collection('timerClaims'),
    messageSubscriptions: db.collection('messageSubscriptions'),
    openMessageSubscriptions: db.collection('openMessageSubscriptions'),
    signalSubscriptions: db.collection('signalSubscriptions'),
    startEvents: db.collection('startEvents'),
    messages: db.collection('messages'),
    messageCorrelations: db.collection('messageCorrelations'),
    startLocks: db.collection('startLocks'),
    signals: db.collection('signals'),
    startClaims: db.collection('startClaims'),
  };
}

/** Ordinary indexes, so real MongoDB is fast; FerretDB accepts them too. */
export async function ensureIndexes(c: EngineCollections): Promise<void> {
  await Promise.all([
    c.commits.createIndex({ instanceKey: 1, seq: 1 }),
    c.processDefinitions.createIndex({ processDefinitionId: 1, version: 1 }),
    c.forms.createIndex({ formId: 1, version: 1 }),
    c.decisionRequirements.createIndex({ decisionRequirementsId: 1, version: 1 }),
    c.decisionDefinitions.createIndex({ decisionDefinitionId: 1, version: 1 }),
    c.decisionDefinitions.createIndex({ decisionRequirementsKey: 1 }),
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
    c.timers.createIndex({ dueDate: 1 }),
    c.openMessageSubscriptions.createIndex({ messageName: 1, correlationKey: 1 }),
    c.signalSubscriptions.createIndex({ signalName: 1 }),
    c.startEvents.createIndex({ kind: 1, name: 1 }),
    c.startLocks.createIndex({ processInstanceKey: 1 }),
    c.messages.createIndex({ name: 1, correlationKey: 1 }),
    c.messageSubscriptions.createIndex({ processInstanceKey: 1 }),
  ]);
}

/** E11000: somebody inserted that `_id` (or unique key) first. */
export function isDuplicateKey(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}

export const pad = (n: number, width = 10) => String(n).padStart(width, '0');
