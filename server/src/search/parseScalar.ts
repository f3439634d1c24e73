import type { FieldKind, FieldSpec } from './SearchSpec';
import { SEARCH_LIMITS } from './SearchSpec';
import type { SearchIssues } from './SearchQueryError';
import { describeJson } from './scanBody';

/** A validated, normalised value ready to be compared with a stored one. */
export type ScalarValue = string | number | boolean;

/** LongKey: `^-?[0-9]+$`, 1 to 25 characters. */
export const KEY_PATTERN = /^-?[0-9]{1,24}$|^[0-9]{25}$/;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const EXPECTED: Record<FieldKind, string> = {
  string: 'a string',
  stringArray: 'a string',
  key: 'a key (a string of up to 25 digits)',
  int: 'an integer',
  date: 'an RFC 3339 date-time string',
  boolean: 'a boolean',
  enum: 'a string',
};

/** Where a value is and how to name it in a message, e.g. `Filter 'state'`. */
export interface ValueContext {
  pointer: string;
  label: string;
  issues: SearchIssues;
}

/**
 * Validates one client value against a field's kind and returns it normalised (dates to UTC
 * ISO strings, enum values to their canonical casing), or reports why not and returns undefined.
 */
export function parseScalar(
  field: FieldSpec,
  raw: unknown,
  context: ValueContext,
): ScalarValue | undefined {
  const fail = (problem: string): undefined => {
    context.issues.report(context.pointer, `${context.label}: ${problem}.`);
    return undefined;
  };
  const expected = EXPECTED[field.kind];
  switch (field.kind) {
    case 'boolean':
      return typeof raw === 'boolean'
        ? raw
        : fail(`expected ${expected}, got ${describeJson(raw)}`);
    case 'int':
      if (typeof raw !== 'number') return fail(`expected ${expected}, got ${describeJson(raw)}`);
      if (!Number.isSafeInteger(raw)) {
        return fail(`${String(raw)} is not an integer between -(2^53 - 1) and 2^53 - 1`);
      }
      return raw;
    case 'key':
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return String(raw);
      if (typeof raw !== 'string') return fail(`expected ${expected}, got ${describeJson(raw)}`);
      return KEY_PATTERN.test(raw) ? raw : fail(`'${shorten(raw)}' is not ${expected}`);
    default: {
      if (typeof raw !== 'string') return fail(`expected ${expected}, got ${describeJson(raw)}`);
      const problem = stringProblem(raw);
      if (problem) return fail(problem);
      if (field.kind === 'date') {
        const iso = normaliseDateTime(raw);
        return iso ?? fail(`'${shorten(raw)}' is not ${expected}`);
      }
      if (field.kind === 'enum') return canonicalEnum(field, raw) ?? fail(enumProblem(field, raw));
      return raw;
    }
  }
}

/** Why a client string cannot be stored or searched (NUL characters, length), or undefined. */
export function stringProblem(raw: string): string | undefined {
  if (raw.includes('\0')) return 'strings must not contain NUL characters';
  if (raw.length > SEARCH_LIMITS.maxStringLength) {
    return `strings must not be longer than ${SEARCH_LIMITS.maxStringLength} characters`;
  }
  return undefined;
}

/**
 * An RFC 3339 date-time as `YYYY-MM-DDTHH:mm:ss.sssZ` in UTC, or undefined when it is not one
 * (including impossible dates such as February 30, which `Date` would roll over).
 */
export function normaliseDateTime(raw: string): string | undefined {
  const match = DATE_TIME.exec(raw);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const offsetHour = match[10] === undefined ? 0 : Number(match[10]);
  const offsetMinute = match[11] === undefined ? 0 : Number(match[11]);
  const daysInMonth = month === 2 && isLeapYear(year!) ? 29 : (DAYS_IN_MONTH[month! - 1] ?? 0);
  const valid =
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59;
  if (!valid) return undefined;
  const date = new Date(raw.replace(' ', 'T').toUpperCase());
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function canonicalEnum(field: FieldSpec, raw: string): string | undefined {
  const upper = raw.toUpperCase();
  return field.enumValues?.includes(upper) ? upper : undefined;
}

function enumProblem(field: FieldSpec, raw: string): string {
  return `'${shorten(raw)}' is not one of ${(field.enumValues ?? []).join(', ')}`;
}

/** A client string cut short for a message. */
export function shorten(raw: string): string {
  return raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
}
