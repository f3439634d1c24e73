/**
 * Test support for the runtime's pure core: compiles the `.bpmn` fixtures beside the specs
 * and drives one process instance through `processCommand`, keeping every command and
 * context it sent so a test can persist, restore or replay them.
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { compileBpmn } from '../../../../runtime/src/compile/compileBpmn';
import {
  processCommand,
  type Command,
  type CommandContext,
  type CommandResult,
  type CompiledDefinition,
  type IncidentState,
  type InstanceState,
  type JobState,
  type MessageSubscriptionState,
  type RuntimeRecord,
  type SignalSubscriptionState,
  type TimerState,
  type UserTaskState,
  type Variables,
} from '../../../../runtime/src';

export type Accepted = Extract<CommandResult, { ok: true }>;

/** One command as it was sent: enough to replay it. */
export interface SentCommand {
  command: Command;
  context: CommandContext;
}

/** The clock every test starts from: 2025-03-04T05:06:07.000Z. */
export const T0 = Date.UTC(2025, 2, 4, 5, 6, 7);
/** The first key of the first command's range. */
export const FIRST_KEY = 2251799813685249;
/** How many keys each command's range holds. */
const KEY_RANGE = 1000;

const cache = new Map<string, Promise<CompiledDefinition>>();

/** Compiles `<name>.bpmn` from this folder and returns its only executable process. */
export function loadDefinition(name: string): Promise<CompiledDefinition> {
  let definition = cache.get(name);
  if (!definition) {
    definition = compileFixture(name);
    cache.set(name, definition);
  }
  return definition;
}

async function compileFixture(name: string): Promise<CompiledDefinition> {
  const xml = await readFile(new URL(`./${name}.bpmn`, import.meta.url), 'utf8');
  const result = await compileBpmn(xml);
  if (!result.ok) {
    const problems = result.problems.map((p) => `${p.elementId ?? '-'}: ${p.message}`);
    throw new Error(`fixture ${name}.bpmn does not compile:\n${problems.join('\n')}`);
  }
  const [definition] = result.definitions;
  if (!definition) throw new Error(`fixture ${name}.bpmn has no executable process`);
  return definition;
}

export type CreateCommand = Extract<Command, { type: 'instance.create' }>;

export function createCommand(variables: Variables = {}): CreateCommand {
  return {
    type: 'instance.create',
    processDefinitionKey: 1,
    processDefinitionVersion: 1,
    variables,
  };
}

export interface DriverOptions {
  now?: number;
  stepBudget?: number;
}

/**
 * Drives one instance: each command gets the driver's clock and a fresh key range that
 * starts above the instance's last key, as the server hands them out.
 */
export class InstanceDriver {
  state: InstanceState | null = null;
  now: number;
  readonly sent: SentCommand[] = [];
  /** every record of every accepted command, in order */
  readonly records: RuntimeRecord[] = [];

  constructor(
    readonly definition: CompiledDefinition,
    private readonly options: DriverOptions = {},
  ) {
    this.now = options.now ?? T0;
  }

  /** The context the next command is sent with. */
  nextContext(extra: Partial<CommandContext> = {}): CommandContext {
    const next = this.state ? this.state.lastKey + 1 : FIRST_KEY;
    const context: CommandContext = { now: this.now, keys: { next, max: next + KEY_RANGE - 1 } };
    if (this.options.stepBudget !== undefined) context.stepBudget = this.options.stepBudget;
    return { ...context, ...extra };
  }

  /** Sends a command and returns the raw result; an accepted one advances the state. */
  send(command: Command, extra: Partial<CommandContext> = {}): CommandResult {
    const context = this.nextContext(extra);
    const result = processCommand(this.definition, this.state, command, context);
    if (result.ok) {
      this.sent.push({ command, context });
      this.state = result.state;
      this.records.push(...result.records);
    }
    return result;
  }

  /** Sends a command that must be accepted. */
  run(command: Command, extra: Partial<CommandContext> = {}): Accepted {
    const result = this.send(command, extra);
    if (!result.ok) {
      throw new Error(
        `${command.type} rejected: ${result.rejection.code} ${result.rejection.message}`,
      );
    }
    return result;
  }

  get current(): InstanceState {
    if (!this.state) throw new Error('no instance yet');
    return this.state;
  }

  get processInstanceKey(): number {
    return this.current.processInstanceKey;
  }

  job(elementId?: string): JobState {
    return only(
      Object.values(this.current.jobs).filter((j) => matches(j, elementId)),
      'job',
    );
  }

  userTask(elementId?: string): UserTaskState {
    const tasks = Object.values(this.current.userTasks).filter((t) => matches(t, elementId));
    return only(tasks, 'user task');
  }

  incident(elementId?: string): IncidentState {
    const incidents = Object.values(this.current.incidents).filter((i) => matches(i, elementId));
    return only(incidents, 'incident');
  }

  /** The one open timer (of the event `elementId`). */
  timer(elementId?: string): TimerState {
    return only(
      Object.values(this.current.timers).filter((t) => matches(t, elementId)),
      'timer',
    );
  }

  /** The one open message subscription (of the event `elementId`). */
  messageSubscription(elementId?: string): MessageSubscriptionState {
    const subscriptions = Object.values(this.current.messageSubscriptions);
    return only(
      subscriptions.filter((s) => matches(s, elementId)),
      'message subscription',
    );
  }

  /** The one open signal subscription (of the event `elementId`). */
  signalSubscription(elementId?: string): SignalSubscriptionState {
    const subscriptions = Object.values(this.current.signalSubscriptions);
    return only(
      subscriptions.filter((s) => matches(s, elementId)),
      'signal subscription',
    );
  }

  /** Moves the clock to the timer's due date and fires it. */
  fireTimer(elementId?: string): Accepted {
    const timer = this.timer(elementId);
    this.now = Math.max(this.now, timer.dueDate);
    return this.run({ type: 'timer.trigger', timerKey: timer.key });
  }

  correlate(elementId: string, messageKey: number, variables: Variables = {}): Accepted {
    const subscriptionKey = this.messageSubscription(elementId).key;
    return this.run({ type: 'message.correlate', subscriptionKey, messageKey, variables });
  }

  signal(elementId: string, signalKey: number, variables: Variables = {}): Accepted {
    const subscriptionKey = this.signalSubscription(elementId).key;
    return this.run({ type: 'signal.trigger', subscriptionKey, signalKey, variables });
  }

  /** The key of the one active element instance of `elementId`. */
  elementKey(elementId: string): number {
    const instances = Object.values(this.current.elements).filter((e) => e.elementId === elementId);
    return only(instances, `element instance of '${elementId}'`).key;
  }

  /** Ids of the active element instances, the process itself excluded, sorted. */
  activeElementIds(): string[] {
    return Object.values(this.current.elements)
      .filter((e) => e.type !== 'PROCESS')
      .map((e) => e.elementId)
      .sort();
  }

  /** The process scope's variables as values. */
  processVariables(): Record<string, unknown> {
    return this.scopeVariables(this.processInstanceKey);
  }

  /** One scope's local variables as values (empty when the scope is gone). */
  scopeVariables(scopeKey: number): Record<string, unknown> {
    const scope = this.current.variables[String(scopeKey)] ?? {};
    return Object.fromEntries(
      Object.entries(scope).map(([name, variable]) => [name, JSON.parse(variable.value)]),
    );
  }

  completeJob(elementId?: string, variables: Variables = {}): Accepted {
    return this.run({ type: 'job.complete', jobKey: this.job(elementId).key, variables });
  }

  completeUserTask(elementId?: string, variables: Variables = {}): Accepted {
    const userTaskKey = this.userTask(elementId).key;
    return this.run({ type: 'userTask.complete', userTaskKey, variables });
  }

  resolveIncident(elementId?: string): Accepted {
    return this.run({ type: 'incident.resolve', incidentKey: this.incident(elementId).key });
  }

  setProcessVariables(variables: Variables): Accepted {
    const elementInstanceKey = this.processInstanceKey;
    return this.run({ type: 'variables.set', elementInstanceKey, variables, local: false });
  }
}

/** Creates an instance of the fixture `name` at its start event `startElementId` (a timer, message or signal). */
export async function startInstanceAt(
  name: string,
  startElementId: string,
  variables: Variables = {},
  deliveryKey?: number,
): Promise<InstanceDriver> {
  const driver = new InstanceDriver(await loadDefinition(name));
  const command: CreateCommand = { ...createCommand(variables), startElementId };
  if (deliveryKey !== undefined) command.deliveryKey = deliveryKey;
  driver.run(command);
  return driver;
}

/** Creates an instance of the fixture `name` and returns its driver. */
export async function startInstance(
  name: string,
  variables: Variables = {},
  options: DriverOptions = {},
): Promise<InstanceDriver> {
  const driver = new InstanceDriver(await loadDefinition(name), options);
  driver.run(createCommand(variables));
  return driver;
}

function matches(item: { elementId: string }, elementId: string | undefined): boolean {
  return elementId === undefined || item.elementId === elementId;
}

function only<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0]!;
}

/** The states an element went through in `records`: `['ACTIVE', 'COMPLETED']`. */
export function elementStates(records: RuntimeRecord[], elementId: string): string[] {
  return records.flatMap((record) =>
    record.kind === 'elementInstance' && record.row.elementId === elementId
      ? [record.row.state]
      : [],
  );
}

export function instanceStates(records: RuntimeRecord[]): string[] {
  return records.flatMap((record) => (record.kind === 'instance' ? [record.state] : []));
}

export function recordsOf<K extends RuntimeRecord['kind']>(
  records: RuntimeRecord[],
  kind: K,
): Extract<RuntimeRecord, { kind: K }>[] {
  return records.filter((record): record is Extract<RuntimeRecord, { kind: K }> => {
    return record.kind === kind;
  });
}

/** Asserts a rejection and returns it. */
export function expectRejected(result: CommandResult, code: string) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('accepted');
  expect(result.rejection.code).toBe(code);
  return result.rejection;
}

/** Every open job (of the element `elementId`), oldest first. */
export function jobsOf(driver: InstanceDriver, elementId?: string): JobState[] {
  return Object.values(driver.current.jobs)
    .filter((job) => matches(job, elementId))
    .sort((a, b) => a.key - b.key);
}

/** The keys of every active element instance of `elementId`, oldest first. */
export function elementKeysOf(driver: InstanceDriver, elementId: string): number[] {
  return Object.values(driver.current.elements)
    .filter((instance) => instance.elementId === elementId)
    .map((instance) => instance.key)
    .sort((a, b) => a - b);
}

/** A worker throws the BPMN error `errorCode` for the one open job (of `elementId`). */
export function throwJobError(
  driver: InstanceDriver,
  elementId: string,
  errorCode: string,
  errorMessage = '',
  variables: Variables = {},
): Accepted {
  const jobKey = driver.job(elementId).key;
  return driver.run({ type: 'job.throwError', jobKey, errorCode, errorMessage, variables });
}
