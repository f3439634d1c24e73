import { SyntaxError as FeelSyntaxError, evaluate } from 'feelin';
import type { Warning, WarningType } from 'feelin';
import { createFeelFunctions } from './feelFunctions';
import { feelTypeName } from './feelTypeName';
import { toJsonValue, type JsonValue } from './toJsonValue';

/** Longest expression accepted, in characters (D7: every input is bounded). */
export const MAX_EXPRESSION_LENGTH = 10_000;

/** What an evaluation needs besides the expression and the variables. */
export interface FeelOptions {
  /** The command's clock in epoch milliseconds: what `now()` and `today()` return. */
  now: number;
}

/** The outcome of {@link evaluateExpression}: a JSON value, or why there is none. */
export type FeelResult = { ok: true; value: JsonValue } | { ok: false; message: string };

/** The outcome of {@link evaluateCondition}. */
export type FeelConditionResult = { ok: true; value: boolean } | { ok: false; message: string };

/**
 * Warnings that only say a value is absent. Zeebe treats a missing variable (or context entry,
 * or property) as `null` in FEEL, so on their own they never fail an evaluation.
 */
export const MISSING_VALUE_WARNINGS: ReadonlySet<WarningType> = new Set<WarningType>([
  'NO_VARIABLE_FOUND',
  'NO_CONTEXT_ENTRY_FOUND',
  'NO_PROPERTY_FOUND',
]);

/** A raw evaluation: feelin's value (dates as feelin objects) and its warnings. */
export type FeelEvaluation =
  { ok: true; value: unknown; warnings: Warning[] } | { ok: false; message: string };

/**
 * Evaluates a FEEL expression (without the leading `=`) against plain JSON variables and
 * serialises the result to JSON. Never throws for a bad expression: every problem is a
 * `{ ok: false, message }` the caller turns into an incident on the element.
 *
 * The context holds the variables plus Relata's own functions (see `createFeelFunctions`):
 * `now()`/`today()` read `options.now`, `matches`/`replace`/`split` run in linear time. A
 * variable named like one of them is hidden by the function. The Camunda dialect is used, so
 * names in backticks (`` `order-id` ``) work as in Zeebe.
 *
 * When the evaluation fails:
 * - a syntax error: `failed to parse expression '…': …`;
 * - the expression is longer than {@link MAX_EXPRESSION_LENGTH}, nests or recurses so deeply
 *   that the stack overflows, or calls one of our functions wrongly (an invalid pattern, a
 *   number where a string is due);
 * - **the warning rule:** feelin answers a type error, a failed call or an unknown function
 *   with `null` plus warnings. The evaluation fails when the result is `null` and at least one
 *   warning is not a {@link MISSING_VALUE_WARNINGS missing-value warning}; the message lists
 *   every warning. A `null` with only missing-value warnings is `{ ok: true, value: null }`,
 *   and a non-null result is accepted whatever the warnings (`if x > 1 then "a" else "b"`
 *   with no `x` is `"b"`, as in Zeebe);
 * - the result cannot be stored as JSON (a range, a function, an infinite number).
 *
 * @example
 * evaluateExpression('order.total * 2', { order: { total: 21 } }, { now: Date.now() });
 * // { ok: true, value: 42 }
 * evaluateExpression('date("2020-01-01") + duration("P1D")', {}, { now: 0 });
 * // { ok: true, value: '2020-01-02' }
 * evaluateExpression('1 + "a"', {}, { now: 0 });
 * // { ok: false, message: "failed to evaluate expression '1 + \"a\"': the result is null. …" }
 */
export function evaluateExpression(
  expression: string,
  variables: Record<string, unknown>,
  options: FeelOptions,
): FeelResult {
  const evaluation = evaluateFeelValue(expression, variables, options);
  if (!evaluation.ok) return evaluation;
  const json = toJsonValue(evaluation.value);
  if (!json.ok) {
    return {
      ok: false,
      message: `failed to evaluate expression '${abbreviate(expression)}': ${json.message}`,
    };
  }
  return json;
}

/**
 * {@link evaluateExpression} without the conversion to JSON: the same failures (the warning
 * rule included), but the value stays feelin's own, so a date is still a date when it is
 * compared or computed with later (a DMN input value, a required decision's result). Convert
 * it with `toJsonValue` before it is stored.
 *
 * @example
 * evaluateFeelValue('date("2020-01-01")', {}, { now: 0 }); // { ok: true, value: FeelDate }
 */
export function evaluateFeelValue(
  expression: string,
  variables: Record<string, unknown>,
  options: FeelOptions,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const evaluation = evaluateFeel(expression, variables, options);
  if (!evaluation.ok) return evaluation;
  const { value, warnings } = evaluation;
  if ((value === null || value === undefined) && warnings.some(matters)) {
    return {
      ok: false,
      message: `failed to evaluate expression '${abbreviate(expression)}': the result is null.${warningsSuffix(warnings)}`,
    };
  }
  return { ok: true, value: value ?? null };
}

/**
 * Evaluates a FEEL condition (a sequence flow's `conditionExpression`, without the `=`). A
 * result that is not a boolean, `null` included, is a failure worded as Zeebe's incident.
 *
 * @example
 * evaluateCondition('amount > 100', { amount: 250 }, { now: Date.now() });
 * // { ok: true, value: true }
 * evaluateCondition('amount > 100', {}, { now: Date.now() });
 * // { ok: false, message: "Expected result of the expression 'amount > 100' to be 'BOOLEAN',
 * //   but was 'NULL'. The evaluation reported the following warnings: …" }
 */
export function evaluateCondition(
  expression: string,
  variables: Record<string, unknown>,
  options: FeelOptions,
): FeelConditionResult {
  const evaluation = evaluateFeel(expression, variables, options);
  if (!evaluation.ok) return evaluation;
  if (typeof evaluation.value === 'boolean') return { ok: true, value: evaluation.value };
  return { ok: false, message: unexpectedType(expression, "'BOOLEAN'", evaluation) };
}

/**
 * Runs feelin with our context and turns every throw (syntax error, stack overflow, a failing
 * function of ours) into a failure. The value is feelin's own, not yet JSON.
 */
export function evaluateFeel(
  expression: string,
  variables: Record<string, unknown>,
  options: FeelOptions,
): FeelEvaluation {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    return {
      ok: false,
      message: `failed to evaluate expression '${abbreviate(expression)}': it is ${expression.length} characters long, more than the limit of ${MAX_EXPRESSION_LENGTH}`,
    };
  }
  // Spread defines own properties, so a variable named `__proto__` cannot change the prototype.
  const context = { ...variables, ...createFeelFunctions(options.now) };
  try {
    const { value, warnings } = evaluate(expression, context, 'camunda');
    return { ok: true, value, warnings };
  } catch (error) {
    return { ok: false, message: describeThrow(expression, error) };
  }
}

/** "Expected result of the expression 'x' to be 'STRING', but was 'NUMBER'." plus warnings. */
export function unexpectedType(
  expression: string,
  expected: string,
  evaluation: { value: unknown; warnings: Warning[] },
): string {
  return (
    `Expected result of the expression '${abbreviate(expression)}' to be ${expected}, ` +
    `but was '${feelTypeName(evaluation.value)}'.${warningsSuffix(evaluation.warnings)}`
  );
}

/** Long expressions are cut in messages: an incident should stay readable. */
export function abbreviate(expression: string): string {
  return expression.length > 200 ? `${expression.slice(0, 200)}…` : expression;
}

/** Whether a warning says more than that a value is absent (see {@link MISSING_VALUE_WARNINGS}). */
export function matters(warning: Warning): boolean {
  return !MISSING_VALUE_WARNINGS.has(warning.type);
}

/** " The evaluation reported the following warnings: …", or '' without warnings. */
export function warningsSuffix(warnings: Warning[]): string {
  if (warnings.length === 0) return '';
  const lines = warnings.map((warning) => `[${warning.type}] ${warning.message}`);
  return ` The evaluation reported the following warnings:\n${lines.join('\n')}`;
}

/** The message for a throw out of feelin or out of one of our functions. */
export function describeThrow(expression: string, error: unknown): string {
  const quoted = abbreviate(expression);
  if (error instanceof FeelSyntaxError) {
    return `failed to parse expression '${quoted}': ${error.message} at position ${error.position.from}`;
  }
  if (error instanceof RangeError) {
    return `failed to evaluate expression '${quoted}': the expression or its variables nest too deeply, or it recurses without end (${error.message})`;
  }
  // FeelFunctionError (a bad pattern, a wrong argument) and anything feelin throws itself.
  const reason = error instanceof Error ? error.message : String(error);
  return `failed to evaluate expression '${quoted}': ${reason}`;
}
