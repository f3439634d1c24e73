import { newLifecycle } from '../../lifecycle/elementLifecycle';
import type { ElementInstanceState, ParentLink } from '../../model/InstanceState';
import type { Variables } from '../../model/Command';
import type { Execution } from '../Execution';
import { stepElement } from '../stepElement';
import { terminateInside } from '../scopes';
import { endTerminatedInstance } from '../terminations';
import { setLocalVariables } from '../variables';
import { accepted, reject, type CommandOutcome } from './CommandOutcome';

/**
 * Enters the root scope, whose key is the process instance key (as in Zeebe). With a
 * `startElementId` the instance starts at that start event (a timer, message or signal
 * created it) and the variables arrive through it, as the event's variables.
 */
export function createInstance(
  exec: Execution,
  variables: Variables,
  start: { startElementId?: string; deliveryKey?: number; parent?: ParentLink } = {},
): CommandOutcome {
  const { startElementId, deliveryKey } = start;
  if (start.parent) exec.state.parent = start.parent;
  if (startElementId !== undefined) {
    const element = exec.definition.elements[startElementId];
    if (!element || element.type !== 'START_EVENT' || !element.trigger) {
      return reject('INVALID_ARGUMENT', `'${startElementId}' is not a start event with a trigger`);
    }
  } else if (!exec.definition.startEventId) {
    return reject(
      'INVALID_ARGUMENT',
      `Expected to create instance of process with none start event, but there is no such event`,
    );
  }
  const key = exec.nextKey();
  const root: ElementInstanceState = {
    key,
    elementId: exec.definition.processId,
    type: 'PROCESS',
    scopeKey: null,
    lifecycle: newLifecycle('process', true, {
      start: (exec.definition.listeners?.start.length ?? 0) > 0,
      end: (exec.definition.listeners?.end.length ?? 0) > 0,
    }),
    startDate: exec.nowIso,
  };
  exec.state.elements[String(key)] = root;
  exec.records.push({ kind: 'instance', state: 'ACTIVE', endDate: null });
  exec.recordElement(root, 'ACTIVE');
  if (startElementId === undefined) setLocalVariables(exec, key, variables);
  else exec.startEvent = { elementId: startElementId, variables };
  if (deliveryKey !== undefined) exec.state.deliveries.push(deliveryKey);
  exec.enqueue(key, 'ACTIVATE');
  return accepted;
}

/**
 * Terminates every element instance, innermost first, then the process. Canceling task
 * listeners hold the termination: the instance ends once they are done (`terminations.ts`),
 * and is not cancelled twice meanwhile.
 */
export function cancelInstance(exec: Execution): CommandOutcome {
  const root = exec.element(exec.state.processInstanceKey);
  if (!root || root.lifecycle.value === 'terminating')
    return reject('NOT_FOUND', 'the process instance is not active');
  terminateInside(exec, root.key);
  exec.state.joins = {};
  stepElement(exec, root, 'TERMINATE');
  exec.queue.length = 0;
  if (!exec.element(root.key)) endTerminatedInstance(exec);
  return accepted;
}
