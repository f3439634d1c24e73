/**
 * (a) Relata's pure runtime in memory: `processCommand` creates the instance, then each
 * job is completed in-process as soon as the command that created it returns. No
 * database, no worker thread, no JSON: the cost of the runtime's core alone.
 */
import {
  processCommand,
  type CommandResult,
  type CompiledDefinition,
  type InstanceState,
  type KeyRange,
} from '../../runtime/src';
import { compileBpmn } from '../../runtime/src/compile/compileBpmn';
import type { Scenario } from '../harness';
import { relataXml } from '../processModel';

/** Keys per command, as the server reserves them (KeyAllocator's SMALL_RANGE). */
const KEYS_PER_COMMAND = 256;
const PROCESS_DEFINITION_KEY = 2 ** 51 + 1;

export async function compileBenchProcess(): Promise<CompiledDefinition> {
  const compiled = await compileBpmn(relataXml());
  if (!compiled.ok) throw new Error(`bench process: ${JSON.stringify(compiled.problems)}`);
  return compiled.definitions[0]!;
}

/** A deterministic runner of the bench process through the pure core. */
export class PureRuntime {
  private nextKey = PROCESS_DEFINITION_KEY + 1;

  constructor(readonly definition: CompiledDefinition) {}

  private keys(): KeyRange {
    const range = { next: this.nextKey, max: this.nextKey + KEYS_PER_COMMAND - 1 };
    this.nextKey += KEYS_PER_COMMAND;
    return range;
  }

  create(): CommandResult {
    return processCommand(
      this.definition,
      null,
      {
        type: 'instance.create',
        processDefinitionKey: PROCESS_DEFINITION_KEY,
        processDefinitionVersion: 1,
        variables: {},
      },
      { now: Date.now(), keys: this.keys() },
    );
  }

  /** Completes the job the last command created (read from its records). */
  completeCreatedJob(previous: CommandResult): CommandResult | null {
    if (!previous.ok) throw new Error(`rejected: ${previous.rejection.message}`);
    const created = previous.records.find(
      (record) => record.kind === 'job' && record.state === 'CREATED',
    );
    if (!created || created.kind !== 'job') return null;
    return processCommand(
      this.definition,
      previous.state,
      { type: 'job.complete', jobKey: created.row.key, variables: {} },
      { now: Date.now(), keys: this.keys() },
    );
  }

  /** Runs one instance to its end; returns every command's result, in order. */
  runToEnd(onResult?: (result: CommandResult, index: number) => void): InstanceState {
    let result: CommandResult | null = this.create();
    let last = result;
    for (let index = 0; result; index++) {
      onResult?.(result, index);
      last = result;
      result = this.completeCreatedJob(result);
    }
    if (!last.ok || last.state.state !== 'COMPLETED')
      throw new Error('the bench instance did not complete');
    return last.state;
  }
}

export async function relataMemoryScenario(): Promise<Scenario> {
  const runtime = new PureRuntime(await compileBenchProcess());
  return {
    id: 'a',
    label: 'Relata pure runtime (processCommand)',
    backend: 'memory',
    async run(count) {
      for (let i = 0; i < count; i++) runtime.runToEnd();
    },
    async hold(count) {
      let waiting: InstanceState[] = [];
      for (let i = 0; i < count; i++) {
        const result = runtime.create();
        if (!result.ok) throw new Error(result.rejection.message);
        waiting.push(result.state);
      }
      return async () => {
        waiting = [];
      };
    },
    async close() {},
  };
}
