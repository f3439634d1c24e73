/**
 * Compensation: an activity with a compensation boundary event that completes becomes
 * compensable in its scope. A compensation throw or end event runs the handlers of the
 * scope's compensable activities (or of the one it names, and of those that completed
 * inside it) one at a time, in reverse order of completion, and goes on when the last one
 * is done. A subprocess that completes hands
 * its compensable activities on to its scope; one that is terminated drops them.
 */
import type { CompiledElement } from '../model/CompiledDefinition';
import type { CompensableActivity, ElementInstanceState } from '../model/InstanceState';
import type { Execution } from './Execution';
import { ok, type Outcome } from './expressions';
import { activateElement } from './tokenFlow';

function compensations(exec: Execution): Record<string, CompensableActivity[]> {
  return (exec.state.compensations ??= {});
}

/** An activity completed: remember its handler (once per multi-instance body). */
export function rememberCompensable(
  exec: Execution,
  instance: ElementInstanceState,
  element: CompiledElement,
) {
  if (!element.compensationHandler || instance.loopIndex !== undefined) return;
  if (instance.scopeKey === null) return;
  const list = (compensations(exec)[String(instance.scopeKey)] ??= []);
  list.push({
    elementId: element.id,
    handlerId: element.compensationHandler,
    order: exec.nextKey(),
  });
}

/** A scope ends: completed, its compensable activities go to its own scope; else they go. */
export function endCompensationScope(
  exec: Execution,
  instance: ElementInstanceState,
  completed: boolean,
) {
  const all = exec.state.compensations;
  const own = all?.[String(instance.key)];
  if (!all || !own) return;
  delete all[String(instance.key)];
  if (completed && instance.scopeKey !== null) {
    (all[String(instance.scopeKey)] ??= []).push(...own);
  }
}

/** Opens a compensation throw or end event: starts the first handler, or goes on at once. */
export function openCompensationThrow(
  exec: Execution,
  instance: ElementInstanceState,
  element: CompiledElement,
): Outcome<void> {
  const named = element.compensateActivity;
  const chosen: CompensableActivity[] = [];
  for (const scopeKey of compensatedScopes(exec, instance)) {
    const list = exec.state.compensations?.[String(scopeKey)];
    if (!list) continue;
    const taken = list.filter((entry) => !named || isOrInside(exec, entry, named));
    chosen.push(...taken);
    const left = list.filter((entry) => !taken.includes(entry));
    if (left.length) compensations(exec)[String(scopeKey)] = left;
    else delete compensations(exec)[String(scopeKey)];
  }
  instance.pendingHandlers = chosen.sort((a, b) => b.order - a.order).map((e) => e.handlerId);
  startNextHandler(exec, instance);
  return ok(undefined);
}

/**
 * The scopes whose completed activities a throw compensates: its own, and, thrown in an
 * event subprocess, the scope the event subprocess interrupted or runs beside (BPMN 2.0
 * §10.5.6: an event subprocess compensates its parent scope).
 */
function compensatedScopes(exec: Execution, thrower: ElementInstanceState): number[] {
  const scopeKey = thrower.scopeKey;
  if (scopeKey === null) return [];
  const scope = exec.element(scopeKey);
  if (scope?.type === 'EVENT_SUB_PROCESS' && scope.scopeKey !== null) {
    return [scopeKey, scope.scopeKey];
  }
  return [scopeKey];
}

/**
 * The entry is for `activityId` itself, or for an activity inside it: a completed
 * subprocess named by `activityRef` is compensated by undoing what completed in it.
 */
function isOrInside(exec: Execution, entry: CompensableActivity, activityId: string): boolean {
  let id: string | undefined = entry.elementId;
  while (id && id !== activityId) id = exec.definition.elements[id]?.scopeId;
  return id === activityId;
}

function startNextHandler(exec: Execution, thrower: ElementInstanceState) {
  const next = thrower.pendingHandlers?.shift();
  if (next === undefined || thrower.scopeKey === null) {
    delete thrower.pendingHandlers;
    exec.enqueue(thrower.key, 'WORK_DONE');
    return;
  }
  const handler = activateElement(exec, next, thrower.scopeKey);
  handler.compensationFor = thrower.key;
}

/** A handler completed: the throw event starts the next one, or goes on. */
export function handlerCompleted(exec: Execution, handler: ElementInstanceState) {
  const thrower =
    handler.compensationFor === undefined ? undefined : exec.element(handler.compensationFor);
  if (thrower) startNextHandler(exec, thrower);
}
