/**
 * Call activities, the caller's half: ask the server for a called instance (a record),
 * take its variables back when it completes, and what it throws. The called instance's
 * half: hand its end and its uncaught errors and escalations to the caller. The two
 * instances meet only through records and commands, so each stays one commit log.
 */
import type { CompiledElement } from '../model/CompiledDefinition';
import type { CatchableCodes, ElementInstanceState } from '../model/InstanceState';
import type { Execution } from './Execution';
import { fail, ok, ScopeExpressions, type Outcome } from './expressions';
import { eventSubProcessesOf, startOf } from './scopes';
import { localVariables, visibleVariables } from './variables';

/** Zeebe's default limit of nested calls: a process calling itself stops with an incident. */
export const MAX_CALL_DEPTH = 1000;

/** Opens a call activity: evaluates the called process id and records the call. */
export function requestCall(
  exec: Execution,
  instance: ElementInstanceState,
  element: CompiledElement,
): Outcome<void> {
  const called = element.calledElement;
  if (!called) return fail('UNKNOWN', `element '${element.id}' calls no process`);
  const processId = new ScopeExpressions(exec, instance.key).string(called.processId);
  if (!processId.ok) return processId;
  const variables = called.propagateAllParentVariables
    ? visibleVariables(exec, instance.key)
    : localVariables(exec, instance.key);
  const depth = (exec.state.parent?.depth ?? 0) + 1;
  if (depth > MAX_CALL_DEPTH) {
    return fail(
      'CALLED_ELEMENT_ERROR',
      `The call activity has reached the maximum depth of ${MAX_CALL_DEPTH}. This is likely due to a recursive call. Cancel the root process instance if this was unintentional.`,
    );
  }
  const attempt = (instance.callAttempt ?? 0) + 1;
  instance.callAttempt = attempt;
  exec.records.push({
    kind: 'callActivity',
    elementInstanceKey: instance.key,
    elementId: element.id,
    attempt,
    processId: processId.value,
    bindingType: called.bindingType,
    ...(called.versionTag ? { versionTag: called.versionTag } : {}),
    variables: { ...variables },
    catches: catchableCodes(exec, instance),
    depth,
    rootProcessInstanceKey:
      exec.state.parent?.rootProcessInstanceKey ??
      exec.state.parent?.processInstanceKey ??
      exec.state.processInstanceKey,
  });
  return ok(undefined);
}

/**
 * The error and escalation codes the caller catches when its call activity throws them:
 * its boundary events, the event subprocesses and boundary events of the scopes around
 * it, and whatever its own caller catches.
 */
function catchableCodes(exec: Execution, from: ElementInstanceState): CatchableCodes {
  const codes: { error: Set<string> | '*'; escalation: Set<string> | '*' } = {
    error: new Set(),
    escalation: new Set(),
  };
  const add = (element: CompiledElement | undefined) => {
    const trigger = element?.trigger;
    if (trigger?.kind !== 'error' && trigger?.kind !== 'escalation') return;
    const set = codes[trigger.kind];
    if (set === '*') return;
    if (trigger.code === null) codes[trigger.kind] = '*';
    else set.add(trigger.code);
  };
  for (let current: ElementInstanceState | undefined = from; current;) {
    if (current !== from && !current.interrupted) {
      for (const id of eventSubProcessesOf(exec, current)) add(startOf(exec, id));
    }
    if (current.type !== 'PROCESS' && current.loopIndex === undefined) {
      const element = exec.definition.elements[current.elementId];
      for (const id of element?.boundaryEvents ?? []) add(exec.definition.elements[id]);
    }
    current = current.scopeKey === null ? undefined : exec.element(current.scopeKey);
  }
  const outer = exec.state.parent?.catches;
  const merge = (kind: 'error' | 'escalation'): string[] | '*' => {
    const own = codes[kind];
    const theirs = outer?.[kind] ?? [];
    if (own === '*' || theirs === '*') return '*';
    return [...new Set([...own, ...theirs])].sort();
  };
  return { error: merge('error'), escalation: merge('escalation') };
}

/** Whether the caller of this instance catches the code. */
export function callerCatches(exec: Execution, kind: 'error' | 'escalation', code: string) {
  const codes = exec.state.parent?.catches[kind];
  return codes === '*' || (codes?.includes(code) ?? false);
}

/** The process of a called instance completes: its variables go back to the caller. */
export function reportCompletion(exec: Execution, root: ElementInstanceState) {
  const parent = exec.state.parent;
  if (!parent) return;
  exec.records.push({
    kind: 'calledInstanceCompleted',
    parent,
    variables: { ...localVariables(exec, root.key) },
  });
}
