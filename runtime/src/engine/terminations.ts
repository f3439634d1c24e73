/**
 * Terminations that wait, as Zeebe 8.8 runs them. A user task with canceling task
 * listeners stays `terminating` until its listeners are done, and so does every scope
 * being terminated around it. What follows a termination then happens when it ends,
 * not within the step that began it: the interrupting boundary event is entered, the
 * interrupting event subprocess starts, a scope whose other paths a terminate end event
 * or a completion condition ended completes, the process instance ends.
 *
 * @example
 * // an interrupting timer on a task with a canceling listener: the task waits for it
 * enterAfterTermination(exec, task, { elementId: 'deadline', variables: {}, locals: {} });
 * // … the listener's job completes: the task is terminated and `deadline` entered
 */
import type { ElementInstanceState, PendingEntry } from '../model/InstanceState';
import type { Execution } from './Execution';
import { enterEventSubProcess } from './scopes';
import { stepElement } from './stepElement';
import { activateElement, isScopeDone } from './tokenFlow';
import { setLocalVariables } from './variables';

/**
 * Terminates the owner of an interrupting boundary event, then enters the event: at once,
 * or once the owner's termination is done.
 */
export function enterAfterTermination(
  exec: Execution,
  owner: ElementInstanceState,
  entry: PendingEntry,
): void {
  stepElement(exec, owner, 'TERMINATE');
  if (exec.element(owner.key)?.lifecycle.value === 'terminating') {
    owner.afterTermination = entry;
    return;
  }
  enterTriggeredEvent(exec, entry, owner.scopeKey ?? owner.key);
}

/** Enters a catch event that has happened (a boundary event, the event after a gateway). */
export function enterTriggeredEvent(exec: Execution, entry: PendingEntry, scopeKey: number): void {
  const entered = activateElement(exec, entry.elementId, scopeKey, { triggered: true });
  entered.resultVariables = entry.variables;
  setLocalVariables(exec, entered.key, entry.locals);
}

/**
 * A termination that waited is done: the element ends, then what waited on it goes on.
 * Its boundary event is entered if its scope still runs and no event subprocess
 * interrupted it (Zeebe's rule); otherwise its scope learns that one more child ended.
 */
export function completeTermination(exec: Execution, instance: ElementInstanceState): void {
  const scope = instance.scopeKey === null ? undefined : exec.element(instance.scopeKey);
  const entry = instance.afterTermination;
  stepElement(exec, instance, 'TERMINATED');
  if (!scope) {
    endTerminatedInstance(exec);
    return;
  }
  const running = scope.lifecycle.value === 'active';
  if (entry && running && !scope.interrupted) {
    enterTriggeredEvent(exec, entry, scope.key);
    return;
  }
  if (!isScopeDone(exec, scope.key)) return;
  if (scope.lifecycle.value === 'terminating') {
    completeTermination(exec, scope);
    return;
  }
  const pending = scope.pendingEventSubProcess;
  if (pending) {
    delete scope.pendingEventSubProcess;
    enterEventSubProcess(exec, scope, pending);
    return;
  }
  // A terminate end event or a completion condition ended the scope's other paths.
  if (running) exec.enqueue(scope.key, 'WORK_DONE');
}

/** The process itself was terminated: the instance ends. */
export function endTerminatedInstance(exec: Execution): void {
  exec.state.state = 'TERMINATED';
  exec.state.endDate = exec.nowIso;
  exec.records.push({ kind: 'instance', state: 'TERMINATED', endDate: exec.nowIso });
}
