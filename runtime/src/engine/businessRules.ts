/**
 * Business rule tasks, the runtime's half: ask for the decision (a `decisionRequested`
 * record with the variables it sees), then take the result or the failure the server
 * reports back. Each request has an attempt number, so a late report of an earlier one
 * changes nothing; resolving an incident asks again.
 */
import type { CompiledElement } from '../model/CompiledDefinition';
import type { ElementInstanceState, IncidentErrorType } from '../model/InstanceState';
import type { Execution } from './Execution';
import { fail, ok, ScopeExpressions, type Outcome } from './expressions';
import { visibleVariables } from './variables';

export function requestDecision(
  exec: Execution,
  instance: ElementInstanceState,
  element: CompiledElement,
): Outcome<void> {
  const called = element.calledDecision;
  if (!called) return fail('UNKNOWN', `element '${element.id}' calls no decision`);
  const decisionId = new ScopeExpressions(exec, instance.key).string(called.decisionId);
  if (!decisionId.ok) return decisionId;
  const attempt = (instance.callAttempt ?? 0) + 1;
  instance.callAttempt = attempt;
  exec.records.push({
    kind: 'decisionRequested',
    elementInstanceKey: instance.key,
    elementId: element.id,
    attempt,
    decisionId: decisionId.value,
    bindingType: called.bindingType,
    ...(called.versionTag ? { versionTag: called.versionTag } : {}),
    variables: { ...visibleVariables(exec, instance.key) },
  });
  return ok(undefined);
}

/** Whether the report is for the request this element waits on. */
export function awaitsDecision(instance: ElementInstanceState, attempt: number): boolean {
  return (
    instance.type === 'BUSINESS_RULE_TASK' &&
    instance.lifecycle.value === 'active' &&
    instance.callAttempt === attempt &&
    instance.incidentKey === undefined
  );
}

export type DecisionFailure = Extract<
  IncidentErrorType,
  'CALLED_DECISION_ERROR' | 'DECISION_EVALUATION_ERROR'
>;
