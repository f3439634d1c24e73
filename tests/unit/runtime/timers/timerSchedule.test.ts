import { describe, expect, it } from 'vitest';
import {
  nextCycleFiring,
  scheduleTimer,
  type ScheduleResult,
  type TimerSchedule,
} from '../../../../runtime/src/timers';

const now = Date.UTC(2026, 0, 31, 10, 0, 0);

function scheduled(result: ScheduleResult | null): TimerSchedule {
  if (result === null || !result.ok) throw new Error(result?.message ?? 'no firing');
  return result.value;
}

/** Every firing of a cycle from `now` on, at most `limit` of them, as ISO strings. */
function allFirings(cycle: string, limit: number): string[] {
  let schedule = scheduled(scheduleTimer('cycle', cycle, now));
  const dues = [new Date(schedule.dueDate).toISOString()];
  while (dues.length < limit) {
    const next = nextCycleFiring(cycle, schedule.dueDate, schedule.remaining);
    if (next === null) break;
    schedule = scheduled(next);
    dues.push(new Date(schedule.dueDate).toISOString());
  }
  return dues;
}

describe('scheduleTimer: date', () => {
  it('is due at a date-time with an offset', () => {
    // given
    const text = '2026-12-01T10:00:00+02:00';

    // when
    const result = scheduleTimer('date', text, now);

    // then
    expect(result).toEqual({
      ok: true,
      value: { dueDate: Date.UTC(2026, 11, 1, 8), cycle: null, remaining: null },
    });
  });

  it('reads Z, negative offsets, missing seconds and fractions', () => {
    // given
    const texts = [
      '2026-12-01T10:00:00Z',
      '2026-12-01T10:00:00.250Z',
      '2026-12-01T10:00Z',
      '2026-12-01T05:30:00-04:30',
    ];

    // when
    const dues = texts.map((text) => scheduled(scheduleTimer('date', text, now)).dueDate);

    // then
    expect(dues).toEqual([
      Date.UTC(2026, 11, 1, 10),
      Date.UTC(2026, 11, 1, 10, 0, 0, 250),
      Date.UTC(2026, 11, 1, 10),
      Date.UTC(2026, 11, 1, 10),
    ]);
  });

  it('accepts a date in the past, which is due at once', () => {
    // given
    const text = '2020-01-01T00:00:00Z';

    // when
    const schedule = scheduled(scheduleTimer('date', text, now));

    // then
    expect(schedule.dueDate).toBe(Date.UTC(2020, 0, 1));
    expect(schedule.dueDate).toBeLessThan(now);
  });

  it('trims the whitespace around the text', () => {
    // given
    const text = '  2026-12-01T10:00:00Z\n';

    // when
    const schedule = scheduled(scheduleTimer('date', text, now));

    // then
    expect(schedule.dueDate).toBe(Date.UTC(2026, 11, 1, 10));
  });

  it('rejects a local date-time without a zone', () => {
    // given
    const text = '2026-12-01T10:00:00';

    // when
    const result = scheduleTimer('date', text, now);

    // then
    expect(result).toEqual({
      ok: false,
      message: "'2026-12-01T10:00:00' has no time zone; add Z or an offset such as +02:00",
    });
  });

  it('rejects text that is not a date-time, and impossible dates', () => {
    // given
    const texts = ['tomorrow', '2026-12-01', '2026-02-29T10:00:00Z', '2026-12-01T24:00:00Z'];

    // when
    const results = texts.map((text) => scheduleTimer('date', text, now));

    // then
    expect(results).toEqual([
      {
        ok: false,
        message: "'tomorrow' is not an ISO 8601 date-time (such as 2026-12-01T10:00:00Z)",
      },
      {
        ok: false,
        message: "'2026-12-01' is not an ISO 8601 date-time (such as 2026-12-01T10:00:00Z)",
      },
      { ok: false, message: "'2026-02-29T10:00:00Z' is not a valid date-time" },
      { ok: false, message: "'2026-12-01T24:00:00Z' is not a valid date-time" },
    ]);
  });

  it('rejects an empty text', () => {
    // given
    const text = '   ';

    // when
    const result = scheduleTimer('date', text, now);

    // then
    expect(result).toEqual({ ok: false, message: 'the timer date is empty' });
  });
});

describe('scheduleTimer: duration', () => {
  it('is due the duration after now', () => {
    // given
    const text = 'PT15M';

    // when
    const result = scheduleTimer('duration', text, now);

    // then
    expect(result).toEqual({
      ok: true,
      value: { dueDate: Date.UTC(2026, 0, 31, 10, 15), cycle: null, remaining: null },
    });
  });

  it('clamps P1M from the 31st of January to the end of February', () => {
    // given
    const text = 'P1M';

    // when
    const schedule = scheduled(scheduleTimer('duration', text, now));

    // then
    expect(schedule.dueDate).toBe(Date.UTC(2026, 1, 28, 10));
  });

  it('is due now for a zero-length duration', () => {
    // given
    const texts = ['P0D', 'PT0S'];

    // when
    const dues = texts.map((text) => scheduled(scheduleTimer('duration', text, now)).dueDate);

    // then
    expect(dues).toEqual([now, now]);
  });

  it('rejects a bad duration, quoting it', () => {
    // given
    const text = 'PT1X';

    // when
    const result = scheduleTimer('duration', text, now);

    // then
    expect(result).toEqual({ ok: false, message: "'PT1X' is not an ISO 8601 duration" });
  });

  it('rejects a duration that leaves the range of dates', () => {
    // given
    const text = 'P300000Y';

    // when
    const result = scheduleTimer('duration', text, now);

    // then
    expect(result).toEqual({
      ok: false,
      message: "'P300000Y' puts the due date beyond the range of dates",
    });
  });
});

describe('scheduleTimer and nextCycleFiring: repeating intervals', () => {
  it('fires R3/PT10S three times, ten seconds apart', () => {
    // given
    const cycle = 'R3/PT10S';

    // when
    const dues = allFirings(cycle, 10);

    // then
    expect(dues).toEqual([
      '2026-01-31T10:00:10.000Z',
      '2026-01-31T10:00:20.000Z',
      '2026-01-31T10:00:30.000Z',
    ]);
  });

  it('counts the firings still to come down to zero, then answers null', () => {
    // given
    const first = scheduled(scheduleTimer('cycle', 'R3/PT10S', now));

    // when
    const second = scheduled(nextCycleFiring('R3/PT10S', first.dueDate, first.remaining));
    const third = scheduled(nextCycleFiring('R3/PT10S', second.dueDate, second.remaining));
    const fourth = nextCycleFiring('R3/PT10S', third.dueDate, third.remaining);

    // then
    expect([first.remaining, second.remaining, third.remaining]).toEqual([2, 1, 0]);
    expect(first.cycle).toBe('R3/PT10S');
    expect(fourth).toBeNull();
  });

  it('fires R1 once: its first firing is the last', () => {
    // given
    const cycle = 'R1/PT1H';

    // when
    const schedule = scheduled(scheduleTimer('cycle', cycle, now));

    // then
    expect(schedule).toEqual({ dueDate: Date.UTC(2026, 0, 31, 11), cycle, remaining: 0 });
  });

  it('repeats R/ without end', () => {
    // given
    const cycle = 'R/P1D';

    // when
    const first = scheduled(scheduleTimer('cycle', cycle, now));
    const later = scheduled(nextCycleFiring(cycle, Date.UTC(2030, 5, 1, 10), first.remaining));

    // then
    expect(first).toEqual({ dueDate: Date.UTC(2026, 1, 1, 10), cycle, remaining: null });
    expect(later).toEqual({ dueDate: Date.UTC(2030, 5, 2, 10), cycle, remaining: null });
  });

  it('fires first at the start date, then a duration apart', () => {
    // given
    const cycle = 'R3/2026-03-01T09:00:00+01:00/P1W';

    // when
    const dues = allFirings(cycle, 10);

    // then
    expect(dues).toEqual([
      '2026-03-01T08:00:00.000Z',
      '2026-03-08T08:00:00.000Z',
      '2026-03-15T08:00:00.000Z',
    ]);
  });

  it('fires at once for a start date in the past', () => {
    // given
    const cycle = 'R2/2020-01-01T00:00:00Z/PT1H';

    // when
    const schedule = scheduled(scheduleTimer('cycle', cycle, now));

    // then
    expect(schedule).toEqual({ dueDate: Date.UTC(2020, 0, 1), cycle, remaining: 1 });
  });

  it('adds each month to the previous due date, keeping the clamped day', () => {
    // given
    const cycle = 'R3/2026-01-31T00:00:00Z/P1M';

    // when
    const dues = allFirings(cycle, 10);

    // then
    expect(dues).toEqual([
      '2026-01-31T00:00:00.000Z',
      '2026-02-28T00:00:00.000Z',
      '2026-03-28T00:00:00.000Z',
    ]);
  });

  it('rejects R0: a cycle needs at least one repetition', () => {
    // given
    const cycle = 'R0/PT10S';

    // when
    const result = scheduleTimer('cycle', cycle, now);

    // then
    expect(result).toEqual({
      ok: false,
      message: "'R0/PT10S' repeats zero times: a cycle needs at least one repetition",
    });
  });

  it('rejects a zero-length interval, which would fire endlessly', () => {
    // given
    const cycles = ['R/PT0S', 'R5/2026-01-01T00:00:00Z/P0D'];

    // when
    const results = cycles.map((cycle) => scheduleTimer('cycle', cycle, now));

    // then
    expect(results).toEqual([
      {
        ok: false,
        message: "'R/PT0S' repeats every 'PT0S': a cycle needs an interval above zero",
      },
      {
        ok: false,
        message:
          "'R5/2026-01-01T00:00:00Z/P0D' repeats every 'P0D': a cycle needs an interval above zero",
      },
    ]);
  });

  it('rejects malformed repeating intervals, quoting the bad part', () => {
    // given
    const cycles = [
      'R3',
      'Rx/PT1S',
      'R-1/PT1S',
      'R3/PT1X',
      'R3/2026-01-01T00:00:00/PT1S',
      'R/a/b/c',
    ];

    // when
    const messages = cycles.map((cycle) => {
      const result = scheduleTimer('cycle', cycle, now);
      return result.ok ? '' : result.message;
    });

    // then
    expect(messages).toEqual([
      "'R3' is not an ISO 8601 repeating interval (such as R3/PT10S or R/P1D)",
      "'Rx/PT1S' is not an ISO 8601 repeating interval (such as R3/PT10S or R/P1D)",
      "'R-1/PT1S' is not an ISO 8601 repeating interval (such as R3/PT10S or R/P1D)",
      "'PT1X' is not an ISO 8601 duration",
      "'2026-01-01T00:00:00' has no time zone; add Z or an offset such as +02:00",
      "'R/a/b/c' is not an ISO 8601 repeating interval (such as R3/PT10S or R/P1D)",
    ]);
  });

  it('rejects more repetitions than Zeebe can count', () => {
    // given
    const cycle = 'R2147483648/PT1S';

    // when
    const result = scheduleTimer('cycle', cycle, now);

    // then
    expect(result).toEqual({
      ok: false,
      message: "'R2147483648/PT1S' repeats more than 2147483647 times",
    });
  });

  it('points a bare duration given as a cycle to R/', () => {
    // given
    const cycle = 'PT10S';

    // when
    const result = scheduleTimer('cycle', cycle, now);

    // then
    expect(result).toEqual({
      ok: false,
      message: "'PT10S' is a duration, not a cycle; write 'R/PT10S' to repeat it",
    });
  });
});

describe('scheduleTimer and nextCycleFiring: cron', () => {
  it('fires at the next cron time after now, without end', () => {
    // given
    const cycle = ' 0 0 9 * * MON-FRI ';

    // when
    const dues = allFirings(cycle, 3);

    // then
    expect(dues).toEqual([
      '2026-02-02T09:00:00.000Z',
      '2026-02-03T09:00:00.000Z',
      '2026-02-04T09:00:00.000Z',
    ]);
    expect(scheduled(scheduleTimer('cycle', cycle, now)).cycle).toBe('0 0 9 * * MON-FRI');
  });

  it('keeps remaining null for every cron firing', () => {
    // given
    const first = scheduled(scheduleTimer('cycle', '@daily', now));

    // when
    const second = scheduled(nextCycleFiring('@daily', first.dueDate, first.remaining));

    // then
    expect([first.remaining, second.remaining]).toEqual([null, null]);
    expect(second.dueDate).toBe(Date.UTC(2026, 1, 2));
  });

  it('rejects an invalid cron expression, naming the field', () => {
    // given
    const cycle = '0 0 25 * * *';

    // when
    const result = scheduleTimer('cycle', cycle, now);

    // then
    expect(result).toEqual({
      ok: false,
      message:
        "'0 0 25 * * *' is not a valid cron expression: '25' is out of range in the hour field (0-23)",
    });
  });

  it('rejects a cron expression that never fires', () => {
    // given
    const cycle = '0 0 0 31 2 *';

    // when
    const result = scheduleTimer('cycle', cycle, now);

    // then
    expect(result).toEqual({
      ok: false,
      message: "'0 0 0 31 2 *' matches no time in the next 5 years",
    });
  });

  it('reports an invalid cycle given to nextCycleFiring', () => {
    // given
    const cycle = 'R3/PT1X';

    // when
    const result = nextCycleFiring(cycle, now, 2);

    // then
    expect(result).toEqual({ ok: false, message: "'PT1X' is not an ISO 8601 duration" });
  });
});
