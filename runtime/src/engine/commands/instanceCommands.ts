import { newLifecycle } from '../../lifecycle/elementLifecycle';
import type { ElementInstanceState } from '../../model/InstanceState';
import type { Variables } from '../../model/Command';
import type { Execution } from '../Execution';
import { stepElement } from '../stepElement';
import { setLocalVariables } from '../variables';
import { accepted, reject, type CommandOutcome } from './CommandOutcome';

/** Enters the root scope, whose key is the process instance key (as in Zeebe). */
export function createInstance(exec: Execution, variables: Variables): CommandOutcome {
  const key = exec.nextKey();
  const root: ElementInstanceState = {
    key,
    elementId: exec.definition.processId,
    type: 'PROCESS',
    scopeKey: null,
    lifecycle: newLifecycle('process', true),
    startDate: exec.nowIso,
  };
  exec.state.elements[String(key)] = root;
  exec.records.push({ kind: 'instance', state: 'ACTIVE', endDate: null });
  exec.recordElement(root, 'ACTIVE');
  setLocalVariables(exec, key, variables);
  exec.enqueue(key, 'ACTIVATE');
  return accepted;
}

/** Terminates every element instance, innermost first, then the process. */
export function cancelInstance(exec: Execution): CommandOutcome {
  const root = exec.element(exec.state.processInstanceKey);
  if (!root) return reject('NOT_FOUND', 'the process instance is not active');
  const children = Object.values(exec.state.elements)
    .filter((instance) => instance.key !== root.key)
    .sort((a, b) => b.key - a.key);
  for (const child of children) stepElement(exec, child, 'TERMINATE');
  exec.state.joins = {};
  stepElement(exec, root, 'TERMINATE');
  exec.state.state = 'TERMINATED';
  exec.state.endDate = exec.nowIso;
  exec.records.push({ kind: 'instance', state: 'TERMINATED', endDate: exec.nowIso });
  exec.queue.length = 0;
  return accepted;
}
