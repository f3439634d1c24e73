/**
 * Zeebe's cron expressions, which are Spring's six-field format
 * (`second minute hour day-of-month month day-of-week`), evaluated in UTC: parse once, then ask
 * for the next matching second after an instant.
 */
import { daysInMonth, utcMidnight } from './isoDuration';

/** A parsed cron expression: for each field, which values match (indexed by the value). */
export interface CronExpression {
  /** the expression as written (or the macro) */
  readonly text: string;
  /** 0-59 */
  readonly seconds: readonly boolean[];
  /** 0-59 */
  readonly minutes: readonly boolean[];
  /** 0-23 */
  readonly hours: readonly boolean[];
  /** 1-31; all false when the field is `L` */
  readonly daysOfMonth: readonly boolean[];
  /** the day-of-month field is `L`: only the last day of each month matches */
  readonly lastDayOfMonth: boolean;
  /** 1-12 */
  readonly months: readonly boolean[];
  /** 0-6, 0 = Sunday, as `getUTCDay` counts */
  readonly daysOfWeek: readonly boolean[];
}

/** The outcome of {@link parseCron}. */
export type CronResult = { ok: true; value: CronExpression } | { ok: false; message: string };

/** How many years past the start year {@link nextCronTime} searches before giving up. */
export const CRON_SEARCH_YEARS = 5;

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const FIELDS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // Spring counts Monday 1 to Sunday 7, and also reads 0 as Sunday.
  { name: 'day-of-week', min: 1, max: 7, names: DAYS },
];
const PART = /^(?:(\*)|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/;

/**
 * Parses a cron expression the way Zeebe (Spring's `CronExpression`) does: six fields with
 * `*`, numbers, ranges `a-b`, lists `a,b`, steps `*\/n`, `a-b/n` and `a/n` (from `a` to the
 * end); `?` in the day fields; month names `JAN`-`DEC` and day names `MON`-`SUN` in any case;
 * 0 or 7 for Sunday; `L` as the whole day-of-month field for the last day of the month; and
 * the macros `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`.
 * Never throws: a bad expression gives a message naming the field.
 *
 * @example
 * parseCron('0 0 9 * * MON-FRI').ok; // true
 * parseCron('0 61 * * * *');
 * // { ok: false, message: "'0 61 * * * *' is not a valid cron expression: '61' is out of
 * //   range in the minute field (0-59)" }
 */
export function parseCron(text: string): CronResult {
  const trimmed = text.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const fields = expanded === '' ? [] : expanded.split(/\s+/);
  if (fields.length !== FIELDS.length) {
    const message = `'${trimmed}' is not a cron expression: it needs six fields (second minute hour day-of-month month day-of-week), not ${fields.length}`;
    return { ok: false, message };
  }
  const sets: boolean[][] = [];
  let lastDayOfMonth = false;
  for (const [index, spec] of FIELDS.entries()) {
    const field = fields[index] ?? '';
    if (spec.name === 'day-of-month' && field.toUpperCase() === 'L') {
      lastDayOfMonth = true;
      sets.push(new Array<boolean>(spec.max + 1).fill(false));
      continue;
    }
    const parsed = parseField(field, spec);
    if (typeof parsed === 'string') {
      return { ok: false, message: `'${trimmed}' is not a valid cron expression: ${parsed}` };
    }
    sets.push(parsed);
  }
  const [seconds = [], minutes = [], hours = [], daysOfMonth = [], months = [], week = []] = sets;
  const daysOfWeek = [week[0] === true || week[7] === true, ...week.slice(1, 7)];
  const value = { text: trimmed, seconds, minutes, hours, daysOfMonth, lastDayOfMonth, months };
  return { ok: true, value: { ...value, daysOfWeek } };
}

/**
 * The first instant strictly after `afterEpochMs` that the expression matches, in whole seconds
 * of UTC, or `null` when there is none before the end of the {@link CRON_SEARCH_YEARS}th year
 * after the start (`0 0 0 30 2 *` never matches). Skips whole months, days, hours and minutes
 * that cannot match, so it takes a few thousand steps at most.
 *
 * @example
 * const everyQuarterHour = parseCron('0 0/15 * * * *');
 * if (everyQuarterHour.ok) nextCronTime(everyQuarterHour.value, Date.UTC(2026, 0, 1, 10, 7));
 * // Date.UTC(2026, 0, 1, 10, 15)
 */
export function nextCronTime(cron: CronExpression, afterEpochMs: number): number | null {
  const start = new Date(Math.floor(afterEpochMs / 1000) * 1000 + 1000);
  if (Number.isNaN(start.getTime())) return null;
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let day = start.getUTCDate();
  let hour = start.getUTCHours();
  let minute = start.getUTCMinutes();
  let second = start.getUTCSeconds();
  const lastYear = year + CRON_SEARCH_YEARS;
  const nextDay = (): void => {
    day += 1;
    hour = minute = second = 0;
  };
  while (year <= lastYear) {
    const m = firstFrom(cron.months, month);
    if (m < 0) {
      [year, month, day, hour, minute, second] = [year + 1, 1, 1, 0, 0, 0];
    } else if (m !== month) {
      [month, day, hour, minute, second] = [m, 1, 0, 0, 0];
    } else if (day > daysInMonth(year, month - 1)) {
      [month, day, hour, minute, second] = [month + 1, 1, 0, 0, 0];
    } else if (!dayMatches(cron, year, month, day)) {
      nextDay();
    } else {
      const h = firstFrom(cron.hours, hour);
      if (h < 0) {
        nextDay();
      } else if (h !== hour) {
        [hour, minute, second] = [h, 0, 0];
      } else {
        const mi = firstFrom(cron.minutes, minute);
        if (mi < 0) [hour, minute, second] = [hour + 1, 0, 0];
        else if (mi !== minute) [minute, second] = [mi, 0];
        else {
          const s = firstFrom(cron.seconds, second);
          if (s < 0) [minute, second] = [minute + 1, 0];
          else
            return (
              utcMidnight(year, month - 1, day) + hour * 3_600_000 + minute * 60_000 + s * 1000
            );
        }
      }
    }
  }
  return null;
}

function dayMatches(cron: CronExpression, year: number, month: number, day: number): boolean {
  const inMonth = cron.lastDayOfMonth
    ? day === daysInMonth(year, month - 1)
    : cron.daysOfMonth[day] === true;
  const weekday = new Date(utcMidnight(year, month - 1, day)).getUTCDay();
  return inMonth && cron.daysOfWeek[weekday] === true;
}

/** The first index from `from` on whose value is true, or -1. */
function firstFrom(values: readonly boolean[], from: number): number {
  for (let index = from; index < values.length; index += 1) {
    if (values[index] === true) return index;
  }
  return -1;
}

/** The values a field matches, or why it is invalid. */
function parseField(field: string, spec: FieldSpec): boolean[] | string {
  let text = field.toUpperCase();
  spec.names?.forEach((name, index) => (text = text.replaceAll(name, String(index + 1))));
  if (text === '?' && spec.name.startsWith('day-of-')) text = '*';
  const lowest = spec.name === 'day-of-week' ? 0 : spec.min;
  const values = new Array<boolean>(spec.max + 1).fill(false);
  for (const part of text.split(',')) {
    const match = PART.exec(part);
    if (!match) return `'${field}' is not valid in the ${spec.name} field`;
    const [, star, first, last, step] = match;
    let from = star ? spec.min : Number(first);
    const to = star ? spec.max : last !== undefined ? Number(last) : step ? spec.max : from;
    if (from < lowest || to < lowest || from > spec.max || to > spec.max) {
      return `'${field}' is out of range in the ${spec.name} field (${lowest}-${spec.max})`;
    }
    // As in Spring, Sunday as 7 at the start of a range means 0 (SUN-SAT is 0-6).
    if (last !== undefined && from === 7 && spec.name === 'day-of-week') from = 0;
    if (from > to) {
      return `'${field}' has a range that ends before it starts in the ${spec.name} field`;
    }
    const increment = step === undefined ? 1 : Number(step);
    if (increment < 1) return `'${field}' has a step of zero in the ${spec.name} field`;
    for (; from <= to; from += increment) values[from] = true;
  }
  return values;
}
