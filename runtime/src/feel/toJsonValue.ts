import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { feelTypeName, isPlainObject } from './feelTypeName';

/** A value that survives `JSON.stringify` → `JSON.parse` unchanged: what variables hold. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The outcome of {@link toJsonValue}. */
export type JsonConversion = { ok: true; value: JsonValue } | { ok: false; message: string };

/**
 * Serialises a FEEL result to JSON, as Zeebe does before it stores a variable:
 *
 * - dates become `2020-01-02`, times `10:30:00` / `10:30:00Z`, date-times ISO 8601 strings
 *   (`2020-01-02T03:04:05Z`, `…+01:00`, or `…+01:00[Europe/Paris]` for a named zone, like
 *   Java's `ZonedDateTime`), durations ISO 8601 durations (`P1DT2H`, `P1Y2M`);
 * - lists and contexts are converted item by item, `undefined` becomes `null`;
 * - ranges, functions, non-finite numbers and other objects cannot be stored: the conversion
 *   fails with a message naming where the value sits (`items[2]`, `order.total`).
 *
 * @example
 * toJsonValue({ due: dateAndTime('2020-01-02T03:04:05Z') });
 * // { ok: true, value: { due: '2020-01-02T03:04:05Z' } }
 */
export function toJsonValue(value: unknown): JsonConversion {
  try {
    return { ok: true, value: convert(value, '', new Set()) };
  } catch (error) {
    if (error instanceof NotJsonError) return { ok: false, message: error.message };
    if (error instanceof RangeError) {
      return {
        ok: false,
        message: `the value is nested too deeply to be stored (${error.message})`,
      };
    }
    throw error;
  }
}

class NotJsonError extends Error {}

function convert(value: unknown, path: string, ancestors: Set<object>): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`the number ${value}`, path);
    return value;
  }
  if (value instanceof FeelDateTime) return dateTimeToIso(value);
  if (value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDuration) {
    return value.iso;
  }
  if (typeof value !== 'object') fail(`a value of type ${typeof value}`, path);
  if (ancestors.has(value)) fail('a value that contains itself', path);
  if (Array.isArray(value)) {
    ancestors.add(value);
    const list = value.map((item: unknown, index) => convert(item, `${path}[${index}]`, ancestors));
    ancestors.delete(value);
    return list;
  }
  if (isPlainObject(value)) {
    ancestors.add(value);
    // fromEntries defines own properties, so a key named `__proto__` stays a plain key.
    const context = Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [
        key,
        convert(entry, path ? `${path}.${key}` : key, ancestors),
      ]),
    );
    ancestors.delete(value);
    return context;
  }
  const type = feelTypeName(value);
  return fail(type === 'UNKNOWN' ? 'an unsupported value' : `a ${type.toLowerCase()}`, path);
}

function fail(what: string, path: string): never {
  throw new NotJsonError(`${what}${path ? ` at '${path}'` : ''} cannot be represented as JSON`);
}

/** feelin writes a named zone as `…@Europe/Paris`; Zeebe (Java) as `…+01:00[Europe/Paris]`. */
function dateTimeToIso(value: FeelDateTime): string {
  if (value.zone === null || !value.iso.includes('@')) return value.iso;
  return value.unwrap().toZonedDateTime(value.zone).toString();
}
