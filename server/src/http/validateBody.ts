/**
 * Request-body validation: a structural scan (prototype keys, NUL characters, depth,
 * non-finite or unsafe numbers) and then ajv against the schema in `schemas/` (D4, D7).
 * Every problem is reported with its JSON pointer; nothing is stored on failure.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ProblemError, type ProblemItem } from './ProblemError';

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function scanValue(
  value: unknown,
  pointer: string,
  problems: ProblemItem[],
  depth = 0,
): void {
  if (problems.length >= 50) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      problems.push({ pointer, message: 'must not contain NUL characters' });
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) problems.push({ pointer, message: 'must be a finite number' });
    else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      problems.push({ pointer, message: 'is too large (beyond 2^53)' });
    }
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) {
    problems.push({ pointer, message: `is nested more than ${MAX_DEPTH} levels deep` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => scanValue(item, `${pointer}/${index}`, problems, depth + 1));
    return;
  }
  for (const [name, item] of Object.entries(value)) {
    const child = `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (FORBIDDEN_KEYS.has(name))
      problems.push({ pointer: child, message: `the key '${name}' is not allowed` });
    else if (name.includes('\u0000'))
      problems.push({ pointer: child, message: 'keys must not contain NUL characters' });
    else scanValue(item, child, problems, depth + 1);
  }
}

/** Validates a body against a schema; returns it typed, or throws a 400 problem. */
export function validateBody<T>(schema: object, body: unknown): T {
  const value = body === undefined ? null : body;
  const problems: ProblemItem[] = [];
  scanValue(value, '', problems);
  if (problems.length === 0) {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    if (!validate(value)) {
      for (const error of validate.errors ?? []) {
        const pointer =
          error.keyword === 'required'
            ? `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`
            : error.instancePath;
        problems.push({ pointer, message: error.message ?? 'is invalid' });
      }
    }
  }
  if (problems.length) {
    const detail = problems.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; ');
    throw ProblemError.badRequest(`Invalid request body. ${detail}`, problems);
  }
  return (value ?? {}) as T;
}

/** Variables are stored as JSON: they must be a plain object of JSON values. */
export function variablesOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
