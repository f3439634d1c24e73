/**
 * Evaluates decisions for `POST /v2/decision-definitions/evaluation` on a worker thread with a
 * time budget (D6), as `CommandRunner` runs commands: FEEL cannot be interrupted on its own
 * thread, so a pathological expression would otherwise block the server. An evaluation that
 * outruns the budget (or the thread's memory) is cut, its thread replaced, and it answers as a
 * failed evaluation, which Camunda reports with `failureMessage`.
 *
 * One thread, started at the first evaluation; evaluations queue, and only their own run
 * counts against the budget.
 */
import { Worker } from 'node:worker_threads';
import type { CompiledDrg, DecisionEvaluation } from '../../../runtime/src';
import type { DecisionEvaluator } from './DecisionService';

export interface DecisionWorkerRequest {
  id: number;
  decisionRequirementsKey: string;
  /** sent the first time a thread sees the graph */
  drg?: CompiledDrg;
  decisionId: string;
  variables: Record<string, unknown>;
  now: number;
}

export type DecisionWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; evaluation: DecisionEvaluation }
  | { kind: 'missingGraph'; id: number }
  | { kind: 'error'; id: number; message: string };

const THREAD_HEAP_MB = 256;

interface DecisionThread {
  worker: Worker;
  ready: Promise<void>;
  known: Set<string>;
  onMessage: ((message: DecisionWorkerMessage) => void) | null;
  onFailure: ((error: Error) => void) | null;
  /** set when the thread has exited (cut, closed, or crashed while idle) */
  exited: boolean;
}

export class DecisionRunner {
  private thread: DecisionThread | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;

  constructor(private readonly timeBudgetMs: number) {}

  /** Queues one evaluation; never rejects for the decision's sake. */
  readonly evaluate: DecisionEvaluator = (deployed, variables, now) => {
    const request: Omit<DecisionWorkerRequest, 'id'> = {
      decisionRequirementsKey: deployed.requirements.decisionRequirementsKey,
      decisionId: deployed.decision.decisionDefinitionId,
      variables,
      now,
    };
    const run = this.tail.then(() => this.run(request, deployed.drg));
    this.tail = run.catch(() => undefined);
    return run;
  };

  private async run(
    request: Omit<DecisionWorkerRequest, 'id'>,
    drg: CompiledDrg,
  ): Promise<DecisionEvaluation> {
    if (this.closed) throw new Error('the decision runner is closed');
    if (this.thread?.exited) this.thread = null;
    const thread = (this.thread ??= spawn());
    try {
      await thread.ready;
    } catch (error) {
      if (this.thread === thread) this.thread = null;
      throw error;
    }
    const id = this.nextId++;
    const message: DecisionWorkerRequest = { id, ...request };
    if (!thread.known.has(request.decisionRequirementsKey)) message.drg = drg;
    const cut = (reason: string): DecisionEvaluation => {
      thread.onMessage = thread.onFailure = null;
      if (this.thread === thread) this.thread = null;
      void thread.worker.terminate();
      return {
        ok: false,
        decisionId: request.decisionId,
        decisionRequirementsId: drg.decisionRequirementsId,
        failedDecisionId: request.decisionId,
        message: `Expected to evaluate decision '${request.decisionId}', but ${reason}`,
        evaluatedDecisions: [],
      };
    };
    return new Promise<DecisionEvaluation>((resolve, reject) => {
      const timer = setTimeout(
        () => resolve(cut(`its evaluation exceeded the time budget of ${this.timeBudgetMs} ms`)),
        this.timeBudgetMs,
      );
      thread.onFailure = (error) => {
        clearTimeout(timer);
        resolve(cut(`its evaluation failed (${error.message})`));
      };
      thread.onMessage = (answer) => {
        if (answer.kind === 'ready' || answer.id !== id) return;
        clearTimeout(timer);
        thread.onMessage = thread.onFailure = null;
        if (answer.kind === 'result') {
          thread.known.add(request.decisionRequirementsKey);
          resolve(answer.evaluation);
        } else if (answer.kind === 'missingGraph') {
          thread.known.delete(request.decisionRequirementsKey);
          reject(new Error('the decision thread lost its graph'));
        } else reject(new Error(`the decision thread failed: ${answer.message}`));
      };
      thread.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    this.thread = null;
    await thread?.worker.terminate();
  }
}

function spawn(): DecisionThread {
  const entry = new URL('./decisionWorker.ts', import.meta.url).href;
  const worker = new Worker(new URL('./bootCommandWorker.mjs', import.meta.url), {
    workerData: { entry, compiled: false },
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
  });
  worker.unref();
  const thread: DecisionThread = {
    worker,
    known: new Set(),
    onMessage: null,
    onFailure: null,
    exited: false,
    ready: new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (message: DecisionWorkerMessage) => {
        if (message.kind === 'ready') resolve();
        thread.onMessage?.(message);
      });
    }),
  };
  worker.on('error', (error) => thread.onFailure?.(error));
  worker.on('exit', (code) => {
    thread.exited = true;
    thread.onFailure?.(new Error(`its thread exited with code ${code}`));
  });
  // A thread that failed to boot fails the evaluation waiting on it; the next one spawns anew.
  thread.ready.catch(() => undefined);
  return thread;
}
