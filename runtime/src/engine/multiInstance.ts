/**
 * Multi-instance activities, as Zeebe runs them: a body (`MULTI_INSTANCE_BODY`) holds one
 * inner instance per item of the input collection — all at once (parallel) or one after
 * the other (sequential). Each inner instance has the item (`inputElement`) and
 * `loopCounter` as local variables; its `outputElement` lands at its index of the body's
 * `outputCollection`, which goes to the enclosing scope when the body completes. The
 * completion condition, checked after each inner instance, ends the rest early.
 */
import type { CompiledElement, MultiInstanceDefinition } from '../model/CompiledDefinition';
import type { ElementInstanceState, LoopState } from '../model/InstanceState';
import { feelTypeName } from '../feel';
import type { Execution } from './Execution';
import { fail, ok, ScopeExpressions, type Outcome } from './expressions';
import { terminateInside } from './scopes';
import { activateElement, isScopeDone } from './tokenFlow';
import { propagateVariables, setLocalVariable } from './variables';

/** Opens the body: evaluates the input collection and starts the inner instances. */
export function openBody(
  exec: Execution,
  body: ElementInstanceState,
  element: CompiledElement,
): Outcome<void> {
  const loop = element.multiInstance;
  if (!loop) return fail('UNKNOWN', `element '${element.id}' is not a multi-instance activity`);
  const items = inputCollection(exec, body, loop);
  if (!items.ok) return items;
  const state: LoopState = { items: items.value, next: 0, completed: 0 };
  body.loop = state;
  if (loop.outputCollection) {
    setLocalVariable(
      exec,
      body.key,
      loop.outputCollection,
      items.value.map(() => null),
    );
  }
  if (items.value.length === 0) {
    exec.enqueue(body.key, 'WORK_DONE');
    return ok(undefined);
  }
  const first = loop.sequential ? 1 : items.value.length;
  for (let index = 0; index < first; index++) startInner(exec, body, element, loop, state);
  return ok(undefined);
}

function inputCollection(
  exec: Execution,
  body: ElementInstanceState,
  loop: MultiInstanceDefinition,
): Outcome<unknown[]> {
  const source = loop.inputCollection;
  if (source.kind === 'static') {
    return fail('EXTRACT_VALUE_ERROR', `the input collection '${source.value}' is not FEEL`);
  }
  const value = new ScopeExpressions(exec, body.key).value(
    source.expression,
    'EXTRACT_VALUE_ERROR',
  );
  if (!value.ok) return value;
  if (!Array.isArray(value.value)) {
    return fail(
      'EXTRACT_VALUE_ERROR',
      `Expected result of the expression '${source.expression}' to be 'ARRAY', but was '${feelTypeName(value.value)}'.`,
    );
  }
  return ok(value.value as unknown[]);
}

function startInner(
  exec: Execution,
  body: ElementInstanceState,
  element: CompiledElement,
  loop: MultiInstanceDefinition,
  state: LoopState,
) {
  const index = state.next++;
  const inner = activateElement(exec, element.id, body.key, { loopIndex: index });
  if (loop.inputElement) setLocalVariable(exec, inner.key, loop.inputElement, state.items[index]);
  setLocalVariable(exec, inner.key, 'loopCounter', index + 1);
}

/**
 * An inner instance completes (called from `endScope`, before it is removed): collect
 * its output, check the completion condition, then start the next item or complete.
 */
export function innerCompleted(
  exec: Execution,
  body: ElementInstanceState,
  inner: ElementInstanceState,
): Outcome<void> {
  const element = exec.definition.elements[body.elementId];
  const loop = element?.multiInstance;
  const state = body.loop;
  if (!element || !loop || !state) return ok(undefined);
  const expressions = new ScopeExpressions(exec, inner.key);
  if (loop.outputCollection && loop.outputElement) {
    const value =
      loop.outputElement.kind === 'static'
        ? ok<unknown>(loop.outputElement.value)
        : expressions.value(loop.outputElement.expression, 'EXTRACT_VALUE_ERROR');
    if (!value.ok) return value;
    const text = exec.state.variables[String(body.key)]?.[loop.outputCollection]?.value;
    const collection = text ? (JSON.parse(text) as unknown[]) : [];
    collection[inner.loopIndex ?? 0] = value.value ?? null;
    setLocalVariable(exec, body.key, loop.outputCollection, collection);
  }
  // Counted only once the condition is evaluated: a failing one is retried from here.
  const completed = state.completed + 1;
  const finished = completionReached(exec, loop, body, inner, expressions, completed);
  if (!finished.ok) return finished;
  state.completed = completed;
  if (finished.value) {
    terminateInside(exec, body.key, inner.key);
    // An inner instance held by canceling task listeners completes the body when it ends.
    if (isScopeDone(exec, body.key, inner.key)) exec.enqueue(body.key, 'WORK_DONE');
    return ok(undefined);
  }
  if (loop.sequential && state.next < state.items.length) {
    startInner(exec, body, element, loop, state);
  } else if (isScopeDone(exec, body.key, inner.key)) {
    exec.enqueue(body.key, 'WORK_DONE');
  }
  return ok(undefined);
}

/** The completion condition, with the loop's counts visible, after `completed` inner instances. */
function completionReached(
  exec: Execution,
  loop: MultiInstanceDefinition,
  body: ElementInstanceState,
  inner: ElementInstanceState,
  expressions: ScopeExpressions,
  completed: number,
): Outcome<boolean> {
  if (!loop.completionCondition) return ok(false);
  const active = Object.values(exec.state.elements).filter(
    (other) => other.scopeKey === body.key && other.key !== inner.key,
  ).length;
  Object.assign(expressions.variables, {
    numberOfInstances: body.loop?.items.length ?? 0,
    numberOfCompletedInstances: completed,
    numberOfActiveInstances: active,
    numberOfTerminatedInstances: 0,
  });
  return expressions.condition(loop.completionCondition);
}

/** The body completes: its output collection goes to the enclosing scope. */
export function closeBody(exec: Execution, body: ElementInstanceState) {
  const element = exec.definition.elements[body.elementId];
  const name = element?.multiInstance?.outputCollection;
  const text = name ? exec.state.variables[String(body.key)]?.[name]?.value : undefined;
  if (name && text !== undefined && body.scopeKey !== null) {
    propagateVariables(exec, body.scopeKey, { [name]: JSON.parse(text) as unknown });
  }
}
