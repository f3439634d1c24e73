/**
 * The imperative shell around the runtime's pure core: load an instance's latest
 * commit, run the command, insert the next commit (the insert is the lock), project it.
 * The loser of a commit race reloads and tries again; a command that is no longer
 * valid after the reload is answered with its rejection (404/409).
 */
import { EventEmitter } from 'node:events';
import {
  KeyRangeExhaustedError,
  type BoundClient,
  type Command,
  type InstanceState,
  type FormBinding,
  type KeyRange,
  type ParentLink,
  type RuntimeRecord,
} from '../../../runtime/src';
import {
  isDuplicateKey,
  pad,
  type CommitDocument,
  type EngineCollections,
} from '../db/collections';
import { ProblemError } from '../http/ProblemError';
import { commitId, CommitStore } from '../storage/CommitStore';
import { DeletedResourceRepository } from '../storage/DeletedResourceRepository';
import type { DefinitionRecord, DefinitionRepository } from '../storage/DefinitionRepository';
import { FormRepository } from '../storage/FormRepository';
import { LARGE_RANGE, SMALL_RANGE, type KeyAllocator } from '../storage/KeyAllocator';
import { Projector } from '../storage/Projector';
import { bindingForStart, type ClientDirectory } from './ClientDirectory';
import { admitCommit, linkedFormKeys, type FormKeys } from './admitCommit';
import type { CommandRunner, RunOutcome } from './CommandRunner';
import type { SharedClock } from './SharedClock';

interface LoadedInstance {
  seq: number;
  state: InstanceState;
  definitionKey: string;
  startedBy: string | null;
}

export interface StartOptions {
  /** a start event with a trigger; absent: the none start event */
  startElementId?: string;
  /** the message or signal key that starts the instance */
  deliveryKey?: number;
  /** keys fixed in advance, so a repeated start is recognised */
  keys?: KeyRange;
  /** an instance a call activity starts: its caller */
  parent?: ParentLink;
}

export interface ExecutedCommand {
  state: InstanceState;
  records: RuntimeRecord[];
}

const MAX_ATTEMPTS = 50;
/** How old a pending-projection marker must be before the sweep takes it over. */
const RECOVERY_GRACE_MS = 2_000;
const CACHE_LIMIT = 5_000;

export class EngineService {
  readonly events = new EventEmitter();
  private readonly cache = new Map<string, LoadedInstance>();
  private readonly commits: CommitStore;
  private readonly projector: Projector;
  private readonly forms: FormRepository;
  private readonly tombstones: DeletedResourceRepository;
  /** Test hook: stop between a commit and its projection (the crash D3 recovers from). */
  beforeProjection: ((commit: CommitDocument) => Promise<void>) | null = null;
  /** Where bound clients come from; without it no instance is bound (engine-only tests). */
  private clients: ClientDirectory | null = null;

  constructor(
    private readonly c: EngineCollections,
    private readonly definitions: DefinitionRepository,
    private readonly keys: KeyAllocator,
    private readonly runner: CommandRunner,
    readonly clock: SharedClock,
  ) {
    this.commits = new CommitStore(c);
    this.projector = new Projector(c);
    this.forms = new FormRepository(c);
    this.tombstones = new DeletedResourceRepository(c);
    this.events.setMaxListeners(0);
  }

  /** Lets instances bind to clients of this directory (the CRM). */
  useClients(directory: ClientDirectory) {
    this.clients = directory;
  }

  /**
   * Runs after every commit is projected, and again for a commit whose marker a crash
   * left behind: carrying out what the commit set off (signals thrown, buffered messages
   * for subscriptions it opened). Each must be idempotent.
   */
  readonly followUps: ((state: InstanceState, records: RuntimeRecord[]) => Promise<void>)[] = [];

  /**
   * Creates an instance. With `start.keys` the instance's keys are fixed in advance (a
   * timer, message or signal start recorded them in its claim): creating it again after a
   * crash finds the commit there and answers null instead of creating a second one.
   */
  async createInstance(
    definition: DefinitionRecord,
    variables: Record<string, unknown>,
    startedBy: string | null,
    start: StartOptions = {},
  ): Promise<ExecutedCommand> {
    const executed = await this.tryCreateInstance(definition, variables, startedBy, start);
    if (!executed) throw new Error(`the instance keys of this start were already taken`);
    return executed;
  }

  /** As createInstance, but null when the preset instance key exists already. */
  async tryCreateInstance(
    definition: DefinitionRecord,
    variables: Record<string, unknown>,
    startedBy: string | null,
    start: StartOptions = {},
  ): Promise<ExecutedCommand | null> {
    const loaded = await this.definitions.get(definition.processDefinitionKey);
    if (!loaded)
      throw ProblemError.notFound(
        `process definition '${definition.processDefinitionKey}' not found`,
      );
    const command: Command = {
      type: 'instance.create',
      processDefinitionKey: Number(definition.processDefinitionKey),
      processDefinitionVersion: definition.version,
      variables,
      ...(start.startElementId ? { startElementId: start.startElementId } : {}),
      ...(start.deliveryKey !== undefined ? { deliveryKey: start.deliveryKey } : {}),
      ...(start.parent ? { parent: start.parent } : {}),
    };
    const client = this.clients ? await bindingForStart(this.clients, variables) : null;
    let size = SMALL_RANGE;
    for (;;) {
      const keys = start.keys ?? (await this.keys.range(0, size));
      const now = this.clock.now();
      try {
        const run = await this.runner.run(
          definition.processDefinitionKey,
          loaded.definition,
          null,
          command,
          { now, keys, ...(client ? { client } : {}) },
        );
        const state = accepted(run.result);
        const instanceKey = String(state.processInstanceKey);
        const executed = await this.commit(
          instanceKey,
          1,
          definition.processDefinitionKey,
          command,
          run,
          startedBy,
          null,
        );
        if (!executed && !start.keys)
          throw new Error(`instance key ${instanceKey} was already taken`);
        return executed;
      } catch (error) {
        if (error instanceof KeyRangeExhaustedError && size < LARGE_RANGE && !start.keys) {
          size = LARGE_RANGE;
          continue;
        }
        throw error;
      }
    }
  }

  /** Runs a command on an existing instance, retrying on a lost commit race. */
  async execute(instanceKey: string, command: Command): Promise<ExecutedCommand> {
    let size = SMALL_RANGE;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await this.load(instanceKey);
      if (!loaded) throw ProblemError.notFound(`process instance '${instanceKey}' not found`);
      const definition = await this.definitions.get(loaded.definitionKey);
      if (!definition)
        throw new Error(`definition ${loaded.definitionKey} of instance ${instanceKey} is missing`);
      const keys = await this.keys.range(loaded.state.lastKey, size);
      const client = await this.boundClientOf(loaded.state);
      const now = this.clock.now();
      let run: RunOutcome;
      try {
        run = await this.runner.run(
          loaded.definitionKey,
          definition.definition,
          loaded.state,
          command,
          { now, keys, ...(client ? { client } : {}) },
        );
      } catch (error) {
        if (error instanceof KeyRangeExhaustedError && size < LARGE_RANGE) {
          size = LARGE_RANGE;
          attempt--;
          continue;
        }
        throw error;
      }
      // A rejection counts only against the latest commit: the state may be a cached one
      // that another process has moved on from (a timer or a subscription it opened).
      if (!run.result.ok && (await this.commits.read(instanceKey, loaded.seq + 1))) {
        this.cache.delete(instanceKey);
        continue;
      }
      accepted(run.result);
      const executed = await this.commit(
        instanceKey,
        loaded.seq + 1,
        loaded.definitionKey,
        command,
        run,
        loaded.startedBy,
        loaded.state,
      );
      if (executed) return executed;
      this.cache.delete(instanceKey);
    }
    throw new ProblemError(
      503,
      `too much contention on process instance '${instanceKey}'; try again`,
      [],
      'RESOURCE_EXHAUSTED',
    );
  }

  /** The latest revision of the instance's client (archived or not), read per command. */
  private async boundClientOf(state: InstanceState): Promise<BoundClient | null> {
    if (!state.clientId || !this.clients) return null;
    const revision = await this.clients.revisionOf(state.clientId);
    return revision ? { id: revision.id, rev: revision.rev, record: revision.record } : null;
  }

  private async commit(
    instanceKey: string,
    seq: number,
    definitionKey: string,
    command: Command,
    run: RunOutcome,
    startedBy: string | null,
    previous: InstanceState | null,
  ): Promise<ExecutedCommand | null> {
    const { result, context } = run;
    if (!result.ok) throw new Error('unreachable');
    const id = commitId(instanceKey, seq);
    let formKeys = await this.linkForms(previous, result.records, definitionKey);
    // The marker goes in before the commit, so a process that dies between commit and
    // projection leaves a trace the sweep finds without scanning the log. It names the
    // resources the commit uses; then their tombstones are read (see admitCommit).
    await this.markPending(id, instanceKey, [definitionKey, ...linkedFormKeys(formKeys)]);
    formKeys = await admitCommit(this.c, this.tombstones, { id, seq, definitionKey }, formKeys);
    const doc: CommitDocument = {
      _id: id,
      instanceKey,
      seq,
      processDefinitionKey: definitionKey,
      command: JSON.stringify(command),
      context: JSON.stringify(context),
      state: JSON.stringify(result.state),
      records: JSON.stringify(result.records),
      ...(formKeys ? { formKeys: JSON.stringify(formKeys) } : {}),
      at: new Date(context.now).toISOString(),
      ...(startedBy ? { startedBy } : {}),
      ...(context.client ? { clientId: context.client.id, clientRev: context.client.rev } : {}),
    };
    if (!(await this.commits.append(doc))) return null;
    this.remember(instanceKey, { seq, state: result.state, definitionKey, startedBy });
    if (this.beforeProjection) await this.beforeProjection(doc);
    await this.project(doc, result.state, result.records, startedBy);
    await this.rollForward(instanceKey, seq);
    await this.runFollowUps(result.state, result.records);
    await this.c.pendingProjections.deleteOne({ _id: doc._id });
    return { state: result.state, records: result.records };
  }

  /**
   * The form each user task created by this command links to (`zeebe:formDefinition
   * formId`, binding `latest`): the latest version deployed now, fixed in the commit, so
   * that a later version never changes the task's form and a re-projection finds the same.
   * Camunda resolves it when the task is created too. Undefined when no task links one.
   */
  private async linkForms(
    previous: InstanceState | null,
    records: RuntimeRecord[],
    definitionKey: string,
  ): Promise<FormKeys | undefined> {
    let linked: Record<string, string | null> | undefined;
    // One look-up per form and binding: a multi-instance task opens many tasks of one form.
    const found = new Map<string, string | null>();
    for (const record of records) {
      if (record.kind !== 'userTask' || !record.row.formId) continue;
      const { formId, formBinding } = record.row;
      const key = String(record.row.key);
      if (previous?.userTasks[key] || (linked && key in linked)) continue;
      const lookup = `${formId}|${JSON.stringify(formBinding ?? null)}`;
      if (!found.has(lookup))
        found.set(lookup, await this.boundForm(formId, formBinding, definitionKey));
      (linked ??= {})[key] = found.get(lookup)!;
    }
    return linked;
  }

  /** The form version a binding picks now: the latest, the one deployed with the process, or by tag. */
  private async boundForm(
    formId: string,
    binding: FormBinding | undefined,
    definitionKey: string,
  ): Promise<string | null> {
    if (binding?.bindingType === 'versionTag') {
      return (await this.forms.byVersionTag(formId, binding.versionTag))?.formKey ?? null;
    }
    if (binding?.bindingType === 'deployment') {
      const process = await this.definitions.record(definitionKey);
      if (!process) return null;
      return (await this.forms.inDeployment(formId, process.deploymentKey))?.formKey ?? null;
    }
    return (await this.forms.latest(formId))?.formKey ?? null;
  }

  /**
   * Projections of one instance overlap (the committer, a loser's reload, the sweep, other
   * processes), and a slower projection of an older commit can land after a newer one's,
   * putting rows and the instance document back to that older commit. So whoever has
   * projected commit `seq` re-projects every later commit there is: the last write to each
   * row is then always that of the newest commit touching it. Usually one exact read.
   * Returns the newest commit found, if any.
   */
  private async rollForward(instanceKey: string, seq: number): Promise<CommitDocument | null> {
    let newest: CommitDocument | null = null;
    for (let next = seq + 1; ; next++) {
      const commit = await this.commits.read(instanceKey, next);
      if (!commit) return newest;
      await this.project(
        commit,
        JSON.parse(commit.state),
        JSON.parse(commit.records),
        (commit as { startedBy?: string }).startedBy ?? null,
      );
      newest = commit;
    }
  }

  private async project(
    doc: CommitDocument,
    state: InstanceState,
    records: RuntimeRecord[],
    startedBy: string | null,
  ) {
    const definition = await this.definitions.get(doc.processDefinitionKey);
    if (!definition) throw new Error(`definition ${doc.processDefinitionKey} is missing`);
    await this.projector.project({
      seq: doc.seq,
      at: Date.parse(doc.at),
      state,
      records,
      definition: definition.record,
      startedBy,
      formKeys: doc.formKeys ? (JSON.parse(doc.formKeys) as Record<string, string | null>) : {},
    });
    this.announce(state, records);
  }

  private announce(state: InstanceState, records: RuntimeRecord[]) {
    for (const record of records) {
      if (record.kind === 'job' && record.activatable)
        this.events.emit('job.activatable', record.row.type);
      if (record.kind === 'instance' && record.state !== 'ACTIVE') {
        this.events.emit(`instance.ended:${state.processInstanceKey}`, state);
      }
      if (record.kind === 'userTask') this.events.emit('userTask.changed', record.row.key);
    }
  }

  /**
   * The latest state of an instance: from the cache, or from its instance document and
   * the commits after it. Commits found beyond the projection are projected here, so a
   * process that died between commit and projection never leaves an instance stuck.
   */
  async load(
    instanceKey: string,
    options: { verify?: boolean } = {},
  ): Promise<LoadedInstance | null> {
    const cached = this.cache.get(instanceKey);
    // A cached state is current unless another process committed after it: with
    // `verify`, one exact `_id` read of the next commit tells.
    if (cached && !(options.verify && (await this.commits.read(instanceKey, cached.seq + 1)))) {
      return cached;
    }
    if (cached) this.cache.delete(instanceKey);
    const doc = await this.c.instances.findOne(
      { _id: instanceKey },
      { projection: { projectedSeq: 1, startedBy: 1 } },
    );
    const projectedSeq = typeof doc?.projectedSeq === 'number' ? doc.projectedSeq : 1;
    const commits = await this.commits.readFrom(instanceKey, projectedSeq);
    let last = commits[commits.length - 1];
    if (!last) return null;
    let projected = false;
    for (const commit of commits) {
      if (doc && commit.seq <= projectedSeq) continue;
      await this.project(
        commit,
        JSON.parse(commit.state),
        JSON.parse(commit.records),
        (commit as { startedBy?: string }).startedBy ?? null,
      );
      projected = true;
    }
    if (projected) last = (await this.rollForward(instanceKey, last.seq)) ?? last;
    const loaded: LoadedInstance = {
      seq: last.seq,
      state: JSON.parse(last.state) as InstanceState,
      definitionKey: last.processDefinitionKey,
      startedBy:
        (doc?.startedBy as string | undefined) ??
        (last as { startedBy?: string }).startedBy ??
        null,
    };
    this.remember(instanceKey, loaded);
    return loaded;
  }

  /** Forgets cached state (tests, and a sweep that wants to re-read from the log). */
  forget(instanceKey?: string) {
    if (instanceKey === undefined) this.cache.clear();
    else this.cache.delete(instanceKey);
  }

  /** Projects commits of active instances that no process projected (the sweep of D3). */
  async recoverUnprojected(graceMs = RECOVERY_GRACE_MS): Promise<number> {
    let recovered = 0;
    // Only markers older than the grace period: younger ones are being projected now.
    const stale = await this.c.pendingProjections
      .find({ writtenAt: { $lt: Date.now() - graceMs } })
      .limit(1000)
      .toArray();
    for (const marker of stale) {
      this.cache.delete(marker.instanceKey);
      await this.load(marker.instanceKey);
      const commit = await this.c.commits.findOne({ _id: marker._id });
      if (commit) await this.runFollowUps(JSON.parse(commit.state), JSON.parse(commit.records));
      await this.c.pendingProjections.deleteOne({ _id: marker._id });
      recovered++;
    }
    return recovered;
  }

  private async runFollowUps(state: InstanceState, records: RuntimeRecord[]) {
    for (const followUp of this.followUps) await followUp(state, records);
  }

  private async markPending(id: string, instanceKey: string, resourceKeys: string[]) {
    try {
      await this.c.pendingProjections.insertOne({
        _id: id,
        instanceKey,
        writtenAt: Date.now(),
        resourceKeys,
      });
    } catch (error) {
      // The racing writer of the same sequence number put it there: one marker serves both,
      // naming what either may commit (its command may open tasks with other forms).
      if (!isDuplicateKey(error)) throw error;
      await this.c.pendingProjections.updateOne(
        { _id: id },
        { $addToSet: { resourceKeys: { $each: resourceKeys } } },
      );
    }
  }

  private remember(instanceKey: string, loaded: LoadedInstance) {
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.delete(instanceKey);
    this.cache.set(instanceKey, loaded);
  }
}

function accepted(result: RunOutcome['result']): InstanceState {
  if (result.ok) return result.state;
  const { code, message } = result.rejection;
  const status = code === 'NOT_FOUND' ? 404 : code === 'INVALID_STATE' ? 409 : 400;
  throw new ProblemError(status, message);
}

export { pad };
