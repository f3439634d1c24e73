/** What the server reports back to a business rule task: its decision's result, or why not. */
import type { Execution } from '../Execution';
import { awaitsDecision, type DecisionFailure } from '../businessRules';
import { raiseIncident } from '../incidents';
import { stepElement } from '../stepElement';
import { accepted, reject, type CommandOutcome } from './CommandOutcome';

function waiting(exec: Execution, elementInstanceKey: number, attempt: number) {
  const instance = exec.element(elementInstanceKey);
  return instance && awaitsDecision(instance, attempt) ? instance : undefined;
}

/** The decision's result completes the task as its result variable. */
export function completeBusinessRule(
  exec: Execution,
  elementInstanceKey: number,
  attempt: number,
  result: unknown,
): CommandOutcome {
  const instance = waiting(exec, elementInstanceKey, attempt);
  if (!instance) {
    return reject(
      'NOT_FOUND',
      `Expected a business rule task with key '${elementInstanceKey}' waiting for its decision, but there is none`,
    );
  }
  const resultVariable = exec.elementDefinition(instance).calledDecision?.resultVariable ?? '';
  instance.resultVariables = { [resultVariable]: result ?? null };
  stepElement(exec, instance, 'WORK_DONE');
  return accepted;
}

/** The decision is not deployed, or its evaluation failed: an incident that asks again. */
export function failBusinessRule(
  exec: Execution,
  elementInstanceKey: number,
  attempt: number,
  errorType: DecisionFailure,
  message: string,
): CommandOutcome {
  const instance = waiting(exec, elementInstanceKey, attempt);
  // A late report of an earlier attempt, or one for a task that moved on, changes nothing.
  if (!instance) return accepted;
  raiseIncident(exec, instance, errorType, message, 'CALL', null);
  return accepted;
}
