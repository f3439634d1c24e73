import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '../../../../runtime/src/feel';

const options = { now: Date.UTC(2020, 0, 2, 3, 4, 5) };

describe('now() and today()', () => {
  it('read the command clock, not the wall clock', () => {
    // when
    const now = evaluateExpression('now()', {}, options);
    const today = evaluateExpression('today()', {}, options);

    // then
    expect(now).toEqual({ ok: true, value: '2020-01-02T03:04:05Z' });
    expect(today).toEqual({ ok: true, value: '2020-01-02' });
  });

  it('keep the milliseconds of the clock', () => {
    // when
    const result = evaluateExpression('now()', {}, { now: options.now + 7 });

    // then
    expect(result).toEqual({ ok: true, value: '2020-01-02T03:04:05.007Z' });
  });

  it('take the date in UTC, whatever the time zone of the process', () => {
    // given
    const lateEvening = { now: Date.UTC(2020, 0, 1, 23, 59, 59) };

    // when
    const result = evaluateExpression('today()', {}, lateEvening);

    // then
    expect(result).toEqual({ ok: true, value: '2020-01-01' });
  });

  it('take part in date arithmetic', () => {
    // when
    const result = evaluateExpression('now() + duration("P1D") > now()', {}, options);

    // then
    expect(result).toEqual({ ok: true, value: true });
  });

  it('are not hidden by a variable of the same name', () => {
    // when
    const result = evaluateExpression('today()', { today: 'not a function' }, options);

    // then
    expect(result).toEqual({ ok: true, value: '2020-01-02' });
  });
});

describe('matches()', () => {
  it('finds a pattern anywhere in the input', () => {
    // when
    const results = ['matches("foobar", "o+b")', 'matches("foobar", "^bar")'].map((expression) =>
      evaluateExpression(expression, {}, options),
    );

    // then
    expect(results).toEqual([
      { ok: true, value: true },
      { ok: true, value: false },
    ]);
  });

  it('applies flags and accepts named parameters', () => {
    // when
    const result = evaluateExpression(
      'matches(input: "Abc", pattern: "^a", flags: "i")',
      {},
      options,
    );

    // then
    expect(result).toEqual({ ok: true, value: true });
  });

  it('answers a pathological pattern in linear time', () => {
    // given
    expectRe2();
    const expression = 'matches("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$")';
    const started = performance.now();

    // when
    const result = evaluateExpression(expression, {}, options);

    // then
    expect(result).toEqual({ ok: true, value: false });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers a pathological pattern on a long input in linear time', () => {
    // given
    expectRe2();
    const variables = { text: `${'a'.repeat(100_000)}!` };
    const started = performance.now();

    // when
    const result = evaluateExpression('matches(text, "(a|aa)+$")', variables, options);

    // then
    expect(result).toEqual({ ok: true, value: false });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('fails an invalid pattern with a clear message', () => {
    // when
    const result = evaluateExpression('matches("a", "(")', {}, options);

    // then
    expect(result).toEqual({
      ok: false,
      message:
        'failed to evaluate expression \'matches("a", "(")\': matches(input, pattern, flags): ' +
        "invalid pattern '(': error parsing regexp: missing closing ): `(`",
    });
  });

  it('fails an invalid pattern even where a null would be absorbed', () => {
    // when
    const result = evaluateExpression('if matches("a", "(") then 1 else 2', {}, options);

    // then
    expect(result.ok).toBe(false);
  });

  it('fails patterns RE2 does not support and unknown flags', () => {
    // when
    const results = [
      'matches("aa", "(a)\\1")',
      'matches("ab", "a(?=b)")',
      'matches("a", "a", "x")',
    ].map((expression) => evaluateExpression(expression, {}, options));

    // then
    expect(results.map((result) => result.ok)).toEqual([false, false, false]);
    expect(!results[2]!.ok && results[2]!.message).toContain(
      "unsupported regular expression flag 'x'",
    );
  });

  it('fails an argument of the wrong type', () => {
    // when
    const result = evaluateExpression('matches(42, "4")', {}, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(
      "the parameter 'input' must be a string, got NUMBER 42",
    );
  });

  it('answers null for a null input', () => {
    // when
    const result = evaluateExpression('matches(missing, "a")', {}, options);

    // then
    expect(result).toEqual({ ok: true, value: null });
  });
});

describe('replace()', () => {
  it('replaces every match and expands group references', () => {
    // when
    const result = evaluateExpression('replace("abcd", "(ab)|(a)", "[1=$1][2=$2]")', {}, options);

    // then
    expect(result).toEqual({ ok: true, value: '[1=ab][2=]cd' });
  });

  it('applies flags', () => {
    // when
    const result = evaluateExpression('replace("Banana", "b", "c", "i")', {}, options);

    // then
    expect(result).toEqual({ ok: true, value: 'canana' });
  });

  it('fails a reference to a group the pattern does not have', () => {
    // when
    const result = evaluateExpression('replace("abc", "(b)", "$2")', {}, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain("invalid replacement '$2'");
  });
});

describe('split()', () => {
  it('splits on a pattern and keeps empty parts', () => {
    // when
    const results = ['split("John  Doe", "[ ]+")', 'split("a;b;;", ";")'].map((expression) =>
      evaluateExpression(expression, {}, options),
    );

    // then
    expect(results).toEqual([
      { ok: true, value: ['John', 'Doe'] },
      { ok: true, value: ['a', 'b', '', ''] },
    ]);
  });

  it('fails an invalid delimiter pattern', () => {
    // when
    const result = evaluateExpression('split("a[b", "[")', {}, options);

    // then
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('split(string, delimiter): invalid pattern');
  });
});

/**
 * A backtracking engine would hang on the pathological patterns rather than fail the time
 * bound, so first make sure RE2 is the engine: it rejects backreferences, JavaScript does not.
 */
function expectRe2(): void {
  expect(evaluateExpression('matches("aa", "(a)\\1")', {}, options).ok).toBe(false);
}
