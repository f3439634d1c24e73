/**
 * Projects a commit's records into the search collections, in the API's own shapes.
 * Every row has a deterministic `_id` and is written whole, so projecting a commit
 * twice (after a crash, or by two processes) changes nothing (D3).
 */
import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { InstanceState, RuntimeRecord } from '../../../runtime/src';
import { isDuplicateKey, type EngineCollections } from '../db/collections';
import type { DefinitionRecord } from './DefinitionRepository';
import {
  toElementInstanceDoc,
  toIncidentDoc,
  toInstanceDoc,
  toJobDoc,
  toMessageSubscriptionDoc,
  toUserTaskDoc,
  toVariableDoc,
} from './rowDocuments';

export interface ProjectionInput {
  seq: number;
  /** the commit's clock (epoch ms) */
  at: number;
  state: InstanceState;
  records: RuntimeRecord[];
  definition: DefinitionRecord;
  startedBy: string | null;
  /** the forms the user tasks created by the commit link to (by user task key) */
  formKeys?: Record<string, string | null>;
}

const isOpen = (state: string) =>
  state === 'CREATED' || state === 'FAILED' || state === 'RETRIES_UPDATED';

type Ops = AnyBulkWriteOperation<Document & { _id: string }>[];

export class Projector {
  constructor(private readonly c: EngineCollections) {}

  async project(input: ProjectionInput): Promise<void> {
    const { seq, state, records, definition } = input;
    const ops: Record<string, Ops> = {};
    const add = (collection: string, op: Ops[number]) => (ops[collection] ??= []).push(op);
    // One write per row and commit: a commit records a row at every change (an element
    // ACTIVE, then COMPLETED), and only its last values matter. Rows are written whole
    // (every field, null when empty), so the merged `$set` of a row replaces it.
    const rows: Record<string, Map<string, Document>> = {};
    const upsert = (collection: string, _id: string, $set: Document) => {
      const pending = (rows[collection] ??= new Map());
      pending.set(_id, { ...pending.get(_id), ...$set });
    };
    const replace = (collection: string, { _id, ...row }: Document & { _id: string }) => {
      dropped[collection]?.delete(_id);
      upsert(collection, _id, row);
    };
    const dropped: Record<string, Set<string>> = {};
    const dropRow = (collection: string, _id: string) => {
      rows[collection]?.delete(_id);
      (dropped[collection] ??= new Set()).add(_id);
    };

    for (const record of records) {
      switch (record.kind) {
        case 'elementInstance':
          replace('elementInstances', toElementInstanceDoc(record.row, state, seq));
          break;
        case 'variable':
          replace('variables', toVariableDoc(record.row, state, seq));
          break;
        case 'userTask':
          replace('userTasks', toUserTaskDoc(record, state, definition, seq, input.formKeys));
          break;
        case 'incident':
          replace('incidents', toIncidentDoc(record, state, seq));
          break;
        case 'job': {
          const jobKey = String(record.row.key);
          // $set, not replace: the worker and deadline of a lease are written by activation.
          upsert('jobs', jobKey, toJobDoc(record, state, seq));
          // An error nobody caught leaves the job in the instance, waiting on its incident:
          // its activatable row stays (blocked), so resolving the incident offers it again.
          const waiting = record.state === 'ERROR_THROWN' && jobKey in state.jobs;
          if (isOpen(record.state) || waiting) {
            // Guarded by seq so that re-projecting an old commit never frees a live lease;
            // only a failure or a thrown error ends the current lease (a retries update
            // does not).
            add('activatableJobs', {
              updateMany: {
                filter: { _id: jobKey, seq: { $lt: seq } },
                update: {
                  $set: {
                    type: record.row.type,
                    processInstanceKey: String(state.processInstanceKey),
                    notBefore: record.row.notBefore ?? 0,
                    blocked: !record.activatable,
                    seq,
                    ...(record.state === 'FAILED' || waiting ? { deadline: 0 } : {}),
                  },
                },
              },
            });
          } else {
            add('activatableJobs', { deleteOne: { filter: { _id: jobKey } } });
          }
          break;
        }
        case 'messageSubscription': {
          const at = new Date(input.at).toISOString();
          replace('messageSubscriptions', toMessageSubscriptionDoc(record, state, at, seq));
          const { row } = record;
          if (record.state === 'CREATED') {
            replace('openMessageSubscriptions', {
              _id: String(row.key),
              messageName: row.messageName,
              correlationKey: row.correlationKey,
              processDefinitionId: state.processDefinitionId,
              processInstanceKey: String(state.processInstanceKey),
              seq,
            });
          } else {
            dropRow('openMessageSubscriptions', String(row.key));
          }
          break;
        }
        case 'signalSubscription': {
          const { row } = record;
          if (record.state === 'CREATED') {
            replace('signalSubscriptions', {
              _id: String(row.key),
              signalName: row.signalName,
              processInstanceKey: String(state.processInstanceKey),
              seq,
            });
          } else {
            dropRow('signalSubscriptions', String(row.key));
          }
          break;
        }
        case 'timer': {
          const { row } = record;
          if (record.state === 'CREATED') {
            replace('timers', {
              _id: String(row.key),
              kind: 'instance',
              dueDate: row.dueDate,
              elementId: row.elementId,
              processDefinitionKey: String(state.processDefinitionKey),
              processDefinitionId: state.processDefinitionId,
              processInstanceKey: String(state.processInstanceKey),
              elementInstanceKey: String(row.elementInstanceKey),
              fireNo: 1,
              cycle: row.cycle,
              remaining: row.remaining,
              seq,
            });
          } else {
            dropRow('timers', String(row.key));
          }
          break;
        }
        case 'instance':
        case 'signal':
          break;
      }
    }
    // Active-work rows that ended in this commit: deleted, unless the commit opened them again.
    for (const [collection, ids] of Object.entries(dropped)) {
      for (const _id of ids) {
        if (rows[collection]?.has(_id)) continue;
        add(collection, { deleteOne: { filter: { _id } } });
      }
    }
    // `updateMany` on an `_id` matches at most one row. It is used instead of replaceOne or
    // updateOne because FerretDB 1.24 on PostgreSQL keeps a pooled connection for every
    // single-document update that matches, until the whole command ends: past its pool (50)
    // such a bulk waits forever, and every other request with it.
    for (const [collection, pending] of Object.entries(rows)) {
      for (const [_id, $set] of pending)
        add(collection, { updateMany: { filter: { _id }, update: { $set }, upsert: true } });
    }
    await Promise.all(
      Object.entries(ops).map(([name, list]) =>
        retryUpsertRace(() =>
          this.c.db.collection<Document & { _id: string }>(name).bulkWrite(list, { ordered: true }),
        ),
      ),
    );
    await this.ensureActivatableRows(records, state, seq);
    await retryUpsertRace(() =>
      this.c.instances.replaceOne(
        { _id: String(state.processInstanceKey) },
        toInstanceDoc(state, definition, seq, input.startedBy),
        { upsert: true },
      ),
    );
  }

  /** A job row created for the first time has no activatable row to guard: insert it. */
  private async ensureActivatableRows(records: RuntimeRecord[], state: InstanceState, seq: number) {
    for (const record of records) {
      if (record.kind !== 'job' || record.state !== 'CREATED') continue;
      try {
        await this.c.activatableJobs.insertOne({
          _id: String(record.row.key),
          type: record.row.type,
          processInstanceKey: String(state.processInstanceKey),
          notBefore: 0,
          deadline: 0,
          leaseNo: 0,
          blocked: !record.activatable,
          seq,
        });
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
  }
}

const UPSERT_ATTEMPTS = 3;

/**
 * Two projections of one commit (a request and the sweep, or two processes) may upsert the
 * same new row at once; the loser's upsert fails with E11000, which FerretDB does not retry
 * as MongoDB does. The writes are idempotent, so writing again replaces the winner's row.
 */
async function retryUpsertRace<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (isDuplicateKey(error) && attempt < UPSERT_ATTEMPTS) continue;
      if (isBusy(error) && attempt < BUSY_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        continue;
      }
      throw error;
    }
  }
}

const BUSY_ATTEMPTS = 8;

/**
 * FerretDB on SQLite answers a write that meets another process's write lock with
 * "database is locked" (an InternalError) instead of waiting: the projection is
 * idempotent, so it is written again after a short pause.
 */
function isBusy(error: unknown): boolean {
  return error instanceof Error && error.message.includes('database is locked');
}
