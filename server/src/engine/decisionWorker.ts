/**
 * The worker thread that evaluates decisions for {@link DecisionRunner}: graphs are cached
 * by key (they are immutable), the runtime's pure `evaluateDecision` does the rest. A
 * pathological expression is cut by terminating this thread (D6).
 */
import { parentPort } from 'node:worker_threads';
import { evaluateDecision, type CompiledDrg } from '../../../runtime/src';
import type { DecisionWorkerMessage, DecisionWorkerRequest } from './DecisionRunner';

const graphs = new Map<string, CompiledDrg>();

parentPort!.on('message', (request: DecisionWorkerRequest) => {
  let answer: DecisionWorkerMessage;
  try {
    if (request.drg) graphs.set(request.decisionRequirementsKey, request.drg);
    const drg = graphs.get(request.decisionRequirementsKey);
    answer = drg
      ? {
          kind: 'result',
          id: request.id,
          evaluation: evaluateDecision(drg, request.decisionId, request.variables, {
            now: request.now,
          }),
        }
      : { kind: 'missingGraph', id: request.id };
  } catch (error) {
    answer = { kind: 'error', id: request.id, message: String((error as Error)?.stack ?? error) };
  }
  parentPort!.postMessage(answer);
});

// Loaded: from now on the time budget measures evaluations, not the thread's start-up.
parentPort!.postMessage({ kind: 'ready' } satisfies DecisionWorkerMessage);
