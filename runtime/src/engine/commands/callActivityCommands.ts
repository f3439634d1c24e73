/**
 * What the server reports back to a call activity: its called instance completed,
 * threw, or could not be created.
 */
import type { Variables } from '../../model/Command';
import type { ElementInstanceState } from '../../model/InstanceState';
import type { ThrownToParent } from '../../model/RuntimeRecord';
import type { Execution } from '../Execution';
import { raiseIncident } from '../incidents';
import { stepElement } from '../stepElement';
import { throwFrom } from '../throwEvents';
import { accepted, reject, type CommandOutcome } from './CommandOutcome';

function findCallActivity(
  exec: Execution,
  elementInstanceKey: number,
): ElementInstanceState | CommandOutcome {
  const instance = exec.element(elementInstanceKey);
  if (instance?.type === 'CALL_ACTIVITY' && instance.lifecycle.value === 'active') return instance;
  return reject(
    'NOT_FOUND',
    `Expected a call activity with key '${elementInstanceKey}' waiting for its called instance, but there is none`,
  );
}

const isInstance = (value: ElementInstanceState | CommandOutcome): value is ElementInstanceState =>
  'elementId' in value;

/**
 * The called instance completed. With `propagateAllChildVariables` (the default) its
 * variables go back as a completed job's do, through output mappings if there are any;
 * without it only the output mappings bring variables back.
 */
export function completeCallActivity(
  exec: Execution,
  elementInstanceKey: number,
  variables: Variables,
): CommandOutcome {
  const found = findCallActivity(exec, elementInstanceKey);
  if (!isInstance(found)) return found;
  const element = exec.elementDefinition(found);
  const propagateAll = element.calledElement?.propagateAllChildVariables !== false;
  found.resultVariables = propagateAll || element.outputs.length > 0 ? variables : {};
  stepElement(exec, found, 'WORK_DONE');
  return accepted;
}

/** The called instance threw an error or escalation: it is thrown at the call activity. */
export function throwAtCallActivity(
  exec: Execution,
  elementInstanceKey: number,
  thrown: ThrownToParent,
): CommandOutcome {
  const found = findCallActivity(exec, elementInstanceKey);
  if (!isInstance(found)) return found;
  const outcome = throwFrom(exec, found, thrown);
  // The caller's scopes changed since the call (a scope was interrupted): nobody catches.
  if (!outcome.ok) raiseIncident(exec, found, outcome.errorType, outcome.message, 'CALL', null);
  return accepted;
}

/** The called process cannot be started (not deployed): `CALLED_ELEMENT_ERROR`. */
export function failCallActivity(
  exec: Execution,
  elementInstanceKey: number,
  attempt: number,
  message: string,
): CommandOutcome {
  const found = findCallActivity(exec, elementInstanceKey);
  if (!isInstance(found)) return found;
  // A report about an older attempt, or one already on an incident, changes nothing.
  if (found.callAttempt !== attempt || found.incidentKey !== undefined) return accepted;
  raiseIncident(exec, found, 'CALLED_ELEMENT_ERROR', message, 'CALL', null);
  return accepted;
}
