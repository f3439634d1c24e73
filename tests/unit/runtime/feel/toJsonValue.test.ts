import { dateAndTime, duration, evaluate } from 'feelin';
import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../../../../runtime/src/feel';

describe('toJsonValue', () => {
  it('writes FEEL temporal values as ISO 8601 strings', () => {
    // given
    const values = [
      'date("2020-01-02")',
      'time("10:30:00")',
      'time("10:30:00Z")',
      'date and time("2020-01-02T03:04:05")',
      'date and time("2020-01-02T03:04:05Z")',
      'date and time("2020-01-02T03:04:05.123+01:00")',
      'date and time("2020-01-02T03:04:05@Europe/Paris")',
      'duration("PT36H")',
      'duration("P1Y14M")',
    ].map((expression) => evaluate(expression).value);

    // when
    const results = values.map(toJsonValue);

    // then
    expect(results.map((result) => result.ok && result.value)).toEqual([
      '2020-01-02',
      '10:30:00',
      '10:30:00Z',
      '2020-01-02T03:04:05',
      '2020-01-02T03:04:05Z',
      '2020-01-02T03:04:05.123+01:00',
      '2020-01-02T03:04:05+01:00[Europe/Paris]',
      'P1DT12H',
      'P2Y2M',
    ]);
  });

  it('converts lists and contexts recursively and turns undefined into null', () => {
    // given
    const value = {
      due: dateAndTime('2020-01-02T03:04:05Z'),
      steps: [duration('P1D'), undefined, { done: true }],
    };

    // when
    const result = toJsonValue(value);

    // then
    expect(result).toEqual({
      ok: true,
      value: { due: '2020-01-02T03:04:05Z', steps: ['P1D', null, { done: true }] },
    });
  });

  it('fails non-finite numbers, naming where they are', () => {
    // when
    const results = [NaN, { a: [1, -Infinity] }].map(toJsonValue);

    // then
    expect(results).toEqual([
      { ok: false, message: 'the number NaN cannot be represented as JSON' },
      { ok: false, message: "the number -Infinity at 'a[1]' cannot be represented as JSON" },
    ]);
  });

  it('fails objects that are not plain data', () => {
    // given
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;

    // when
    const results = [new Map(), () => 1, cyclic].map(toJsonValue);

    // then
    expect(results.map((result) => result.ok)).toEqual([false, false, false]);
    expect(!results[2]!.ok && results[2]!.message).toBe(
      "a value that contains itself at 'self' cannot be represented as JSON",
    );
  });

  it('keeps a key named __proto__ as an own key', () => {
    // given
    const value = JSON.parse('{"__proto__": {"x": 1}}') as unknown;

    // when
    const result = toJsonValue(value);

    // then
    expect(result.ok && JSON.stringify(result.value)).toBe('{"__proto__":{"x":1}}');
    expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Object.prototype);
  });
});
