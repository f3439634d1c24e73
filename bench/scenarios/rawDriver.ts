/**
 * (d) The floor under (c): a loop of plain `mongodb` driver calls that sends, per
 * instance, the same inserts, writes and reads as Relata's server stack does (read off
 * EngineService, Projector and JobService), on documents of the same shapes and sizes,
 * to the same FerretDB. No runtime, no worker thread, no JSON of real state.
 *
 * Per instance (10 tasks), the server stack sends (as of the Projector that merges a
 * commit's records into one `updateMany … $set, upsert` per row):
 *   instance.create  commits.insertOne; in parallel activatableJobs.bulkWrite (1 guarded
 *                    update), elementInstances.bulkWrite (3 rows), jobs.bulkWrite (1 row);
 *                    activatableJobs.insertOne (the new job's row); instances.replaceOne;
 *                    commits.findOne of the next seq (EngineService's roll-forward)
 *   activation ×10   activatableJobs.find({type}); jobLeases.insertOne;
 *                    activatableJobs.updateOne; commits.findOne of the next seq (the cached
 *                    state is current: nothing found); jobs.updateOne
 *   job.complete ×10 commits.insertOne; in parallel activatableJobs.bulkWrite (deleteOne +
 *                    guarded update), jobs.bulkWrite (2 rows: old and new job),
 *                    elementInstances.bulkWrite (2 rows; 3 on the last);
 *                    activatableJobs.insertOne; instances.replaceOne; commits.findOne of the
 *                    next seq (the last command has no new job)
 *   every command    pendingProjections.insertOne before the commit and deleteOne after
 *                    its projection (the marker the recovery sweep reads)
 *   key blocks       keyBlocks find + insertOne every 100,000 / 256 commands
 */
import { MongoClient, type AnyBulkWriteOperation, type Document } from 'mongodb';
import { CommandCounter, type Backend, type Scenario } from '../harness';
import { JOB_TYPE, PROCESS_ID, TASKS } from '../processModel';
import { compileBenchProcess, PureRuntime } from './relataMemory';

export interface RawScenarioOptions {
  backend: Exclude<Backend, 'memory'>;
  uri: string;
  concurrency: number;
  /** write the projection's bulk writes one after another instead of in parallel */
  sequentialProjection?: boolean;
}

type Doc = Document & { _id: string };

/** Sizes of the JSON strings a commit carries, taken from one run of the pure runtime. */
interface CommitSizes {
  command: number;
  context: number;
  state: number;
  records: number;
}

const KEY_BLOCK = 100_000;
const KEYS_PER_COMMAND = 256;
const TENANT = '<default>';

export async function rawDriverScenario(options: RawScenarioOptions): Promise<Scenario> {
  const sizes = await commitSizes();
  const counter = new CommandCounter();
  const client = await MongoClient.connect(options.uri, {
    serverSelectionTimeoutMS: 10_000,
    monitorCommands: true,
  });
  counter.attach(client);
  const db = client.db();
  const col = (name: string) => db.collection<Doc>(name);
  const commits = col('commits');
  const instances = col('instances');
  const elementInstances = col('elementInstances');
  const jobs = col('jobs');
  const activatableJobs = col('activatableJobs');
  const jobLeases = col('jobLeases');
  const keyBlocks = col('keyBlocks');
  const pendingProjections = col('pendingProjections');
  const markPending = (instanceKey: string, seq: number) =>
    pendingProjections.insertOne({
      _id: `${instanceKey}:${pad(seq)}`,
      instanceKey,
      writtenAt: Date.now(),
    });
  const clearPending = (instanceKey: string, seq: number) =>
    pendingProjections.deleteOne({ _id: `${instanceKey}:${pad(seq)}` });
  // The same ordinary indexes as ensureIndexes, on the collections this loop writes.
  await Promise.all([
    commits.createIndex({ instanceKey: 1, seq: 1 }),
    instances.createIndex({ state: 1, processDefinitionKey: 1 }),
    elementInstances.createIndex({ processInstanceKey: 1 }),
    jobs.createIndex({ processInstanceKey: 1 }),
    activatableJobs.createIndex({ type: 1 }),
  ]);

  let block = -1;
  let nextKey = 0;
  let blockEnd = -1;
  const keyRange = async () => {
    if (nextKey + KEYS_PER_COMMAND - 1 > blockEnd) {
      await keyBlocks.find({}).sort({ _id: -1 }).limit(1).toArray();
      block++;
      await keyBlocks.insertOne({ _id: `block:${pad(block, 12)}`, owner: 'raw', claimedAt: iso() });
      nextKey = 2 ** 51 + 1 + block * KEY_BLOCK;
      blockEnd = nextKey + KEY_BLOCK - 1;
    }
    const first = nextKey;
    nextKey += KEYS_PER_COMMAND;
    return first;
  };

  /** As Projector does (Promise.all over collections), or one after another. */
  const projectInParallel = async (writes: (() => Promise<unknown>)[]) => {
    if (options.sequentialProjection) for (const write of writes) await write();
    else await Promise.all(writes.map((write) => write()));
  };

  /** After projecting commit `seq`, EngineService rolls forward: one read of `seq + 1`. */
  const rollForwardRead = async (instanceKey: string, seq: number) => {
    if (await commits.findOne({ _id: `${instanceKey}:${pad(seq + 1)}` }))
      throw new Error(`commit ${seq + 1} of ${instanceKey} exists`);
  };

  async function runInstance() {
    let keys = await keyRange();
    const instanceKey = String(keys);
    let seq = 1;
    let jobKey = String(keys + 3);
    let taskKey = String(keys + 2);
    const startKey = String(keys + 1);
    await markPending(instanceKey, seq);
    await commits.insertOne(commit(instanceKey, seq, sizes));
    await projectInParallel([
      () => activatableJobs.bulkWrite([guardedRow(jobKey, instanceKey, seq)], { ordered: true }),
      () =>
        elementInstances.bulkWrite(
          [
            setRow(elementInstance(instanceKey, instanceKey, PROCESS_ID, 'PROCESS', 'ACTIVE', seq)),
            setRow(
              elementInstance(startKey, instanceKey, 'start', 'START_EVENT', 'COMPLETED', seq),
            ),
            setRow(elementInstance(taskKey, instanceKey, 'task1', 'SERVICE_TASK', 'ACTIVE', seq)),
          ],
          { ordered: true },
        ),
      () =>
        jobs.bulkWrite([setRow(job(jobKey, instanceKey, 'task1', 'CREATED', seq))], {
          ordered: true,
        }),
    ]);
    await activatableJobs.insertOne(activatableRow(jobKey, instanceKey, seq));
    await instances.replaceOne({ _id: instanceKey }, instance(instanceKey, 'ACTIVE', seq), {
      upsert: true,
    });
    await rollForwardRead(instanceKey, seq);
    await clearPending(instanceKey, seq);

    for (let task = 1; task <= TASKS; task++) {
      // Activation: the rows of the type, a lease by insert, the row updated, the cached
      // state verified by reading the next commit, the job updated.
      const deadline = Date.now() + 60_000;
      const rows = await activatableJobs.find({ type: JOB_TYPE }).toArray();
      if (!rows.some((row) => row._id === jobKey)) throw new Error(`job ${jobKey} has no row`);
      await jobLeases.insertOne({
        _id: `${jobKey}:${pad(1, 8)}`,
        jobKey,
        deadline,
        worker: 'bench-worker',
      });
      await activatableJobs.updateOne({ _id: jobKey }, { $set: { leaseNo: 1, deadline } });
      if (await commits.findOne({ _id: `${instanceKey}:${pad(seq + 1)}` }))
        throw new Error(`commit ${seq + 1} of ${instanceKey} exists`);
      await jobs.updateOne(
        { _id: jobKey },
        { $set: { worker: 'bench-worker', deadline: iso(deadline), lastUpdateTime: iso() } },
      );

      // job.complete: the commit, its projection (one write per row), the roll-forward read.
      keys = await keyRange();
      seq++;
      const last = task === TASKS;
      const nextJobKey = String(keys + 1);
      const nextKey = String(keys);
      const taskElement = `task${task}`;
      const rowOps: AnyBulkWriteOperation<Doc>[] = [{ deleteOne: { filter: { _id: jobKey } } }];
      const jobOps = [setRow(job(jobKey, instanceKey, taskElement, 'COMPLETED', seq))];
      const elementOps = last
        ? [
            setRow(elementInstance(nextKey, instanceKey, 'end', 'END_EVENT', 'COMPLETED', seq)),
            setRow(
              elementInstance(taskKey, instanceKey, taskElement, 'SERVICE_TASK', 'COMPLETED', seq),
            ),
            setRow(
              elementInstance(instanceKey, instanceKey, PROCESS_ID, 'PROCESS', 'COMPLETED', seq),
            ),
          ]
        : [
            setRow(
              elementInstance(
                nextKey,
                instanceKey,
                `task${task + 1}`,
                'SERVICE_TASK',
                'ACTIVE',
                seq,
              ),
            ),
            setRow(
              elementInstance(taskKey, instanceKey, taskElement, 'SERVICE_TASK', 'COMPLETED', seq),
            ),
          ];
      if (!last) {
        rowOps.push(guardedRow(nextJobKey, instanceKey, seq));
        jobOps.push(setRow(job(nextJobKey, instanceKey, `task${task + 1}`, 'CREATED', seq)));
      }
      await markPending(instanceKey, seq);
      await commits.insertOne(commit(instanceKey, seq, sizes));
      await projectInParallel([
        () => activatableJobs.bulkWrite(rowOps, { ordered: true }),
        () => jobs.bulkWrite(jobOps, { ordered: true }),
        () => elementInstances.bulkWrite(elementOps, { ordered: true }),
      ]);
      if (!last) await activatableJobs.insertOne(activatableRow(nextJobKey, instanceKey, seq));
      await instances.replaceOne(
        { _id: instanceKey },
        instance(instanceKey, last ? 'COMPLETED' : 'ACTIVE', seq),
        { upsert: true },
      );
      await rollForwardRead(instanceKey, seq);
      await clearPending(instanceKey, seq);
      jobKey = nextJobKey;
      taskKey = nextKey;
    }
  }

  return {
    id: options.sequentialProjection ? "d'" : 'd',
    label: options.sequentialProjection
      ? 'raw driver, projection writes in sequence'
      : 'raw mongodb driver, same commands',
    backend: options.backend,
    async run(count) {
      let started = 0;
      const lane = async () => {
        while (started < count) {
          started++;
          await runInstance();
        }
      };
      const lanes = Math.max(1, Math.min(options.concurrency, count));
      await Promise.all(Array.from({ length: lanes }, lane));
    },
    takeCounters: () => counter.take(),
    async close() {
      await client.close();
    },
  };
}

async function commitSizes(): Promise<CommitSizes> {
  const runtime = new PureRuntime(await compileBenchProcess());
  const totals = { command: 0, state: 0, records: 0, commands: 0 };
  runtime.runToEnd((result) => {
    if (!result.ok) return;
    totals.commands++;
    totals.state += JSON.stringify(result.state).length;
    totals.records += JSON.stringify(result.records).length;
  });
  return {
    // `{"type":"job.complete","jobKey":2251799813685506,"variables":{}}` and, once, the create
    command: 70,
    // `{"now":1796117400000,"keys":{"next":2251799813685506,"max":2251799813685761},"stepBudget":1000}`
    context: 95,
    state: Math.round(totals.state / totals.commands),
    records: Math.round(totals.records / totals.commands),
  };
}

const pad = (n: number, width = 10) => String(n).padStart(width, '0');
const iso = (at = Date.now()) => new Date(at).toISOString();
const filler = (length: number) => 'x'.repeat(length);

/** A whole row as Projector writes it: `updateMany` by `_id`, `$set` of every field, upsert. */
function setRow({ _id, ...fields }: Doc): AnyBulkWriteOperation<Doc> {
  return { updateMany: { filter: { _id }, update: { $set: fields }, upsert: true } };
}

function guardedRow(id: string, instanceKey: string, seq: number): AnyBulkWriteOperation<Doc> {
  return {
    updateMany: {
      filter: { _id: id, seq: { $lt: seq } },
      update: {
        $set: {
          type: JOB_TYPE,
          processInstanceKey: instanceKey,
          notBefore: 0,
          blocked: false,
          seq,
        },
      },
    },
  };
}

function activatableRow(id: string, instanceKey: string, seq: number): Doc {
  return {
    _id: id,
    type: JOB_TYPE,
    processInstanceKey: instanceKey,
    notBefore: 0,
    deadline: 0,
    leaseNo: 0,
    blocked: false,
    seq,
  };
}

function commit(instanceKey: string, seq: number, sizes: CommitSizes): Doc {
  return {
    _id: `${instanceKey}:${pad(seq)}`,
    instanceKey,
    seq,
    processDefinitionKey: '2251799813685249',
    command: filler(sizes.command),
    context: filler(sizes.context),
    state: filler(sizes.state),
    records: filler(sizes.records),
    at: iso(),
  };
}

function common(instanceKey: string) {
  return {
    processInstanceKey: instanceKey,
    rootProcessInstanceKey: instanceKey,
    processDefinitionKey: '2251799813685249',
    processDefinitionId: PROCESS_ID,
    tenantId: TENANT,
  };
}

function elementInstance(
  key: string,
  instanceKey: string,
  elementId: string,
  type: string,
  state: string,
  seq: number,
): Doc {
  return {
    _id: key,
    elementInstanceKey: key,
    ...common(instanceKey),
    elementId,
    elementName: elementId,
    type,
    state,
    hasIncident: false,
    incidentKey: null,
    startDate: iso(),
    endDate: state === 'COMPLETED' ? iso() : null,
    elementInstanceScopeKey: key === instanceKey ? null : instanceKey,
    seq,
  };
}

function job(key: string, instanceKey: string, elementId: string, state: string, seq: number): Doc {
  return {
    _id: key,
    jobKey: key,
    type: JOB_TYPE,
    state,
    kind: 'BPMN_ELEMENT',
    listenerEventType: 'UNSPECIFIED',
    ...common(instanceKey),
    elementId,
    elementInstanceKey: String(Number(key) - 1),
    retries: 3,
    customHeaders: {},
    errorCode: null,
    errorMessage: null,
    hasFailedWithRetriesLeft: false,
    isDenied: null,
    deniedReason: null,
    creationTime: iso(),
    endTime: state === 'COMPLETED' ? iso() : null,
    lastUpdateTime: iso(),
    seq,
  };
}

function instance(instanceKey: string, state: string, seq: number): Doc {
  return {
    _id: instanceKey,
    ...common(instanceKey),
    processDefinitionName: 'Bench sequence',
    processDefinitionVersion: 1,
    processDefinitionVersionTag: null,
    startDate: iso(),
    endDate: state === 'COMPLETED' ? iso() : null,
    state,
    hasIncident: false,
    parentProcessInstanceKey: null,
    parentElementInstanceKey: null,
    tags: [],
    businessId: null,
    startedBy: null,
    projectedSeq: seq,
  };
}
