/**
 * ISO 8601 durations as Zeebe reads them for timers (`PnYnMnWnDTnHnMnS`), and adding one to an
 * instant the way java.time does in UTC: years and months on the calendar, the rest exactly.
 */

/** A parsed, non-negative duration. Weeks are folded into days; seconds may be fractional. */
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

/** The outcome of {@link parseIsoDuration}. */
export type DurationResult = { ok: true; value: IsoDuration } | { ok: false; message: string };

const DAY_MS = 86_400_000;
const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
const PATTERN =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d{1,9})?)S)?)?$/i;

/**
 * Parses an ISO 8601 duration such as `P1Y2M`, `P2W`, `P3DT4H` or `PT0.5S` (a comma works as
 * the decimal mark too; only seconds may have a fraction, at most nine digits, kept to the
 * millisecond). Letters may be in either case. Negative durations (`-PT5S`, `P-1D`) are
 * rejected: a timer cannot wait a negative time. Never throws.
 *
 * @example
 * parseIsoDuration('P1DT12H');
 * // { ok: true, value: { years: 0, months: 0, days: 1, hours: 12, minutes: 0, seconds: 0 } }
 * parseIsoDuration('PT1X'); // { ok: false, message: "'PT1X' is not an ISO 8601 duration" }
 */
export function parseIsoDuration(text: string): DurationResult {
  const match = PATTERN.exec(text);
  if (!match || match.slice(1).every((group) => group === undefined) || /T$/i.test(text)) {
    const unsigned = text.replace(/-/g, '');
    if (unsigned !== text && PATTERN.test(unsigned)) {
      return { ok: false, message: `'${text}' is a negative duration, which a timer cannot wait` };
    }
    return { ok: false, message: `'${text}' is not an ISO 8601 duration` };
  }
  const values = UNITS.map((_, index) => Number((match[index + 1] ?? '0').replace(',', '.')));
  if (!values.every((value) => Number.isFinite(value) && value <= Number.MAX_SAFE_INTEGER)) {
    return { ok: false, message: `'${text}' is too long to be a timer duration` };
  }
  const [years = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0] = values;
  return { ok: true, value: { years, months, days: weeks * 7 + days, hours, minutes, seconds } };
}

/**
 * Adds a duration to an instant in UTC, as java.time adds a Period and a Duration to a
 * ZonedDateTime in UTC: first the months (years count as twelve months each, added together,
 * and the day of month is clamped to the end of the target month), then the days as 24 hours,
 * then hours, minutes and seconds exactly, with seconds rounded to the millisecond. Answers
 * `NaN` when the result leaves the range of `Date`.
 *
 * @example
 * const oneMonth = { years: 0, months: 1, days: 0, hours: 0, minutes: 0, seconds: 0 };
 * addDuration(Date.UTC(2023, 0, 31, 9), oneMonth) === Date.UTC(2023, 1, 28, 9); // true
 */
export function addDuration(epochMs: number, duration: IsoDuration): number {
  const totalMonths = duration.years * 12 + duration.months;
  const shifted = totalMonths === 0 ? epochMs : addMonths(epochMs, totalMonths);
  return (
    shifted +
    duration.days * DAY_MS +
    duration.hours * 3_600_000 +
    duration.minutes * 60_000 +
    Math.round(duration.seconds * 1000)
  );
}

/**
 * The number of days in a month of the proleptic Gregorian calendar; `month0` counts from 0.
 *
 * @example
 * daysInMonth(2024, 1); // 29
 */
export function daysInMonth(year: number, month0: number): number {
  if (month0 === 1) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return month0 === 3 || month0 === 5 || month0 === 8 || month0 === 10 ? 30 : 31;
}

/**
 * Epoch milliseconds of midnight UTC on a calendar day (`month0` counts from 0), for any year,
 * including 0-99 which `Date.UTC` would move to the 1900s. `NaN` outside the range of `Date`.
 *
 * @example
 * utcMidnight(2026, 11, 1) === Date.UTC(2026, 11, 1); // true
 */
export function utcMidnight(year: number, month0: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month0, day);
  return date.getTime();
}

function addMonths(epochMs: number, months: number): number {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return Number.NaN;
  const index = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(index / 12);
  const month0 = index - year * 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month0));
  const timeOfDay = ((epochMs % DAY_MS) + DAY_MS) % DAY_MS;
  return utcMidnight(year, month0, day) + timeOfDay;
}
