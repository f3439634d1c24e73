/**
 * The worker thread that runs the runtime's pure core. A command whose FEEL or step
 * loop outruns its time budget is cut by terminating this thread (D6): the main
 * thread keeps serving meanwhile.
 */
import { parentPort } from 'node:worker_threads';
import {
  KeyRangeExhaustedError,
  processCommand,
  type CompiledDefinition,
} from '../../../runtime/src';
import type { WorkerMessage, WorkerRequest, WorkerResponse } from './CommandRunner';

const definitions = new Map<string, CompiledDefinition>();

parentPort!.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    if (request.definition) definitions.set(request.definitionKey, request.definition);
    const definition = definitions.get(request.definitionKey);
    if (!definition) {
      response = { id: request.id, kind: 'missingDefinition' };
    } else {
      const result = processCommand(definition, request.state, request.command, request.context);
      response = { id: request.id, kind: 'result', result };
    }
  } catch (error) {
    response =
      error instanceof KeyRangeExhaustedError
        ? { id: request.id, kind: 'keysExhausted' }
        : { id: request.id, kind: 'error', message: String((error as Error)?.stack ?? error) };
  }
  parentPort!.postMessage(response);
});

// Loaded: from now on the time budget measures commands, not the thread's start-up.
parentPort!.postMessage({ kind: 'ready' } satisfies WorkerMessage);
