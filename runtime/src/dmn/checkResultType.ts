import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { feelTypeName } from '../feel';

/** FEEL's built-in type names (a decision `variable`'s `typeRef`) and the values they admit. */
const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number',
  boolean: (value) => typeof value === 'boolean',
  date: (value) => value instanceof FeelDate,
  time: (value) => value instanceof FeelTime,
  dateTime: (value) => value instanceof FeelDateTime,
  dayTimeDuration: (value) => value instanceof FeelDuration && !value.yearsMonths,
  yearMonthDuration: (value) => value instanceof FeelDuration && value.yearsMonths,
};

/**
 * Checks a decision's result against the `typeRef` of its `variable`, as dmn-scala does:
 * `null` passes every type, an unknown type (an item definition, `Any`) passes every value,
 * and a `feel:` prefix is ignored. Returns a reason when the value does not fit.
 *
 * @example
 * checkResultType('a', 'number'); // "the result is a STRING, not of the decision variable's typeRef 'number'"
 */
export function checkResultType(value: unknown, typeRef: string | undefined): string | undefined {
  if (!typeRef || value === null || value === undefined) return undefined;
  const type = typeRef.replace(/^feel:/, '');
  const check = Object.hasOwn(TYPE_CHECKS, type) ? TYPE_CHECKS[type] : undefined;
  if (!check || check(value)) return undefined;
  return `the result is a ${feelTypeName(value)}, not of the decision variable's typeRef '${type}'`;
}
