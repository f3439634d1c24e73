import { describe, expect, it } from 'vitest';
import { addDuration, parseIsoDuration, type IsoDuration } from '../../../../runtime/src/timers';

const zero: IsoDuration = { years: 0, months: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

function parsed(text: string): IsoDuration {
  const result = parseIsoDuration(text);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('parseIsoDuration', () => {
  it('reads every unit of PnYnMnWnDTnHnMnS, folding weeks into days', () => {
    // given
    const text = 'P1Y2M3W4DT5H6M7S';

    // when
    const result = parseIsoDuration(text);

    // then
    expect(result).toEqual({
      ok: true,
      value: { years: 1, months: 2, days: 25, hours: 5, minutes: 6, seconds: 7 },
    });
  });

  it('tells months from minutes by the T', () => {
    // given
    const texts = ['P5M', 'PT5M'];

    // when
    const results = texts.map(parsed);

    // then
    expect(results).toEqual([
      { ...zero, months: 5 },
      { ...zero, minutes: 5 },
    ]);
  });

  it('accepts fractional seconds with a dot or a comma', () => {
    // given
    const texts = ['PT0.5S', 'PT1,25S', 'PT0.123456789S'];

    // when
    const results = texts.map((text) => parsed(text).seconds);

    // then
    expect(results).toEqual([0.5, 1.25, 0.123456789]);
  });

  it('accepts zero-length durations and lower-case letters', () => {
    // given
    const texts = ['P0D', 'PT0S', 'p2dt3h'];

    // when
    const results = texts.map(parsed);

    // then
    expect(results).toEqual([zero, zero, { ...zero, days: 2, hours: 3 }]);
  });

  it('rejects text that is not a duration, quoting it', () => {
    // given
    const texts = ['PT1X', 'P', 'PT', 'P1DT', '1D', 'P1.5D', 'PT1.S', 'P1D2Y', '', 'P 1D'];

    // when
    const messages = texts.map((text) => parseIsoDuration(text));

    // then
    expect(messages).toEqual(
      texts.map((text) => ({ ok: false, message: `'${text}' is not an ISO 8601 duration` })),
    );
  });

  it('rejects negative durations with their own message', () => {
    // given
    const texts = ['-PT5S', 'P-1D', 'PT-0.5S'];

    // when
    const results = texts.map((text) => parseIsoDuration(text));

    // then
    expect(results).toEqual(
      texts.map((text) => ({
        ok: false,
        message: `'${text}' is a negative duration, which a timer cannot wait`,
      })),
    );
  });

  it('rejects numbers too large to count exactly', () => {
    // given
    const text = 'PT99999999999999999999S';

    // when
    const result = parseIsoDuration(text);

    // then
    expect(result).toEqual({ ok: false, message: `'${text}' is too long to be a timer duration` });
  });
});

describe('addDuration', () => {
  it('adds days, hours, minutes and seconds exactly, a day being 24 hours', () => {
    // given
    const start = Date.UTC(2026, 2, 28, 22, 30);

    // when
    const due = addDuration(start, parsed('P1DT2H45M30.5S'));

    // then
    expect(due).toBe(Date.UTC(2026, 2, 30, 1, 15, 30, 500));
  });

  it('clamps the day of month when a month is added to the 31st of January', () => {
    // given
    const start = Date.UTC(2023, 0, 31, 9, 15);

    // when
    const due = addDuration(start, parsed('P1M'));

    // then
    expect(due).toBe(Date.UTC(2023, 1, 28, 9, 15));
  });

  it('lands on the 29th of February in a leap year', () => {
    // given
    const start = Date.UTC(2024, 0, 31);

    // when
    const due = addDuration(start, parsed('P1M'));

    // then
    expect(due).toBe(Date.UTC(2024, 1, 29));
  });

  it('moves the 29th of February to the 28th a year later', () => {
    // given
    const start = Date.UTC(2024, 1, 29, 12);

    // when
    const dues = ['P1Y', 'P4Y'].map((text) => addDuration(start, parsed(text)));

    // then
    expect(dues).toEqual([Date.UTC(2025, 1, 28, 12), Date.UTC(2028, 1, 29, 12)]);
  });

  it('adds years and months together as months before clamping, as java.time does', () => {
    // given
    const start = Date.UTC(2024, 1, 29);

    // when
    const due = addDuration(start, parsed('P1Y1M'));

    // then
    expect(due).toBe(Date.UTC(2025, 2, 29));
  });

  it('adds the months first and the days after them', () => {
    // given
    const start = Date.UTC(2023, 0, 31);

    // when
    const due = addDuration(start, parsed('P1M1D'));

    // then
    expect(due).toBe(Date.UTC(2023, 2, 1));
  });

  it('carries months over the end of the year', () => {
    // given
    const start = Date.UTC(2025, 10, 30, 23, 59, 59);

    // when
    const due = addDuration(start, parsed('P3M'));

    // then
    expect(due).toBe(Date.UTC(2026, 1, 28, 23, 59, 59));
  });

  it('adds weeks as seven days each', () => {
    // given
    const start = Date.UTC(2026, 11, 28);

    // when
    const due = addDuration(start, parsed('P2W'));

    // then
    expect(due).toBe(Date.UTC(2027, 0, 11));
  });

  it('keeps the instant for a zero-length duration', () => {
    // given
    const start = Date.UTC(2026, 5, 1, 8);

    // when
    const due = addDuration(start, parsed('PT0S'));

    // then
    expect(due).toBe(start);
  });

  it('answers NaN when months take the instant out of the range of dates', () => {
    // given
    const start = Date.UTC(2026, 0, 1);

    // when
    const due = addDuration(start, parsed('P300000Y'));

    // then
    expect(due).toBeNaN();
  });
});
