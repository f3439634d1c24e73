import { parseExpression, parseUnaryTests } from 'feelin';

/**
 * The FEEL dialect models are checked in: feelin's `camunda` dialect accepts what Zeebe's
 * FEEL engine accepts on top of the standard (for example backtick-quoted names).
 */
export const FEEL_DIALECT = 'camunda';

function describePosition(expression: string, from: number): string {
  if (from >= expression.length) return 'the expression ends too early';
  const near = expression.slice(from, from + 12);
  return `unexpected '${near}' at position ${from + 1}`;
}

/**
 * Checks the syntax of a FEEL expression (without the leading `=`) and describes the first
 * error, or returns undefined when it parses. Nothing is evaluated.
 *
 * @example
 * feelSyntaxError('amount > 100'); // undefined
 * feelSyntaxError('amount >');     // 'the expression ends too early'
 */
export function feelSyntaxError(expression: string): string | undefined {
  return firstError(expression, parseExpression(expression, {}, FEEL_DIALECT));
}

/**
 * {@link feelSyntaxError} for FEEL unary tests (a DMN input entry: `< 5`, `"a","b"`, `-`).
 *
 * @example
 * feelUnaryTestsSyntaxError('[1..10]'); // undefined
 * feelUnaryTestsSyntaxError('[1..');    // 'the expression ends too early'
 */
export function feelUnaryTestsSyntaxError(tests: string): string | undefined {
  return firstError(tests, parseUnaryTests(tests, {}, FEEL_DIALECT));
}

function firstError(
  expression: string,
  tree: ReturnType<typeof parseExpression>,
): string | undefined {
  let errorAt: number | undefined;
  tree.iterate({
    enter(node) {
      if (errorAt !== undefined) return false;
      if (node.type.isError) {
        errorAt = node.from;
        return false;
      }
      return undefined;
    },
  });
  return errorAt === undefined ? undefined : describePosition(expression, errorAt);
}
