import { describe, expect, it } from 'vitest';
import {
  MAX_EXPRESSION_LENGTH,
  evaluateCondition,
  evaluateExpression,
} from '../../../../runtime/src/feel';

const options = { now: Date.UTC(2020, 0, 2, 3, 4, 5) };

describe('evaluateExpression', () => {
  it('computes arithmetic over variables', () => {
    // given
    const variables = { price: 20, quantity: 3 };

    // when
    const result = evaluateExpression('price * quantity + 1', variables, options);

    // then
    expect(result).toEqual({ ok: true, value: 61 });
  });

  it('reads nested paths of context variables', () => {
    // given
    const variables = { a: { b: { c: 'deep' } } };

    // when
    const result = evaluateExpression('a.b.c', variables, options);

    // then
    expect(result).toEqual({ ok: true, value: 'deep' });
  });

  it('reads names in backticks, as the Camunda dialect allows', () => {
    // given
    const variables = { order: { 'order-id': 'A-1' } };

    // when
    const result = evaluateExpression('order.`order-id`', variables, options);

    // then
    expect(result).toEqual({ ok: true, value: 'A-1' });
  });

  it('answers null for a missing variable, a missing key and a missing path', () => {
    // given
    const variables = { a: {} };

    // when
    const results = ['missing', 'a.b', 'missing.b.c'].map((expression) =>
      evaluateExpression(expression, variables, options),
    );

    // then
    expect(results).toEqual([
      { ok: true, value: null },
      { ok: true, value: null },
      { ok: true, value: null },
    ]);
  });

  it('accepts a non-null result even when a missing variable produced warnings', () => {
    // given
    const expression = 'if missing > 1 then "big" else "small"';

    // when
    const result = evaluateExpression(expression, {}, options);

    // then
    expect(result).toEqual({ ok: true, value: 'small' });
  });

  it('fails a type mismatch and lists the warnings', () => {
    // given
    const expression = '1 + "a"';

    // when
    const result = evaluateExpression(expression, {}, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      `failed to evaluate expression '1 + "a"': the result is null. ` +
        `The evaluation reported the following warnings:\n[INVALID_TYPE] Can't add '"a"' to '1'`,
    );
  });

  it('fails arithmetic on a missing variable, because the null comes from a type error', () => {
    // given
    const expression = 'missing + 1';

    // when
    const result = evaluateExpression(expression, {}, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('[NO_VARIABLE_FOUND]');
    expect(!result.ok && result.message).toContain('[INVALID_TYPE]');
  });

  it.each([
    ['an unknown function', 'nosuch(1)', 'NO_FUNCTION_FOUND'],
    ['a built-in rejecting its argument', 'date("not a date")', 'INVALID_ARGUMENTS'],
    ['a call with too many arguments', 'now(1)', 'FUNCTION_INVOCATION_FAILURE'],
  ])('fails %s', (_name, expression, warning) => {
    // when
    const result = evaluateExpression(expression, {}, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(`[${warning}]`);
  });

  it('fails a syntax error with a parse message', () => {
    // when
    const result = evaluateExpression('1 +', {}, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(
      /^failed to parse expression '1 \+': .+ at position 3$/,
    );
  });

  it('computes date arithmetic and returns the date as an ISO string', () => {
    // when
    const result = evaluateExpression('date("2020-01-01") + duration("P1D")', {}, options);

    // then
    expect(result).toEqual({ ok: true, value: '2020-01-02' });
  });

  it('returns nested lists and contexts as JSON', () => {
    // given
    const expression =
      '{total: sum(items), when: date and time("2020-01-02T03:04:05Z"), tags: [upper case("a"), null]}';

    // when
    const result = evaluateExpression(expression, { items: [1, 2, 3] }, options);

    // then
    expect(result).toEqual({
      ok: true,
      value: { total: 6, when: '2020-01-02T03:04:05Z', tags: ['A', null] },
    });
  });

  it('fails a result that JSON cannot hold', () => {
    // when
    const results = ['[1..3]', 'function(x) x', '10 ** 400', '{list: [1, [1..2]]}'].map(
      (expression) => evaluateExpression(expression, {}, options),
    );

    // then
    expect(results.map((result) => !result.ok && result.message)).toEqual([
      "failed to evaluate expression '[1..3]': a range cannot be represented as JSON",
      "failed to evaluate expression 'function(x) x': a function cannot be represented as JSON",
      "failed to evaluate expression '10 ** 400': the number Infinity cannot be represented as JSON",
      "failed to evaluate expression '{list: [1, [1..2]]}': a range at 'list[1]' cannot be represented as JSON",
    ]);
  });

  it('rejects an expression longer than the limit without evaluating it', () => {
    // given
    const expression = `1${' + 1'.repeat(MAX_EXPRESSION_LENGTH / 4)}`;

    // when
    const result = evaluateExpression(expression, {}, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('more than the limit of 10000');
    expect(!result.ok && result.message.length).toBeLessThan(400);
  });

  it('evaluates an expression just under the limit', () => {
    // given
    const expression = `${' '.repeat(MAX_EXPRESSION_LENGTH - 1)}1`;

    // when
    const result = evaluateExpression(expression, {}, options);

    // then
    expect(result).toEqual({ ok: true, value: 1 });
  });

  it('fails endless recursion instead of crashing', () => {
    // given
    const expression = '{f: function(n) f(n)}.f(1)';

    // when
    const result = evaluateExpression(expression, {}, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('recurses without end');
  });

  it('fails deep nesting instead of crashing', () => {
    // given
    const expression = `${'['.repeat(1000)}${']'.repeat(1000)}`;

    // when
    const result = evaluateExpression(expression, {}, options);

    // then
    expect(result.ok).toBe(false);
  });

  it('keeps a variable named __proto__ a plain variable', () => {
    // given
    const variables = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;

    // when
    const result = evaluateExpression('polluted', variables, options);

    // then
    expect(result).toEqual({ ok: true, value: null });
  });
});

describe('evaluateCondition', () => {
  it('returns the boolean a condition yields', () => {
    // when
    const results = [250, 50].map((amount) =>
      evaluateCondition('amount > 100', { amount }, options),
    );

    // then
    expect(results).toEqual([
      { ok: true, value: true },
      { ok: true, value: false },
    ]);
  });

  it('fails a null result with the message Zeebe gives, plus the warnings', () => {
    // when
    const result = evaluateCondition('amount > 100', {}, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      "Expected result of the expression 'amount > 100' to be 'BOOLEAN', but was 'NULL'. " +
        "The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] Variable 'amount' not found",
    );
  });

  it('fails a result of another type, naming the type', () => {
    // when
    const result = evaluateCondition('"yes"', {}, options);

    // then
    expect(result).toEqual({
      ok: false,
      message: "Expected result of the expression '\"yes\"' to be 'BOOLEAN', but was 'STRING'.",
    });
  });

  it('fails a condition that does not parse', () => {
    // when
    const result = evaluateCondition('amount >', { amount: 1 }, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^failed to parse expression 'amount >'/);
  });
});
