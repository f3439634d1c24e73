/**
 * BPMN timer definitions to due times, as Zeebe reads them: a date (`timeDate`), a duration
 * (`timeDuration`) or a cycle (`timeCycle`: an ISO 8601 repeating interval or a cron
 * expression). Pure: the clock comes in as `now`.
 */
import { CRON_SEARCH_YEARS, nextCronTime, parseCron, type CronExpression } from './cronExpression';
import {
  addDuration,
  daysInMonth,
  parseIsoDuration,
  utcMidnight,
  type IsoDuration,
} from './isoDuration';

export type TimerKind = 'date' | 'duration' | 'cycle';

export interface TimerSchedule {
  /** epoch ms when the timer is due */
  dueDate: number;
  /** cycles only: the cycle text to compute later firings from; null for date and duration */
  cycle: string | null;
  /** cycles only: firings still to come after this one; null = unbounded (R/…, cron); 0 = this is the last */
  remaining: number | null;
}

export type ScheduleResult = { ok: true; value: TimerSchedule } | { ok: false; message: string };

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
type Cycle =
  | { kind: 'repeat'; repetitions: number | null; start: number | null; every: IsoDuration }
  | { kind: 'cron'; cron: CronExpression };

/** Zeebe counts repetitions in a Java `int`. */
const MAX_REPETITIONS = 2_147_483_647;
const MAX_INSTANT = 8.64e15;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/i;

/**
 * The first firing of a timer of this kind whose (already evaluated) text is `text`, armed at
 * `now`. Surrounding whitespace is ignored. Never throws: a bad text gives a message.
 * - `date`: an ISO 8601 date-time with `Z` or an offset; one in the past is due at once.
 * - `duration`: an ISO 8601 duration after `now` (`PT0S` is due at once).
 * - `cycle`: `R<n>/<duration>` (n firings, the first one duration after `now`), `R/<duration>`
 *   (unbounded), `R<n>/<start>/<duration>` (the first at the start, even a past one), or a cron
 *   expression (unbounded, first at the next matching second after `now`).
 *
 * @example
 * scheduleTimer('cycle', 'R3/PT10S', Date.UTC(2026, 0, 1));
 * // { ok: true, value: { dueDate: Date.UTC(2026, 0, 1, 0, 0, 10), cycle: 'R3/PT10S', remaining: 2 } }
 */
export function scheduleTimer(kind: TimerKind, text: string, now: number): ScheduleResult {
  const trimmed = text.trim();
  if (trimmed === '') return fail(`the timer ${kind} is empty`);
  if (kind === 'date') {
    const date = parseDateTime(trimmed);
    return date.ok ? due(trimmed, date.value, null, null) : date;
  }
  if (kind === 'duration') {
    const duration = parseIsoDuration(trimmed);
    return duration.ok ? due(trimmed, addDuration(now, duration.value), null, null) : duration;
  }
  const cycle = parseCycle(trimmed);
  if (!cycle.ok) return cycle;
  if (cycle.value.kind === 'cron') return cronFiring(trimmed, cycle.value.cron, now, null);
  const { repetitions, start, every } = cycle.value;
  const remaining = repetitions === null ? null : repetitions - 1;
  return due(trimmed, start ?? addDuration(now, every), trimmed, remaining);
}

/**
 * The firing after `previousDue` of a cycle, or `null` when the cycle is exhausted (`remaining`
 * is 0). A repeating interval fires its duration after the previous due date; a cron expression
 * at its next matching second. `remaining` counts down by one; `null` stays `null`.
 *
 * @example
 * nextCycleFiring('R3/PT10S', Date.UTC(2026, 0, 1, 0, 0, 10), 2);
 * // { ok: true, value: { dueDate: Date.UTC(2026, 0, 1, 0, 0, 20), cycle: 'R3/PT10S', remaining: 1 } }
 * nextCycleFiring('R3/PT10S', Date.UTC(2026, 0, 1, 0, 0, 30), 0); // null
 */
export function nextCycleFiring(
  cycle: string,
  previousDue: number,
  remaining: number | null,
): ScheduleResult | null {
  if (remaining !== null && remaining <= 0) return null;
  const trimmed = cycle.trim();
  const parsed = parseCycle(trimmed);
  if (!parsed.ok) return parsed;
  const next = remaining === null ? null : remaining - 1;
  if (parsed.value.kind === 'cron')
    return cronFiring(trimmed, parsed.value.cron, previousDue, next);
  return due(trimmed, addDuration(previousDue, parsed.value.every), trimmed, next);
}

function parseCycle(text: string): Parsed<Cycle> {
  if (!/^R/i.test(text)) {
    if (parseIsoDuration(text).ok) {
      return fail(`'${text}' is a duration, not a cycle; write 'R/${text}' to repeat it`);
    }
    const cron = parseCron(text);
    return cron.ok ? { ok: true, value: { kind: 'cron', cron: cron.value } } : cron;
  }
  const [head = '', ...rest] = text.split('/');
  const count = head.slice(1);
  if (rest.length < 1 || rest.length > 2 || !/^\d*$/.test(count)) {
    return fail(`'${text}' is not an ISO 8601 repeating interval (such as R3/PT10S or R/P1D)`);
  }
  const repetitions = count === '' ? null : Number(count);
  if (repetitions === 0) {
    return fail(`'${text}' repeats zero times: a cycle needs at least one repetition`);
  }
  if (repetitions !== null && repetitions > MAX_REPETITIONS) {
    return fail(`'${text}' repeats more than ${MAX_REPETITIONS} times`);
  }
  const start = rest.length === 2 ? parseDateTime(rest[0] ?? '') : null;
  if (start && !start.ok) return start;
  const durationText = rest[rest.length - 1] ?? '';
  const every = parseIsoDuration(durationText);
  if (!every.ok) return every;
  if (addDuration(0, every.value) === 0) {
    return fail(`'${text}' repeats every '${durationText}': a cycle needs an interval above zero`);
  }
  const value: Cycle = {
    kind: 'repeat',
    repetitions,
    start: start?.value ?? null,
    every: every.value,
  };
  return { ok: true, value };
}

function parseDateTime(text: string): Parsed<number> {
  const match = DATE_TIME.exec(text);
  if (!match) return fail(`'${text}' is not an ISO 8601 date-time (such as 2026-12-01T10:00:00Z)`);
  if (match[8] === undefined) {
    return fail(`'${text}' has no time zone; add Z or an offset such as +02:00`);
  }
  const numbers = (from: number, to: number): number[] =>
    match.slice(from, to).map((group) => Number(group ?? 0));
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = numbers(1, 7);
  const [oh = 0, om = 0, os = 0] = numbers(10, 13);
  const offset = (oh * 3600 + om * 60 + os) * 1000;
  const valid =
    mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo - 1) && h <= 23 && mi <= 59 && s <= 59;
  if (!valid || om > 59 || os > 59 || offset > 18 * 3_600_000) {
    return fail(`'${text}' is not a valid date-time`);
  }
  const millis = Math.round(Number(`0.${match[7] ?? ''}`) * 1000);
  const local = utcMidnight(y, mo - 1, d) + (h * 3600 + mi * 60 + s) * 1000 + millis;
  return { ok: true, value: match[9] === '-' ? local + offset : local - offset };
}

function cronFiring(
  text: string,
  cron: CronExpression,
  after: number,
  remaining: number | null,
): ScheduleResult {
  const next = nextCronTime(cron, after);
  if (next === null)
    return fail(`'${text}' matches no time in the next ${CRON_SEARCH_YEARS} years`);
  return due(text, next, text, remaining);
}

function due(
  text: string,
  dueDate: number,
  cycle: string | null,
  remaining: number | null,
): ScheduleResult {
  if (!Number.isFinite(dueDate) || Math.abs(dueDate) > MAX_INSTANT) {
    return fail(`'${text}' puts the due date beyond the range of dates`);
  }
  return { ok: true, value: { dueDate, cycle, remaining } };
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
