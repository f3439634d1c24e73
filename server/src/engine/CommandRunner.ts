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

/** The result and the exact context it was computed with (stored for replay). */
export interface RunOutcome {
  result: CommandResult;
  context: CommandContext;
}

export class CommandTimeoutError extends Error {
  constructor(readonly budgetMs: number) {
    super(`command processing exceeded its time budget of ${budgetMs} ms`);
  }
}

interface Pending {
  resolve: (response: WorkerResponse) => void;
  timer: NodeJS.Timeout;
}

class CommandThread {
  worker: Worker;
  readonly known = new Set<string>();
  readonly pending = new Map<number, Pending>();
  busy = 0;

  constructor() {
    this.worker = spawn();
    this.worker.on('message', (response: WorkerResponse) => {
      const pending = this.pending.get(response.id);
      if (!pending) return;
      clearTimeout(pending.timer);
      this.pending.delete(response.id);
      this.busy--;
      pending.resolve(response);
    });
  }
}

function spawn(): Worker {
  const entry = new URL('./commandWorker.ts', import.meta.url).href;
  const worker = new Worker(new URL('./bootCommandWorker.mjs', import.meta.url), {
    workerData: { entry, compiled: false },
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
  private nextId = 1;

  constructor(private readonly options: CommandRunnerOptions) {
    for (let i = 0; i < options.threads; i++) this.threads.push(new CommandThread());
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
    const thread = this.threads.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    const request: WorkerRequest = { id, definitionKey, state, command, context };
    if (!thread.known.has(definitionKey)) {
      request.definition = definition;
      thread.known.add(definitionKey);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.replace(thread);
        reject(new CommandTimeoutError(this.options.timeBudgetMs));
      }, this.options.timeBudgetMs);
      thread.pending.set(id, { resolve, timer });
      thread.busy++;
      thread.worker.postMessage(request);
    });
  }

  /** Cuts a thread that outran its budget; the other commands it held are re-sent. */
  private replace(stuck: CommandThread) {
    const index = this.threads.indexOf(stuck);
    void stuck.worker.terminate();
    const fresh = new CommandThread();
    this.threads[index] = fresh;
    for (const [id, pending] of stuck.pending) {
      clearTimeout(pending.timer);
      pending.resolve({ id, kind: 'error', message: 'command thread was restarted' });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
    this.threads = [];
  }
}
