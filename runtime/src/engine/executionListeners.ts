/**
 * Execution listeners, as Camunda 8 runs them: jobs of their own (`kind`
 * `EXECUTION_LISTENER`), one at a time in the order modelled. Start listeners run after
 * the element's input mappings and before its work; end listeners after its output
 * mappings and before its outgoing flows. Variables a start listener's worker hands back
 * are local to the element; an end listener's propagate like a job's.
 */
import type { CompiledElement, ListenerDefinition } from '../model/CompiledDefinition';
import type { ElementInstanceState, JobState } from '../model/InstanceState';
import type { Variables } from '../model/Command';
import type { Execution } from './Execution';
import { fail, ok, ScopeExpressions, type Outcome } from './expressions';
import { recordJob } from './jobs';
import { propagateVariables, setLocalVariables } from './variables';

type Phase = 'start' | 'end';

/** The phase an element in this lifecycle state is (or is about to be) listening in. */
function phaseOf(instance: ElementInstanceState): Phase {
  const state = instance.lifecycle.value;
  return state === 'activating' || state === 'startListening' ? 'start' : 'end';
}

function listenersOf(element: CompiledElement, phase: Phase): ListenerDefinition[] {
  return element.listeners?.[phase] ?? [];
}

/** Opens the next listener's job (the first when the element has just started listening). */
export function openListener(
  exec: Execution,
  instance: ElementInstanceState,
  element: CompiledElement,
): Outcome<void> {
  const phase = phaseOf(instance);
  const state = instance.lifecycle.value;
  const index =
    state === 'activating' || state === 'completing' ? 0 : (instance.listenerIndex ?? 0);
  const listener = listenersOf(element, phase)[index];
  if (!listener)
    return fail('UNKNOWN', `element '${element.id}' has no ${phase} listener ${index + 1}`);
  const expressions = new ScopeExpressions(exec, instance.key);
  const type = expressions.string(listener.type);
  if (!type.ok) return type;
  const retries = expressions.integer(listener.retries);
  if (!retries.ok) return retries;
  const job: JobState = {
    key: exec.nextKey(),
    type: type.value,
    elementInstanceKey: instance.key,
    elementId: instance.elementId,
    retries: retries.value,
    customHeaders: { ...listener.headers },
    status: 'CREATED',
    errorMessage: null,
    notBefore: null,
    creationTime: exec.nowIso,
    userTask: false,
    kind: 'EXECUTION_LISTENER',
    listenerEventType: phase === 'start' ? 'START' : 'END',
  };
  exec.state.jobs[String(job.key)] = job;
  instance.listenerIndex = index;
  instance.listenerJobKey = job.key;
  recordJob(exec, job, 'CREATED');
  return ok(undefined);
}

/** Whether another listener of the current phase is still to run after the one done. */
export function moreListeners(exec: Execution, instance: ElementInstanceState): boolean {
  const element = exec.elementDefinition(instance);
  return (instance.listenerIndex ?? 0) < listenersOf(element, phaseOf(instance)).length;
}

/** A listener's job completed: its variables go in, the next listener (or the element) goes on. */
export function completeListenerJob(
  exec: Execution,
  instance: ElementInstanceState,
  job: JobState,
  variables: Variables,
) {
  delete exec.state.jobs[String(job.key)];
  recordJob(exec, job, 'COMPLETED');
  delete instance.listenerJobKey;
  if (job.listenerEventType === 'START') setLocalVariables(exec, instance.key, variables);
  else propagateVariables(exec, instance.key, variables);
  instance.listenerIndex = (instance.listenerIndex ?? 0) + 1;
}

/** The element ends early: its open listener job goes with it. */
export function cancelListenerJob(exec: Execution, instance: ElementInstanceState) {
  if (instance.listenerJobKey === undefined) return;
  const job = exec.state.jobs[String(instance.listenerJobKey)];
  delete instance.listenerJobKey;
  if (!job) return;
  delete exec.state.jobs[String(job.key)];
  recordJob(exec, job, 'CANCELED');
}
