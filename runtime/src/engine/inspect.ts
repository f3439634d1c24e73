/** Read-only views of an instance state, for the server's answers (no Execution needed). */
import type { InstanceState } from '../model/InstanceState';
import { defineEntry } from './variables';

/** Every variable visible from an element instance, inner scopes shadowing outer ones. */
export function visibleVariablesOf(
  state: InstanceState,
  elementInstanceKey: number,
): Record<string, unknown> {
  const chain: number[] = [];
  let current: number | null = elementInstanceKey;
  while (current !== null) {
    chain.push(current);
    current = state.elements[String(current)]?.scopeKey ?? null;
  }
  const result: Record<string, unknown> = {};
  for (const key of chain.reverse()) {
    const scope = state.variables[String(key)];
    if (!scope) continue;
    for (const [name, variable] of Object.entries(scope)) {
      defineEntry(result, name, JSON.parse(variable.value) as unknown);
    }
  }
  return result;
}

/** The variables of one scope alone (a task's input-mapped variables), as values. */
export function localVariablesOf(state: InstanceState, scopeKey: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(state.variables[String(scopeKey)] ?? {}))
    defineEntry(result, name, JSON.parse(variable.value) as unknown);
  return result;
}
