/**
 * Token flow: the engine's own code, not XState transitions (D2). Taking a sequence
 * flow creates the target's element instance — or, for a parallel join, leaves a token
 * that waits until every incoming flow has one (an inclusive join waits for the tokens
 * that can still arrive: inclusiveJoin.ts). Works on any graph: loops, unbalanced
 * gateways, branches that end separately.
 */
import { newLifecycle } from '../lifecycle/elementLifecycle';
import { behaviors } from '../behaviors';
import type { ElementInstanceState } from '../model/InstanceState';
import type { Execution } from './Execution';
import { arriveAtInclusiveJoin } from './inclusiveJoin';

/**
 * Creates an element instance and queues its activation. A `triggered` event (a boundary
 * event, an event after an event-based gateway, a start event with a trigger) has already
 * happened: it does not wait, it completes with the event's variables.
 */
export function activateElement(
  exec: Execution,
  elementId: string,
  scopeKey: number,
  options: { triggered?: boolean; loopIndex?: number } = {},
) {
  const element = exec.definition.elements[elementId];
  if (!element) throw new Error(`element '${elementId}' is not in the definition`);
  // A multi-instance activity is entered as its body; the body creates the inner instances.
  const body = element.multiInstance !== undefined && options.loopIndex === undefined;
  const behaviorName = body ? 'multiInstanceBody' : element.behavior;
  const behavior = behaviors[behaviorName];
  const instance: ElementInstanceState = {
    key: exec.nextKey(),
    elementId,
    type: body ? 'MULTI_INSTANCE_BODY' : element.type,
    scopeKey,
    lifecycle: newLifecycle(behaviorName, behavior.waits && !options.triggered, {
      // a multi-instance activity's listeners run for each of its inner instances
      start: !body && (element.listeners?.start.length ?? 0) > 0,
      end: !body && (element.listeners?.end.length ?? 0) > 0,
    }),
    startDate: exec.nowIso,
    ...(options.loopIndex !== undefined ? { loopIndex: options.loopIndex } : {}),
  };
  exec.state.elements[String(instance.key)] = instance;
  exec.recordElement(instance, 'ACTIVE');
  exec.enqueue(instance.key, 'ACTIVATE');
  return instance;
}

export function takeFlow(exec: Execution, flowId: string, scopeKey: number) {
  const flow = exec.definition.flows[flowId];
  if (!flow) throw new Error(`sequence flow '${flowId}' is not in the definition`);
  const target = exec.definition.elements[flow.targetRef];
  if (!target) throw new Error(`element '${flow.targetRef}' is not in the definition`);
  // Bounded by the definition: each flow is remembered once, for where the tokens went.
  const taken = (exec.state.takenFlows ??= []);
  if (!taken.includes(flowId)) taken.push(flowId);
  if (target.behavior === 'inclusiveGateway' && target.incoming.length >= 2) {
    arriveAtInclusiveJoin(exec, flowId, scopeKey);
    return;
  }
  if (target.behavior !== 'parallelGateway' || target.incoming.length < 2) {
    activateElement(exec, target.id, scopeKey);
    return;
  }
  const joinKey = `${scopeKey}:${target.id}`;
  const tokens = (exec.state.joins[joinKey] ??= {});
  tokens[flowId] = (tokens[flowId] ?? 0) + 1;
  if (!target.incoming.every((incoming) => (tokens[incoming] ?? 0) > 0)) return;
  for (const incoming of target.incoming) {
    const left = (tokens[incoming] ?? 1) - 1;
    if (left > 0) tokens[incoming] = left;
    else delete tokens[incoming];
  }
  if (Object.keys(tokens).length === 0) delete exec.state.joins[joinKey];
  activateElement(exec, target.id, scopeKey);
}

/** True when nothing runs in the scope any more: no element instance, no waiting token. */
export function isScopeDone(exec: Execution, scopeKey: number, exceptKey?: number): boolean {
  for (const instance of Object.values(exec.state.elements)) {
    if (instance.scopeKey === scopeKey && instance.key !== exceptKey) return false;
  }
  const prefix = `${scopeKey}:`;
  return !Object.keys(exec.state.joins).some((key) => key.startsWith(prefix));
}
