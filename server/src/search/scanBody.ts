import { SEARCH_LIMITS } from './SearchSpec';
import { pointerTo, type SearchIssues } from './SearchQueryError';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Walks a whole request body and reports property names that could reach an object's
 * prototype (`__proto__`, `constructor`, `prototype`) and nesting deeper than the limit,
 * wherever they are, including parts the search would otherwise ignore.
 */
export function scanBody(value: unknown, pointer: string, issues: SearchIssues, depth = 0): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth >= SEARCH_LIMITS.maxNesting) {
    issues.report(
      pointer,
      `The request is nested more than ${SEARCH_LIMITS.maxNesting} levels deep.`,
    );
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => scanBody(item, pointerTo(pointer, index), issues, depth + 1));
    return;
  }
  for (const key of Object.keys(value)) {
    const at = pointerTo(pointer, key);
    if (FORBIDDEN_KEYS.has(key)) {
      issues.report(at, `'${key}' is not allowed as a property name.`);
      continue;
    }
    scanBody((value as Record<string, unknown>)[key], at, issues, depth + 1);
  }
}

/** A JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a value looks in JSON, for messages: 'a string', 'an array', 'null'. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}
