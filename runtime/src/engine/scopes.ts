/**
 * Scopes: the process, subprocesses and event subprocesses hold element instances.
 * Ending a scope early (an interrupting event, a terminate end event) terminates what
 * runs inside it, innermost first, and drops the tokens waiting at its joins.
 */
import type { CompiledElement } from '../model/CompiledDefinition';
import type { ElementInstanceState, PendingEntry } from '../model/InstanceState';
import type { Execution } from './Execution';
import { stepElement } from './stepElement';
import { activateElement, isScopeDone } from './tokenFlow';
import { setLocalVariables } from './variables';

/** True when `instance` runs inside the scope `scopeKey`, at any depth. */
export function isInside(exec: Execution, instance: ElementInstanceState, scopeKey: number) {
  for (let current = instance.scopeKey; current !== null;) {
    if (current === scopeKey) return true;
    current = exec.element(current)?.scopeKey ?? null;
  }
  return false;
}

/**
 * Terminates every element instance inside the scope (children are created after their
 * scope, so a higher key is never an ancestor: descending keys go innermost first).
 */
export function terminateInside(exec: Execution, scopeKey: number, exceptKey?: number) {
  const inside = Object.values(exec.state.elements)
    .filter((instance) => instance.key !== exceptKey && isInside(exec, instance, scopeKey))
    .sort((a, b) => b.key - a.key);
  for (const instance of inside) {
    if (exec.element(instance.key)) stepElement(exec, instance, 'TERMINATE');
  }
  const scopes = new Set([scopeKey, ...inside.map((instance) => instance.key)]);
  for (const joinKey of Object.keys(exec.state.joins)) {
    if (scopes.has(Number(joinKey.slice(0, joinKey.indexOf(':')))))
      delete exec.state.joins[joinKey];
  }
}

/** The event subprocesses of the scope an element instance is. */
export function eventSubProcessesOf(exec: Execution, scope: ElementInstanceState): string[] {
  if (scope.type === 'PROCESS') return exec.definition.eventSubProcesses ?? [];
  // The event subprocesses of a multi-instance subprocess run in its inner instances.
  if (scope.type === 'MULTI_INSTANCE_BODY') return [];
  return exec.definition.elements[scope.elementId]?.eventSubProcesses ?? [];
}

/** The start event of an event subprocess. */
export function startOf(exec: Execution, eventSubProcessId: string): CompiledElement | undefined {
  const id = exec.definition.elements[eventSubProcessId]?.startEventId;
  return id ? exec.definition.elements[id] : undefined;
}

/**
 * Starts an event subprocess in `scope` with the event's variables (`locals` go on the
 * event subprocess instance). An interrupting one first ends everything else in the scope
 * and the other event subprocesses' subscriptions, and starts once that is terminated
 * (canceling task listeners may hold it); the boundary events of the scope stay armed,
 * as in Zeebe.
 */
export function startEventSubProcess(
  exec: Execution,
  scope: ElementInstanceState,
  start: CompiledElement,
  variables: Record<string, unknown>,
  locals: Record<string, unknown> = {},
): void {
  const entry: PendingEntry = { elementId: start.id, variables, locals };
  if (start.interrupting !== false) {
    scope.interrupted = true;
    closeEventSubProcessTriggers(exec, scope);
    terminateInside(exec, scope.key);
    if (!isScopeDone(exec, scope.key)) {
      scope.pendingEventSubProcess = entry;
      return;
    }
  }
  enterEventSubProcess(exec, scope, entry);
}

/** Enters the event subprocess of a start event that has happened. */
export function enterEventSubProcess(
  exec: Execution,
  scope: ElementInstanceState,
  entry: PendingEntry,
): void {
  const start = exec.definition.elements[entry.elementId];
  if (!start) throw new Error(`element '${entry.elementId}' is not in the definition`);
  const entered = activateElement(exec, start.scopeId, scope.key);
  entered.resultVariables = entry.variables;
  setLocalVariables(exec, entered.key, entry.locals);
}

/** Closes the timers and subscriptions the scope holds for its event subprocesses' start events. */
function closeEventSubProcessTriggers(exec: Execution, scope: ElementInstanceState) {
  const starts = new Set(eventSubProcessesOf(exec, scope).map((id) => startOf(exec, id)?.id));
  const isStart = (trigger: { elementInstanceKey: number; elementId: string }) =>
    trigger.elementInstanceKey === scope.key && starts.has(trigger.elementId);
  const { timers, messageSubscriptions, signalSubscriptions } = exec.state;
  for (const timer of Object.values(timers).filter(isStart)) {
    delete timers[String(timer.key)];
    exec.records.push({ kind: 'timer', row: { ...timer }, state: 'CANCELED' });
  }
  for (const subscription of Object.values(messageSubscriptions).filter(isStart)) {
    delete messageSubscriptions[String(subscription.key)];
    exec.records.push({ kind: 'messageSubscription', row: { ...subscription }, state: 'DELETED' });
  }
  for (const subscription of Object.values(signalSubscriptions).filter(isStart)) {
    delete signalSubscriptions[String(subscription.key)];
    exec.records.push({ kind: 'signalSubscription', row: { ...subscription }, state: 'DELETED' });
  }
}
