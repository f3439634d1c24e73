/**
 * Variables and their scopes, as Zeebe scopes them: each element instance is a scope,
 * a lookup walks up to the process, and a propagating write lands in the nearest scope
 * that already has the variable, or else in the process scope.
 */
import type { Execution } from './Execution';

export function scopeChain(exec: Execution, scopeKey: number): number[] {
  const chain: number[] = [];
  let current: number | null = scopeKey;
  while (current !== null) {
    chain.push(current);
    current = exec.element(current)?.scopeKey ?? null;
  }
  return chain;
}

/** Every variable visible from a scope, inner scopes shadowing outer ones. */
export function visibleVariables(exec: Execution, scopeKey: number): Record<string, unknown> {
  const result: Record<string, unknown> = Object.create(null);
  for (const key of scopeChain(exec, scopeKey).reverse()) {
    const scope = exec.state.variables[String(key)];
    if (!scope) continue;
    for (const [name, variable] of Object.entries(scope)) {
      defineEntry(result, name, JSON.parse(variable.value) as unknown);
    }
  }
  return result;
}

/** The variables of one scope alone, as values. */
export function localVariables(exec: Execution, scopeKey: number): Record<string, unknown> {
  const result: Record<string, unknown> = Object.create(null);
  for (const [name, variable] of Object.entries(exec.state.variables[String(scopeKey)] ?? {})) {
    defineEntry(result, name, JSON.parse(variable.value) as unknown);
  }
  return result;
}

export function setLocalVariable(exec: Execution, scopeKey: number, name: string, value: unknown) {
  const scopes = exec.state.variables;
  const scope = (scopes[String(scopeKey)] ??= {});
  const text = JSON.stringify(value ?? null);
  // Own properties only: a variable may be called `constructor` or `__proto__`.
  const existing = Object.hasOwn(scope, name) ? scope[name] : undefined;
  const key = existing ? existing.key : exec.nextKey();
  if (existing && existing.value === text) return;
  defineEntry(scope, name, { key, value: text });
  exec.records.push({ kind: 'variable', row: { key, scopeKey, name, value: text } });
}

/** Sets `object[name]` as an own, enumerable property, whatever the name. */
export function defineEntry<T>(object: Record<string, T>, name: string, value: T) {
  Object.defineProperty(object, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export function setLocalVariables(
  exec: Execution,
  scopeKey: number,
  values: Record<string, unknown>,
) {
  for (const [name, value] of Object.entries(values)) setLocalVariable(exec, scopeKey, name, value);
}

/** Sets each variable in the nearest scope that has it, else in the process scope. */
export function propagateVariables(
  exec: Execution,
  fromScopeKey: number,
  values: Record<string, unknown>,
) {
  const chain = scopeChain(exec, fromScopeKey);
  const root = chain[chain.length - 1] ?? fromScopeKey;
  for (const [name, value] of Object.entries(values)) {
    const owner =
      chain.find((key) => {
        const scope = exec.state.variables[String(key)];
        return scope !== undefined && Object.hasOwn(scope, name);
      }) ?? root;
    setLocalVariable(exec, owner, name, value);
  }
}

/** Drops a scope's variables from the live state; their rows stay in the history. */
export function dropScope(exec: Execution, scopeKey: number) {
  delete exec.state.variables[String(scopeKey)];
}

/** Writes `value` at a dotted `path` into a copy of `base` (Zeebe's nested mapping targets). */
export function withPath(base: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const object =
    base !== null && typeof base === 'object' && !Array.isArray(base)
      ? { ...(base as Record<string, unknown>) }
      : {};
  defineEntry(
    object,
    head,
    withPath(Object.hasOwn(object, head) ? object[head] : undefined, rest, value),
  );
  return object;
}
