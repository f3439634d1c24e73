/**
 * Runs commands through the runtime's pure core on worker threads with a time budget.
 * A command that outruns the budget is cut (its thread is terminated and replaced)
 * and run again with every automatic step deferred into incidents, so a pathological
 * expression stops its instance, never the server (D6).
 */
import { Worker } from 'node:worker_threads';
import {
  KeyRangeExhaustedError,
  processCommand,
  type Command,
  type CommandContext,
  type CommandResult,
  type CompiledDefinition,
  type InstanceState,
} from '../../../runtime/src';

export interface WorkerRequest {
  id: number;
  definitionKey: string;
  definition?: CompiledDefinition;
  state: InstanceState | null;
  command: Command;
  context: CommandContext;
}

export type WorkerResponse =
  | { id: number; kind: 'result'; result: CommandResult }
  | { id: number; kind: 'missingDefinition' }
  | { id: number; kind: 'keysExhausted' }
  | { id: number; kind: 'error'; message: string };

/** What a command thread posts: an answer, or once, when it has loaded, that it is ready. */
export type WorkerMessage = WorkerResponse | { kind: 'ready' };

/** The result and the exact context it was computed with (stored for replay). */
export interface RunOutcome {
  result: CommandResult;
  context: CommandContext;
}

/** A command whose thread was cut: it outran its time budget or its memory limit. */
export class CommandTimeoutError extends Error {
  constructor(readonly reason: string) {
    super(`command processing was cut: ${reason}`);
  }
}

/** Memory one command thread may use; a runaway expression hits this, not the server. */
const THREAD_HEAP_MB = 512;

interface Job {
  request: Omit<WorkerRequest, 'id' | 'definition'>;
  definition: CompiledDefinition;
  resolve: (response: WorkerResponse) => void;
  reject: (error: Error) => void;
}

/** One worker thread; it runs one command at a time, so a budget never counts queueing. */
class CommandThread {
  readonly worker: Worker;
  readonly known = new Set<string>();
  /** Booting a thread (tsx, the runtime) takes about a second: no budget may count it. */
  ready = false;
  current: { id: number; job: Job; timer: NodeJS.Timeout } | null = null;

  constructor(onMessage: (thread: CommandThread, message: WorkerMessage) => void) {
    this.worker = spawn();
    this.worker.on('message', (message: WorkerMessage) => onMessage(this, message));
  }
}

function spawn(): Worker {
  const entry = new URL('./commandWorker.ts', import.meta.url).href;
  const worker = new Worker(new URL('./bootCommandWorker.mjs', import.meta.url), {
    workerData: { entry, compiled: false },
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
  });
  worker.unref();
  return worker;
}

export interface CommandRunnerOptions {
  threads: number;
  timeBudgetMs: number;
  stepBudget: number;
}

export class CommandRunner {
  private threads: CommandThread[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(private readonly options: CommandRunnerOptions) {
    for (let i = 0; i < options.threads; i++) this.threads.push(this.newThread());
  }

  async run(
    definitionKey: string,
    definition: CompiledDefinition,
    state: InstanceState | null,
    command: Command,
    context: CommandContext,
  ): Promise<RunOutcome> {
    const fullContext: CommandContext = { ...context, stepBudget: this.options.stepBudget };
    if (this.threads.length === 0) {
      return {
        result: processCommand(definition, state, command, fullContext),
        context: fullContext,
      };
    }
    let response: WorkerResponse;
    try {
      response = await this.send(definitionKey, definition, state, command, fullContext);
    } catch (error) {
      if (!(error instanceof CommandTimeoutError)) throw error;
      // The command's own transition has no FEEL in it: run it with its steps deferred.
      const deferred = { ...fullContext, deferAutomaticSteps: true };
      return { result: processCommand(definition, state, command, deferred), context: deferred };
    }
    switch (response.kind) {
      case 'result':
        return { result: response.result, context: fullContext };
      case 'keysExhausted':
        throw new KeyRangeExhaustedError();
      case 'missingDefinition':
        throw new Error('command worker lost its definition');
      case 'error':
        throw new Error(`command worker failed: ${response.message}`);
    }
  }

  private send(
    definitionKey: string,
    definition: CompiledDefinition,
    state: InstanceState | null,
    command: Command,
    context: CommandContext,
  ): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        request: { definitionKey, state, command, context },
        definition,
        resolve,
        reject,
      });
      this.dispatch();
    });
  }

  private newThread(): CommandThread {
    const thread = new CommandThread((thread, response) => {
      if (response.kind === 'ready') {
        thread.ready = true;
        this.dispatch();
        return;
      }
      if (!thread.current || thread.current.id !== response.id) return;
      clearTimeout(thread.current.timer);
      const { job } = thread.current;
      thread.current = null;
      job.resolve(response);
      this.dispatch();
    });
    // A thread that dies on its own (out of memory, a crash) is replaced like a cut one.
    thread.worker.on('error', (error) => {
      const current = thread.current;
      if (current) clearTimeout(current.timer);
      thread.current = null;
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads[index] = this.newThread();
      current?.job.reject(new CommandTimeoutError(`its thread failed (${error.message})`));
      this.dispatch();
    });
    return thread;
  }

  /** Hands queued commands to idle threads; the time budget starts here. */
  private dispatch() {
    for (const thread of this.threads) {
      if (thread.current || !thread.ready) continue;
      const job = this.queue.shift();
      if (!job) return;
      const id = this.nextId++;
      const request: WorkerRequest = { id, ...job.request };
      if (!thread.known.has(job.request.definitionKey)) {
        request.definition = job.definition;
        thread.known.add(job.request.definitionKey);
      }
      const timer = setTimeout(() => this.cut(thread), this.options.timeBudgetMs);
      thread.current = { id, job, timer };
      thread.worker.postMessage(request);
    }
  }

  /** Cuts a thread that outran its budget and puts a fresh one in its place. */
  private cut(stuck: CommandThread) {
    const job = stuck.current?.job;
    stuck.current = null;
    void stuck.worker.terminate();
    const index = this.threads.indexOf(stuck);
    if (index >= 0) this.threads[index] = this.newThread();
    job?.reject(
      new CommandTimeoutError(`it exceeded the time budget of ${this.options.timeBudgetMs} ms`),
    );
    this.dispatch();
  }

  async close(): Promise<void> {
    const threads = this.threads;
    this.threads = [];
    for (const job of this.queue.splice(0)) job.reject(new Error('the command runner is closed'));
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }
}
