import { describe, expect, it } from 'vitest';
import { nextCronTime, parseCron, type CronExpression } from '../../../../runtime/src/timers';

function cron(text: string): CronExpression {
  const result = parseCron(text);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** The next `count` firings after `after`, as ISO strings. */
function firings(text: string, after: number, count: number): string[] {
  const expression = cron(text);
  const times: string[] = [];
  let previous = after;
  for (let index = 0; index < count; index += 1) {
    const next = nextCronTime(expression, previous);
    if (next === null) break;
    times.push(new Date(next).toISOString());
    previous = next;
  }
  return times;
}

describe('nextCronTime', () => {
  it('fires at the next matching second strictly after the given instant', () => {
    // given
    const after = Date.UTC(2026, 0, 1, 10, 0, 0);

    // when
    const times = firings('*/20 * * * * *', after, 3);

    // then
    expect(times).toEqual([
      '2026-01-01T10:00:20.000Z',
      '2026-01-01T10:00:40.000Z',
      '2026-01-01T10:01:00.000Z',
    ]);
  });

  it('rounds a fraction of a second up to the next whole second', () => {
    // given
    const after = Date.UTC(2026, 0, 1, 10, 0, 0, 500);

    // when
    const times = firings('* * * * * *', after, 1);

    // then
    expect(times).toEqual(['2026-01-01T10:00:01.000Z']);
  });

  it('fires on weekdays at nine, skipping the weekend', () => {
    // given
    const friday = Date.UTC(2026, 0, 2, 12);

    // when
    const times = firings('0 0 9 * * MON-FRI', friday, 2);

    // then
    expect(times).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z']);
  });

  it('crosses the end of the month and of the year', () => {
    // given
    const after = Date.UTC(2026, 11, 31, 23, 30);

    // when
    const times = firings('0 0 0 1 * *', after, 2);

    // then
    expect(times).toEqual(['2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z']);
  });

  it('fires on the last day of every month with L, leap years included', () => {
    // given
    const after = Date.UTC(2024, 0, 31, 13);

    // when
    const times = firings('0 0 12 L * ?', after, 3);

    // then
    expect(times).toEqual([
      '2024-02-29T12:00:00.000Z',
      '2024-03-31T12:00:00.000Z',
      '2024-04-30T12:00:00.000Z',
    ]);
  });

  it('skips months that lack the day of month', () => {
    // given
    const after = Date.UTC(2026, 0, 31, 1);

    // when
    const times = firings('0 0 0 31 * *', after, 2);

    // then
    expect(times).toEqual(['2026-03-31T00:00:00.000Z', '2026-05-31T00:00:00.000Z']);
  });

  it('requires both day fields to match when both are restricted', () => {
    // given
    const after = Date.UTC(2026, 0, 1);

    // when
    const times = firings('0 0 0 13 * FRI', after, 3);

    // then
    expect(times).toEqual([
      '2026-02-13T00:00:00.000Z',
      '2026-03-13T00:00:00.000Z',
      '2026-11-13T00:00:00.000Z',
    ]);
  });

  it('reads 0 and 7 as Sunday', () => {
    // given
    const after = Date.UTC(2026, 0, 1);

    // when
    const results = ['0 0 0 * * 0', '0 0 0 * * 7', '0 0 0 * * sun'].map((text) =>
      firings(text, after, 1),
    );

    // then
    expect(results).toEqual([
      ['2026-01-04T00:00:00.000Z'],
      ['2026-01-04T00:00:00.000Z'],
      ['2026-01-04T00:00:00.000Z'],
    ]);
  });

  it('reads SUN at the start of a range as 0, so SUN-TUE is Sunday to Tuesday', () => {
    // given
    const saturday = Date.UTC(2026, 0, 3);

    // when
    const times = firings('0 0 0 ? * SUN-TUE', saturday, 4);

    // then
    expect(times).toEqual([
      '2026-01-04T00:00:00.000Z',
      '2026-01-05T00:00:00.000Z',
      '2026-01-06T00:00:00.000Z',
      '2026-01-11T00:00:00.000Z',
    ]);
  });

  it('reads month names and lists in any case', () => {
    // given
    const after = Date.UTC(2026, 0, 15);

    // when
    const times = firings('0 30 8 1 jan,Apr,JUL,oct *', after, 3);

    // then
    expect(times).toEqual([
      '2026-04-01T08:30:00.000Z',
      '2026-07-01T08:30:00.000Z',
      '2026-10-01T08:30:00.000Z',
    ]);
  });

  it('steps through a range with a-b/n and from a start to the end with a/n', () => {
    // given
    const after = Date.UTC(2026, 0, 1, 0, 0);

    // when
    const ranged = firings('0 10-30/10 * * * *', after, 4);
    const opened = firings('0 45/5 * * * *', after, 4);

    // then
    expect(ranged).toEqual([
      '2026-01-01T00:10:00.000Z',
      '2026-01-01T00:20:00.000Z',
      '2026-01-01T00:30:00.000Z',
      '2026-01-01T01:10:00.000Z',
    ]);
    expect(opened).toEqual([
      '2026-01-01T00:45:00.000Z',
      '2026-01-01T00:50:00.000Z',
      '2026-01-01T00:55:00.000Z',
      '2026-01-01T01:45:00.000Z',
    ]);
  });

  it('steps the day of week from Monday with */2, as Spring does', () => {
    // given
    const sunday = Date.UTC(2026, 0, 4, 1);

    // when
    const times = firings('0 0 0 * * */2', sunday, 4);

    // then
    expect(times).toEqual([
      '2026-01-05T00:00:00.000Z',
      '2026-01-07T00:00:00.000Z',
      '2026-01-09T00:00:00.000Z',
      '2026-01-11T00:00:00.000Z',
    ]);
  });

  it('expands the macros', () => {
    // given
    const after = Date.UTC(2026, 0, 7, 10, 30);
    const macros = [
      '@yearly',
      '@annually',
      '@monthly',
      '@weekly',
      '@daily',
      '@midnight',
      '@HOURLY',
    ];

    // when
    const times = macros.map((macro) => firings(macro, after, 1)[0]);

    // then
    expect(times).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
      '2026-02-01T00:00:00.000Z',
      '2026-01-11T00:00:00.000Z',
      '2026-01-08T00:00:00.000Z',
      '2026-01-08T00:00:00.000Z',
      '2026-01-07T11:00:00.000Z',
    ]);
  });

  it('finds the 29th of February years ahead', () => {
    // given
    const after = Date.UTC(2024, 2, 1);

    // when
    const times = firings('0 0 0 29 2 *', after, 1);

    // then
    expect(times).toEqual(['2028-02-29T00:00:00.000Z']);
  });

  it('answers null for an expression that never matches', () => {
    // given
    const expression = cron('0 0 0 30 2 *');

    // when
    const next = nextCronTime(expression, Date.UTC(2026, 0, 1));

    // then
    expect(next).toBeNull();
  });

  it('gives up on a rare match beyond the search horizon', () => {
    // given
    const expression = cron('0 0 0 29 2 MON'); // Monday 29 February: 2016, then 2044

    // when
    const next = nextCronTime(expression, Date.UTC(2017, 0, 1));

    // then
    expect(next).toBeNull();
  });
});

describe('parseCron', () => {
  it('keeps the text and trims the whitespace around it', () => {
    // given
    const text = '  0  0 12 * * ?  ';

    // when
    const result = parseCron(text);

    // then
    expect(result.ok && result.value.text).toBe('0  0 12 * * ?');
  });

  it('rejects the wrong number of fields', () => {
    // given
    const texts = ['* * * * *', '0 0 0 * * * 2026', ''];

    // when
    const messages = texts.map((text) => {
      const result = parseCron(text);
      return result.ok ? '' : result.message;
    });

    // then
    expect(messages).toEqual([
      "'* * * * *' is not a cron expression: it needs six fields (second minute hour day-of-month month day-of-week), not 5",
      "'0 0 0 * * * 2026' is not a cron expression: it needs six fields (second minute hour day-of-month month day-of-week), not 7",
      "'' is not a cron expression: it needs six fields (second minute hour day-of-month month day-of-week), not 0",
    ]);
  });

  it('names the field of a value out of range', () => {
    // given
    const cases = [
      ['60 * * * * *', "'60' is out of range in the second field (0-59)"],
      ['0 61 * * * *', "'61' is out of range in the minute field (0-59)"],
      ['0 0 24 * * *', "'24' is out of range in the hour field (0-23)"],
      ['0 0 0 0 * *', "'0' is out of range in the day-of-month field (1-31)"],
      ['0 0 0 1 13 *', "'13' is out of range in the month field (1-12)"],
      ['0 0 0 * * 8', "'8' is out of range in the day-of-week field (0-7)"],
    ];

    // when
    const results = cases.map(([text = '']) => parseCron(text));

    // then
    expect(results).toEqual(
      cases.map(([text, reason]) => ({
        ok: false,
        message: `'${text}' is not a valid cron expression: ${reason}`,
      })),
    );
  });

  it('names the field of a malformed value', () => {
    // given
    const cases = [
      ['0 0 ? * * *', "'?' is not valid in the hour field"],
      ['0 0 0 * FOO *', "'FOO' is not valid in the month field"],
      ['0 0 0 * * 5#3', "'5#3' is not valid in the day-of-week field"],
      ['0 0 0 1,,2 * *', "'1,,2' is not valid in the day-of-month field"],
      ['0 */0 * * * *', "'*/0' has a step of zero in the minute field"],
      [
        '0 0 0 * * FRI-MON',
        "'FRI-MON' has a range that ends before it starts in the day-of-week field",
      ],
      ['0 0 0 LW * *', "'LW' is not valid in the day-of-month field"],
    ];

    // when
    const results = cases.map(([text = '']) => parseCron(text));

    // then
    expect(results).toEqual(
      cases.map(([text, reason]) => ({
        ok: false,
        message: `'${text}' is not a valid cron expression: ${reason}`,
      })),
    );
  });
});
