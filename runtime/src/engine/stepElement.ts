/**
 * One lifecycle step of one element instance: XState's pure transition gives the next
 * state and the named actions; this file carries the actions out. If an action fails,
 * the element keeps its previous lifecycle state and gets an incident instead, so that
 * resolving the incident sends the same event again.
 */
import {
  stepLifecycle,
  type LifecycleAction,
  type LifecycleEvent,
} from '../lifecycle/elementLifecycle';
import { behaviors } from '../behaviors';
import type { CompiledElement } from '../model/CompiledDefinition';
import type { ElementInstanceState, RetryEvent } from '../model/InstanceState';
import type { Execution } from './Execution';
import { ok, ScopeExpressions, type Outcome } from './expressions';
import { raiseIncident, resolveElementIncidents } from './incidents';
import { isScopeDone, takeFlow } from './tokenFlow';
import { recheckInclusiveJoins } from './inclusiveJoin';
import { armTriggers, closeTriggers, prepareTrigger, type PreparedTrigger } from './eventTriggers';
import { eventSubProcessesOf, startOf } from './scopes';
import { innerCompleted } from './multiInstance';
import { reportCompletion } from './callActivities';
import { cancelListenerJob, moreListeners, openListener } from './executionListeners';
import { endCompensationScope, handlerCompleted, rememberCompensable } from './compensation';
import {
  dropScope,
  propagateVariables,
  setLocalVariable,
  setLocalVariables,
  withPath,
} from './variables';

/** Triggers that are armed as timers or subscriptions; errors and escalations are thrown. */
const ARMED_STARTS = new Set(['timer', 'message', 'signal']);

export function stepElement(
  exec: Execution,
  instance: ElementInstanceState,
  event: LifecycleEvent['type'],
): boolean {
  const step = stepLifecycle(instance.lifecycle, lifecycleEvent(exec, instance, event));
  if (!step) return false;
  const element = exec.elementDefinition(instance);
  for (const action of step.actions) {
    const outcome = runAction(exec, instance, element, action);
    if (!outcome.ok) {
      raiseIncident(exec, instance, outcome.errorType, outcome.message, retryOf(event), null);
      return true;
    }
    // What the element threw was caught by a scope around it, which ended it.
    if (!exec.element(instance.key)) return true;
  }
  instance.lifecycle = step.next;
  afterStep(exec, instance);
  return true;
}

function lifecycleEvent(
  exec: Execution,
  instance: ElementInstanceState,
  type: LifecycleEvent['type'],
): LifecycleEvent {
  if (type === 'LISTENER_DONE') return { type, more: moreListeners(exec, instance) };
  return { type };
}

function retryOf(event: LifecycleEvent['type']): RetryEvent {
  return event === 'TERMINATE' || event === 'TERMINATED' ? 'COMPLETE' : event;
}

function afterStep(exec: Execution, instance: ElementInstanceState) {
  switch (instance.lifecycle.value) {
    case 'completing':
      exec.enqueue(instance.key, 'COMPLETE');
      return;
    case 'completed':
      finish(exec, instance, 'COMPLETED');
      return;
    case 'terminating':
      // Termination is not an automatic step: it finishes within the step that began it,
      // unless canceling task listeners hold it (`terminations.ts` finishes it then).
      if (!awaitsTermination(exec, instance)) stepElement(exec, instance, 'TERMINATED');
      return;
    case 'terminated':
      finish(exec, instance, 'TERMINATED');
      return;
  }
}

/**
 * A terminating element waits while its user task runs canceling listeners, and a scope
 * while something inside it does (the rest of what it held is terminated by now).
 */
function awaitsTermination(exec: Execution, instance: ElementInstanceState): boolean {
  const key = instance.userTaskKey;
  if (key !== undefined && exec.state.userTasks[String(key)]?.state === 'CANCELING') return true;
  return !isScopeDone(exec, instance.key);
}

function finish(
  exec: Execution,
  instance: ElementInstanceState,
  state: 'COMPLETED' | 'TERMINATED',
) {
  delete exec.state.elements[String(instance.key)];
  dropScope(exec, instance.key);
  endCompensationScope(exec, instance, state === 'COMPLETED');
  exec.recordElement(instance, state);
  // Only after a completion: a termination is followed by the boundary event it enters
  // (not in the state yet) or ends the whole scope, so a join fired then would be early.
  if (instance.scopeKey !== null && state === 'COMPLETED') {
    recheckInclusiveJoins(exec, instance.scopeKey);
  }
}

function runAction(
  exec: Execution,
  instance: ElementInstanceState,
  element: CompiledElement,
  action: LifecycleAction,
): Outcome<unknown> {
  const behavior = behaviors[element.behavior];
  switch (action) {
    case 'applyInputMappings':
      return applyInputMappings(exec, instance, element);
    case 'openWork':
      return openWork(exec, instance, element);
    case 'closeWork':
      behavior.close?.(exec, instance);
      closeTriggers(exec, instance.key);
      return ok(undefined);
    case 'openListener':
      return openListener(exec, instance, element);
    case 'cancelWork':
      cancelListenerJob(exec, instance);
      // Resolved first: a canceling task listener that cannot be opened raises its own.
      resolveElementIncidents(exec, instance);
      behavior.cancel?.(exec, instance);
      closeTriggers(exec, instance.key);
      return ok(undefined);
    case 'applyOutputMappings':
      return applyOutputMappings(exec, instance, element);
    case 'takeOutgoingFlows':
      return takeOutgoingFlows(exec, instance, element);
    case 'endScope':
      return endScope(exec, instance);
  }
}

/**
 * Opens the element's work and arms its boundary events. Their expressions are evaluated
 * first, in the element's scope, so a failing one leaves nothing half opened.
 */
function openWork(exec: Execution, instance: ElementInstanceState, element: CompiledElement) {
  const prepared: PreparedTrigger[] = [];
  const scopeStarts = eventSubProcessesOf(exec, instance).flatMap((id) => {
    const start = startOf(exec, id);
    return start && ARMED_STARTS.has(start.trigger?.kind ?? '') ? [start] : [];
  });
  if (scopeStarts.length) {
    // The event subprocesses of a scope listen while the scope runs, in its variables.
    const expressions = new ScopeExpressions(exec, instance.key);
    for (const start of scopeStarts) {
      const trigger = prepareTrigger(exec, expressions, start, start.interrupting !== false);
      if (!trigger.ok) return trigger;
      prepared.push(trigger.value);
    }
  }
  if (element.boundaryEvents?.length) {
    const expressions = new ScopeExpressions(exec, instance.key);
    for (const boundaryId of element.boundaryEvents) {
      const boundary = exec.definition.elements[boundaryId];
      // Errors and escalations are thrown to their catchers; nothing is armed for them.
      if (!boundary || !ARMED_STARTS.has(boundary.trigger?.kind ?? '')) continue;
      const trigger = prepareTrigger(
        exec,
        expressions,
        boundary,
        boundary.cancelActivity !== false,
      );
      if (!trigger.ok) return trigger;
      prepared.push(trigger.value);
    }
  }
  const behavior = behaviors[element.behavior];
  const opened = behavior.open ? behavior.open(exec, instance, element) : ok(undefined);
  if (!opened.ok) return opened;
  armTriggers(exec, instance, prepared);
  return ok(undefined);
}

function applyInputMappings(
  exec: Execution,
  instance: ElementInstanceState,
  element: CompiledElement,
) {
  if (element.inputs.length === 0) return ok(undefined);
  // An inner instance of a multi-instance activity sees its item and loop counter.
  const from =
    instance.loopIndex !== undefined ? instance.key : (instance.scopeKey ?? instance.key);
  const expressions = new ScopeExpressions(exec, from);
  // Earlier inputs are visible to later ones, as in a FEEL context.
  const locals: Record<string, unknown> = Object.create(null);
  for (const mapping of element.inputs) {
    const value =
      mapping.source.kind === 'static'
        ? ok<unknown>(mapping.source.value)
        : expressions.value(mapping.source.expression);
    if (!value.ok) return value;
    const [head, ...rest] = mapping.target.split('.') as [string, ...string[]];
    locals[head] = withPath(locals[head], rest, value.value);
    expressions.variables[head] = locals[head];
  }
  setLocalVariables(exec, instance.key, locals);
  return ok(undefined);
}

function applyOutputMappings(
  exec: Execution,
  instance: ElementInstanceState,
  element: CompiledElement,
) {
  const result = instance.resultVariables ?? {};
  const scopeKey = instance.scopeKey ?? instance.key;
  if (element.outputs.length === 0) {
    propagateVariables(exec, instance.key, result);
    delete instance.resultVariables;
    return ok(undefined);
  }
  for (const [name, value] of Object.entries(result))
    setLocalVariable(exec, instance.key, name, value);
  const local = new ScopeExpressions(exec, instance.key);
  const outer = new ScopeExpressions(exec, scopeKey);
  const merged: Record<string, unknown> = Object.create(null);
  for (const mapping of element.outputs) {
    const value =
      mapping.source.kind === 'static'
        ? ok<unknown>(mapping.source.value)
        : local.value(mapping.source.expression);
    if (!value.ok) return value;
    const [head, ...rest] = mapping.target.split('.') as [string, ...string[]];
    const base = Object.hasOwn(merged, head) ? merged[head] : outer.variables[head];
    merged[head] = withPath(base, rest, value.value);
  }
  propagateVariables(exec, scopeKey, merged);
  delete instance.resultVariables;
  return ok(undefined);
}

function takeOutgoingFlows(
  exec: Execution,
  instance: ElementInstanceState,
  element: CompiledElement,
) {
  const flows = behaviors[element.behavior].selectFlows(exec, instance, element);
  if (!flows.ok) return flows;
  const scopeKey = instance.scopeKey ?? instance.key;
  for (const flowId of flows.value) takeFlow(exec, flowId, scopeKey);
  return ok(undefined);
}

/** Called as an element completes: a scope with nothing left in it completes too. */
function endScope(exec: Execution, instance: ElementInstanceState) {
  if (instance.type === 'PROCESS') {
    reportCompletion(exec, instance);
    exec.state.state = 'COMPLETED';
    exec.state.endDate = exec.nowIso;
    exec.records.push({ kind: 'instance', state: 'COMPLETED', endDate: exec.nowIso });
    return ok(undefined);
  }
  const scopeKey = instance.scopeKey;
  if (scopeKey === null) return ok(undefined);
  rememberCompensable(exec, instance, exec.elementDefinition(instance));
  if (instance.compensationFor !== undefined) handlerCompleted(exec, instance);
  const scope = exec.element(scopeKey);
  if (scope?.type === 'MULTI_INSTANCE_BODY') return innerCompleted(exec, scope, instance);
  // The completing element is still in the state until `finish`: look past it.
  if (isScopeDone(exec, scopeKey, instance.key)) exec.enqueue(scopeKey, 'WORK_DONE');
  return ok(undefined);
}
