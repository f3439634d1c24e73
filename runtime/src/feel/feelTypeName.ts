import { FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelRange, FeelTime } from 'feelin';

/**
 * The type of a FEEL value in Zeebe's vocabulary (`NULL`, `BOOLEAN`, `NUMBER`, `STRING`,
 * `ARRAY`, `OBJECT`, `DATE_TIME`, `DURATION`, `PERIOD`), used in messages such as
 * "Expected result of the expression 'x' to be 'STRING', but was 'NUMBER'.". Values Zeebe
 * calls `UNKNOWN` are named more precisely: `DATE`, `TIME`, `RANGE`, `FUNCTION`.
 *
 * @example
 * feelTypeName([1, 2]); // 'ARRAY'
 */
export function feelTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  switch (typeof value) {
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
      return 'NUMBER';
    case 'string':
      return 'STRING';
  }
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof FeelDateTime) return 'DATE_TIME';
  if (value instanceof FeelDate) return 'DATE';
  if (value instanceof FeelTime) return 'TIME';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'PERIOD' : 'DURATION';
  if (value instanceof FeelRange) return 'RANGE';
  if (value instanceof FeelFunction || typeof value === 'function') return 'FUNCTION';
  if (isPlainObject(value)) return 'OBJECT';
  return 'UNKNOWN';
}

/** An object literal or a FEEL context: its prototype is `Object.prototype` or `null`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
