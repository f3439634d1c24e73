import { describe, expect, it } from 'vitest';
import { date } from 'feelin';
import { evaluateFeelValue, evaluateUnaryTests } from '../../../../runtime/src/feel';

const options = { now: Date.UTC(2025, 0, 10, 12) };
const passes = (tests: string, input: unknown, variables: Record<string, unknown> = {}) =>
  evaluateUnaryTests(tests, input, variables, options);

describe('evaluateUnaryTests', () => {
  it.each([
    ['[1..10]', 5, true],
    ['[1..10]', 11, false],
    ['(1..10]', 1, false],
    ['< 5', 3, true],
    ['>= 5, < 2', 1, true],
    ['"a","b"', 'b', true],
    ['"a","b"', 'c', false],
    ['not("x")', 'y', true],
    ['not("x")', 'x', false],
    ['-', 'anything', true],
    ['? > 2 and ? < 4', 3, true],
    ['starts with(?, "ab")', 'abc', true],
    ['null', null, true],
  ])('%s with %j gives %s', (tests, input, expected) => {
    // when / then
    expect(passes(tests, input)).toEqual({ ok: true, value: expected });
  });

  it('sees the variables beside the input', () => {
    // when / then
    expect(passes('> limit', 7, { limit: 5 })).toEqual({ ok: true, value: true });
    expect(passes('> limit', 7, { limit: 9 })).toEqual({ ok: true, value: false });
  });

  it('does not match a null input with comparisons or expressions over ?', () => {
    // feelin alone would compare the null result of `null > 2` with the null input and pass
    // when / then
    expect(passes('? > 2', null)).toEqual({ ok: true, value: false });
    expect(passes('starts with(?, "a")', null)).toEqual({ ok: true, value: false });
    expect(passes('< 5', null)).toEqual({ ok: true, value: false });
    expect(passes('[1..10]', null)).toEqual({ ok: true, value: false });
  });

  it('does not match values of another type than a comparison or an interval', () => {
    // feelin alone would find "abc" in [1..10], as JavaScript compares "abc" >= 1
    // when / then
    expect(passes('[1..10]', 'abc')).toEqual({ ok: true, value: false });
    expect(passes('>= 1', 'a')).toEqual({ ok: true, value: false });
    expect(passes('>= "a"', 'b')).toEqual({ ok: true, value: true });
  });

  it('compares dates, also with the clock of the evaluation', () => {
    // given the clock says 2025-01-10
    const input = evaluateFeelValue('date("2025-01-05")', {}, options);

    // when / then a date stays a date for the comparison
    expect(input.ok && passes('< today()', input.value)).toEqual({ ok: true, value: true });
    expect(passes('[date("2025-01-01")..date("2025-01-31")]', date('2025-01-05'))).toEqual({
      ok: true,
      value: true,
    });
  });

  it('fails on a syntax error, an invalid pattern or an unknown function', () => {
    // when
    const syntax = passes('[1..', 1);
    const pattern = passes('matches(?, "[")', 'a');
    const unknown = passes('strts with(?, "a")', 'a');

    // then
    expect(syntax).toMatchObject({ ok: false, message: expect.stringMatching(/^failed to parse/) });
    expect(pattern).toMatchObject({
      ok: false,
      message: expect.stringContaining('invalid pattern'),
    });
    expect(unknown).toMatchObject({
      ok: false,
      message: expect.stringContaining('[NO_FUNCTION_FOUND]'),
    });
  });
});
