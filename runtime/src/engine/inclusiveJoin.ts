/**
 * Inclusive join (Zeebe semantics): a token that arrives at an inclusive gateway with
 * several incoming flows waits in `state.joins`, like one at a parallel join. The
 * gateway is activated once a token waits and no other token of the scope can still
 * reach it: no active element instance and no token waiting at another join from which
 * a path leads to the gateway. A path through the gateway itself does not count, so a
 * loop back through the join never blocks it.
 *
 * Reachability is computed from the compiled definition at run time: sequence flows,
 * an activity's boundary events and link throw events lead on.
 */
import type { CompiledDefinition, CompiledElement } from '../model/CompiledDefinition';
import type { Execution } from './Execution';
import { activateElement } from './tokenFlow';

/**
 * Leaves a token for `flowId` at its target, an inclusive join, and activates the join
 * if nothing else can still arrive. The element that took the flow is still in the
 * state and can reach the join, so it usually waits until that element finishes and
 * `recheckInclusiveJoins` runs.
 *
 * @example
 * arriveAtInclusiveJoin(exec, 'reviewToJoin', processInstanceKey);
 * exec.state.joins[`${processInstanceKey}:join`]; // { reviewToJoin: 1 }
 */
export function arriveAtInclusiveJoin(exec: Execution, flowId: string, scopeKey: number) {
  const gatewayId = exec.definition.flows[flowId]?.targetRef;
  const gateway = gatewayId ? exec.definition.elements[gatewayId] : undefined;
  if (!gateway) throw new Error(`the target of sequence flow '${flowId}' is not in the definition`);
  const tokens = (exec.state.joins[joinKeyOf(scopeKey, gateway.id)] ??= {});
  tokens[flowId] = (tokens[flowId] ?? 0) + 1;
  tryToJoin(exec, gateway, scopeKey);
}

/**
 * Re-evaluates every inclusive join of the scope that has tokens waiting: called when an
 * element instance of the scope has finished, which may leave a join nothing to wait for.
 *
 * @example
 * recheckInclusiveJoins(exec, processInstanceKey); // activates `join` if nothing can reach it
 */
export function recheckInclusiveJoins(exec: Execution, scopeKey: number) {
  if (!exec.element(scopeKey)) return;
  const prefix = `${scopeKey}:`;
  for (const joinKey of Object.keys(exec.state.joins)) {
    if (!joinKey.startsWith(prefix)) continue;
    const gateway = exec.definition.elements[joinKey.slice(prefix.length)];
    if (gateway?.behavior === 'inclusiveGateway') tryToJoin(exec, gateway, scopeKey);
  }
}

function joinKeyOf(scopeKey: number, gatewayId: string) {
  return `${scopeKey}:${gatewayId}`;
}

/** Activates the gateway with one token of each incoming flow that has one; extra ones wait. */
function tryToJoin(exec: Execution, gateway: CompiledElement, scopeKey: number) {
  const joinKey = joinKeyOf(scopeKey, gateway.id);
  const tokens = exec.state.joins[joinKey];
  if (!tokens || !gateway.incoming.some((flowId) => (tokens[flowId] ?? 0) > 0)) return;
  if (canStillArrive(exec, gateway.id, scopeKey)) return;
  for (const flowId of gateway.incoming) {
    const left = (tokens[flowId] ?? 0) - 1;
    if (left > 0) tokens[flowId] = left;
    else delete tokens[flowId];
  }
  if (Object.keys(tokens).length === 0) delete exec.state.joins[joinKey];
  activateElement(exec, gateway.id, scopeKey);
}

/** True when an active element instance or a token at another join of the scope can reach the gateway. */
function canStillArrive(exec: Execution, gatewayId: string, scopeKey: number): boolean {
  const upstream = upstreamOf(exec.definition, gatewayId);
  for (const instance of Object.values(exec.state.elements)) {
    if (instance.scopeKey === scopeKey && upstream.has(instance.elementId)) return true;
  }
  const prefix = `${scopeKey}:`;
  for (const [joinKey, tokens] of Object.entries(exec.state.joins)) {
    if (!joinKey.startsWith(prefix)) continue;
    const otherId = joinKey.slice(prefix.length);
    if (otherId === gatewayId || !upstream.has(otherId)) continue;
    if (Object.values(tokens).some((count) => count > 0)) return true;
  }
  return false;
}

interface Reachability {
  /** element id → the elements a token goes on to from it, reversed */
  predecessors: Map<string, string[]>;
  /** gateway id → the elements from which a path leads to it, not through it */
  upstream: Map<string, Set<string>>;
}

const reachability = new WeakMap<CompiledDefinition, Reachability>();

function upstreamOf(definition: CompiledDefinition, gatewayId: string): Set<string> {
  let cached = reachability.get(definition);
  if (!cached) {
    cached = { predecessors: predecessorsOf(definition), upstream: new Map() };
    reachability.set(definition, cached);
  }
  let upstream = cached.upstream.get(gatewayId);
  if (upstream) return upstream;
  // Walking backwards and never entering the gateway keeps out paths through it.
  upstream = new Set();
  const pending = [gatewayId];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const predecessor of cached.predecessors.get(current) ?? []) {
      if (predecessor === gatewayId || upstream.has(predecessor)) continue;
      upstream.add(predecessor);
      pending.push(predecessor);
    }
  }
  cached.upstream.set(gatewayId, upstream);
  return upstream;
}

function predecessorsOf(definition: CompiledDefinition): Map<string, string[]> {
  const predecessors = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    const list = predecessors.get(to);
    if (list) list.push(from);
    else predecessors.set(to, [from]);
  };
  for (const flow of Object.values(definition.flows)) link(flow.sourceRef, flow.targetRef);
  for (const element of Object.values(definition.elements)) {
    for (const boundaryId of element.boundaryEvents ?? []) link(element.id, boundaryId);
    if (element.linkTarget) link(element.id, element.linkTarget);
  }
  return predecessors;
}
