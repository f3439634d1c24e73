/**
 * Compensation: an activity with a compensation boundary event that completes becomes
 * compensable in its scope. A compensation throw or end event runs the handlers of the
 * scope's compensable activities (or of the one it names) one at a time, in reverse order
 * of completion, and goes on when the last one is done. A subprocess that completes hands
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
  const scopeKey = instance.scopeKey;
  const list = scopeKey === null ? undefined : exec.state.compensations?.[String(scopeKey)];
  const chosen = (list ?? []).filter(
    (entry) => !element.compensateActivity || entry.elementId === element.compensateActivity,
  );
  if (list && scopeKey !== null) {
    const left = list.filter((entry) => !chosen.includes(entry));
    if (left.length) compensations(exec)[String(scopeKey)] = left;
    else delete compensations(exec)[String(scopeKey)];
  }
  instance.pendingHandlers = chosen.sort((a, b) => b.order - a.order).map((e) => e.handlerId);
  startNextHandler(exec, instance);
  return ok(undefined);
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
