/**
 * What an element type adds to the shared lifecycle: whether it waits for work, how
 * it opens, closes and cancels that work, and which outgoing flows it takes.
 */
import type { CompiledElement } from '../model/CompiledDefinition';
import type { ElementInstanceState } from '../model/InstanceState';
import type { Execution } from '../engine/Execution';
import type { Outcome } from '../engine/expressions';

export interface Behavior {
  /** true when the element stays active until work (a job, a task) is done */
  waits: boolean;
  open?(exec: Execution, instance: ElementInstanceState, element: CompiledElement): Outcome<void>;
  close?(exec: Execution, instance: ElementInstanceState): void;
  cancel?(exec: Execution, instance: ElementInstanceState): void;
  /** the outgoing sequence flows to take on completion */
  selectFlows(
    exec: Execution,
    instance: ElementInstanceState,
    element: CompiledElement,
  ): Outcome<string[]>;
}

export const takeAllOutgoing: Behavior['selectFlows'] = (_exec, _instance, element) => ({
  ok: true,
  value: element.outgoing,
});
