import { evaluate, unaryTest, type Warning } from 'feelin';
import { createFeelFunctions } from './feelFunctions';
import { feelTypeName } from './feelTypeName';
import { planUnaryTests, type PlannedTest, type UnaryTestsPlan } from './unaryTestsPlan';
import {
  MAX_EXPRESSION_LENGTH,
  abbreviate,
  describeThrow,
  matters,
  warningsSuffix,
  type FeelConditionResult,
  type FeelOptions,
} from './evaluateFeel';

/**
 * Tests a value against FEEL unary tests (a DMN input entry such as `< 5`, `[1..10]`,
 * `"a","b"`, `not("x")`, or an expression over `?` like `starts with(?, "A")`), with the same
 * context, functions and limits as {@link evaluateExpression}. The value is feelin's own (a
 * date stays a date); inside the tests it is `?`, and the variables are visible beside it.
 *
 * The result is `true` when the value passes. A test that cannot decide is not a match:
 *
 * - `null` is `false`, as in Zeebe;
 * - a test that uses `?` passes only when it is `true`. feelin would compare any other result
 *   with the input, so `? > 2` or `starts with(?, "a")` would pass for a `null` input
 *   (`null = null`); Zeebe's FEEL engine takes the expression's value (feel-scala 1.17.7+), and
 *   so do we, by evaluating each such test as an expression;
 * - a comparison or an interval passes only for an input of its endpoints' type: feelin
 *   compares mixed types as JavaScript does (`"abc"` would be in `[1..10]`), Zeebe calls them
 *   not comparable (see `planUnaryTests`).
 *
 * It fails when the tests do not parse, are too long, throw (an invalid pattern), or do not
 * pass while feelin reported a warning that is not about a missing value (a misspelt function,
 * a type error): such a test is a modelling error, and ignoring it would quietly pick another
 * rule (D6).
 *
 * @example
 * evaluateUnaryTests('[1..10]', 5, {}, { now: 0 }); // { ok: true, value: true }
 * evaluateUnaryTests('> limit', 7, { limit: 9 }, { now: 0 }); // { ok: true, value: false }
 * evaluateUnaryTests('starts with(?, "a")', null, {}, { now: 0 }); // { ok: true, value: false }
 */
export function evaluateUnaryTests(
  tests: string,
  input: unknown,
  variables: Record<string, unknown>,
  options: FeelOptions,
): FeelConditionResult {
  if (tests.length > MAX_EXPRESSION_LENGTH) {
    return {
      ok: false,
      message: `failed to evaluate unary tests '${abbreviate(tests)}': they are ${tests.length} characters long, more than the limit of ${MAX_EXPRESSION_LENGTH}`,
    };
  }
  let value: boolean | null;
  const warnings: Warning[] = [];
  try {
    const plan = planUnaryTests(tests);
    // Spread defines own properties, so a variable named `__proto__` cannot change the prototype.
    const context =
      plan && !plan.usesNames
        ? { '?': input ?? null }
        : { ...variables, ...createFeelFunctions(options.now), '?': input ?? null };
    value = runTests(tests, plan, context, warnings);
  } catch (error) {
    return { ok: false, message: describeThrow(tests, error) };
  }
  if (value === true) return { ok: true, value: true };
  if (warnings.some(matters)) {
    return {
      ok: false,
      message: `failed to evaluate unary tests '${abbreviate(tests)}' against ${feelTypeName(input)}.${warningsSuffix(warnings)}`,
    };
  }
  return { ok: true, value: false };
}

/** Three-valued: `null` when no test passes and one could not decide. */
function runTests(
  tests: string,
  plan: UnaryTestsPlan | null,
  context: Record<string, unknown>,
  warnings: Warning[],
): boolean | null {
  if (!plan?.split) return runPlain(tests, context, warnings);
  const { negate } = plan.split;
  let passed: boolean | null = false;
  for (const test of plan.split.tests) {
    const result = runTest(test, context, warnings);
    if (result === true) {
      passed = true;
      break;
    }
    if (result === null) passed = null;
  }
  if (!negate || passed === null) return passed;
  return !passed;
}

function runTest(
  test: PlannedTest,
  context: Record<string, unknown>,
  warnings: Warning[],
): boolean | null {
  if (test.kind === 'plain') return runPlain(test.text, context, warnings);
  if (test.kind === 'expression') {
    const result = evaluate(test.text, context, 'camunda');
    warnings.push(...result.warnings);
    return typeof result.value === 'boolean' ? result.value : null;
  }
  const passed = runPlain(test.text, context, warnings);
  if (passed !== true) return passed;
  const inputType = feelTypeName(context['?']);
  const comparable = test.endpoints.every((endpoint) => {
    const { value } = evaluate(endpoint, context, 'camunda');
    return value === null || value === undefined || feelTypeName(value) === inputType;
  });
  return comparable ? true : null;
}

function runPlain(
  tests: string,
  context: Record<string, unknown>,
  warnings: Warning[],
): boolean | null {
  const result = unaryTest(tests, context, 'camunda');
  warnings.push(...result.warnings);
  return typeof result.value === 'boolean' ? result.value : null;
}
