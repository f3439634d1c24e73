import { FeelDateTime, dateAndTime } from 'feelin';
import type { Expression } from '../model/CompiledDefinition';
import { abbreviate, evaluateFeel, unexpectedType, type FeelOptions } from './evaluateFeel';

/**
 * An element attribute that may be static or FEEL: a compiled {@link Expression}, or the
 * attribute's text as written in the XML, where a leading `=` marks FEEL.
 */
export type ExpressionInput = Expression | string;

/** The outcome of a typed evaluation. */
export type TypedResult<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Reads a string attribute (job type, assignee, form key).
 *
 * @example
 * evaluateString('=customer.owner', { customer: { owner: 'anna' } }, { now: Date.now() });
 * // { ok: true, value: 'anna' }
 */
export function evaluateString(
  input: ExpressionInput,
  variables: Record<string, unknown>,
  options: FeelOptions,
): TypedResult<string> {
  const expression = toExpression(input);
  if (expression.kind === 'static') return { ok: true, value: expression.value };
  return evaluateAs(expression.expression, variables, options, "'STRING'", (value) =>
    typeof value === 'string' ? value : undefined,
  );
}

/**
 * Reads a finite number.
 *
 * @example
 * evaluateNumber('=limit / 2', { limit: 5 }, { now: Date.now() }); // { ok: true, value: 2.5 }
 */
export function evaluateNumber(
  input: ExpressionInput,
  variables: Record<string, unknown>,
  options: FeelOptions,
): TypedResult<number> {
  const expression = toExpression(input);
  if (expression.kind === 'static') {
    const text = expression.value.trim();
    const value = NUMBER_PATTERN.test(text) ? Number(text) : NaN;
    return Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, message: `Expected the static value '${expression.value}' to be a number.` };
  }
  return evaluateAs(expression.expression, variables, options, "'NUMBER'", (value) =>
    typeof value === 'number' && Number.isFinite(value) ? value : undefined,
  );
}

/**
 * Reads an integer (job retries, user-task priority). Range checks are the caller's.
 *
 * @example
 * evaluateInteger('3', {}, { now: Date.now() }); // { ok: true, value: 3 }
 * evaluateInteger('=1.5', {}, { now: Date.now() }); // { ok: false, message: '… an integer …' }
 */
export function evaluateInteger(
  input: ExpressionInput,
  variables: Record<string, unknown>,
  options: FeelOptions,
): TypedResult<number> {
  const expression = toExpression(input);
  if (expression.kind === 'static') {
    const text = expression.value.trim();
    const value = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(value)
      ? { ok: true, value }
      : { ok: false, message: `Expected the static value '${expression.value}' to be an integer.` };
  }
  const result = evaluateNumber(expression, variables, options);
  if (!result.ok || Number.isSafeInteger(result.value)) return result;
  return {
    ok: false,
    message: `Expected result of the expression '${abbreviate(expression.expression)}' to be an integer 'NUMBER', but was ${result.value}.`,
  };
}

/**
 * Reads a list of strings (candidate groups and users): a static comma-separated list, or a
 * FEEL list of strings, or a FEEL string holding a comma-separated list. Items are trimmed
 * and empty ones dropped.
 *
 * @example
 * evaluateStringList('sales, service', {}, { now: Date.now() });
 * // { ok: true, value: ['sales', 'service'] }
 * evaluateStringList('=["a", "b"]', {}, { now: Date.now() });
 * // { ok: true, value: ['a', 'b'] }
 */
export function evaluateStringList(
  input: ExpressionInput,
  variables: Record<string, unknown>,
  options: FeelOptions,
): TypedResult<string[]> {
  const expression = toExpression(input);
  if (expression.kind === 'static') return { ok: true, value: splitList(expression.value) };
  return evaluateAs(
    expression.expression,
    variables,
    options,
    "'ARRAY' of 'STRING' items or a comma-separated 'STRING'",
    (value) => {
      if (typeof value === 'string') return splitList(value);
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
        return value.map((item) => item.trim()).filter((item) => item !== '');
      }
      return undefined;
    },
  );
}

/**
 * Reads a point in time (due and follow-up dates) as an ISO 8601 UTC string with milliseconds
 * (`2020-01-02T03:04:05.000Z`), so stored dates compare as strings. Accepted: a FEEL
 * date-time, or a string holding an ISO 8601 date-time with an offset (`Z`, `+01:00`) or a
 * zone (`@Europe/Paris`). A FEEL date-time without a zone is read as UTC, the engine's zone; a
 * string without one is rejected, as Zeebe rejects it.
 *
 * @example
 * evaluateDateTime('=now() + duration("P2D")', {}, { now: Date.UTC(2020, 0, 1) });
 * // { ok: true, value: '2020-01-03T00:00:00.000Z' }
 */
export function evaluateDateTime(
  input: ExpressionInput,
  variables: Record<string, unknown>,
  options: FeelOptions,
): TypedResult<string> {
  const expression = toExpression(input);
  if (expression.kind === 'static') {
    const value = parseZonedDateTime(expression.value);
    return value !== undefined
      ? { ok: true, value }
      : {
          ok: false,
          message: `Expected the static value '${expression.value}' to be an ISO 8601 date-time with an offset, such as '2020-01-02T03:04:05Z'.`,
        };
  }
  const evaluation = evaluateFeel(expression.expression, variables, options);
  if (!evaluation.ok) return evaluation;
  const { value } = evaluation;
  if (value instanceof FeelDateTime) return { ok: true, value: toInstant(value) };
  if (typeof value === 'string') {
    const parsed = parseZonedDateTime(value);
    if (parsed !== undefined) return { ok: true, value: parsed };
    return {
      ok: false,
      message: `Expected result of the expression '${abbreviate(expression.expression)}' to be an ISO 8601 date-time with an offset, such as '2020-01-02T03:04:05Z', but was '${abbreviate(value)}'.`,
    };
  }
  return {
    ok: false,
    message: unexpectedType(expression.expression, "'DATE_TIME' or 'STRING'", evaluation),
  };
}

const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function toExpression(input: ExpressionInput): Expression {
  if (typeof input !== 'string') return input;
  const text = input.trimStart();
  return text.startsWith('=')
    ? { kind: 'feel', expression: text.slice(1) }
    : { kind: 'static', value: input };
}

function evaluateAs<T>(
  expression: string,
  variables: Record<string, unknown>,
  options: FeelOptions,
  expected: string,
  accept: (value: unknown) => T | undefined,
): TypedResult<T> {
  const evaluation = evaluateFeel(expression, variables, options);
  if (!evaluation.ok) return evaluation;
  const value = accept(evaluation.value);
  if (value !== undefined) return { ok: true, value };
  return { ok: false, message: unexpectedType(expression, expected, evaluation) };
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parseZonedDateTime(text: string): string | undefined {
  const value = dateAndTime(text.trim());
  return value && value.zone !== null ? toInstant(value) : undefined;
}

function toInstant(value: FeelDateTime): string {
  const zoned = value.unwrap().toZonedDateTime(value.zone ?? 'UTC');
  return new Date(zoned.epochMilliseconds).toISOString();
}
