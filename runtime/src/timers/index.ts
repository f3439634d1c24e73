/**
 * Timers for the runtime: BPMN timer definitions (date, duration, cycle) to due times, as
 * Zeebe reads them. Pure and deterministic: the clock always comes in as `now`.
 *
 * @example
 * import { scheduleTimer } from '../timers';
 * const scheduled = scheduleTimer('duration', 'PT15M', command.now);
 * if (!scheduled.ok) raiseIncident(element.id, scheduled.message);
 */
export {
  nextCycleFiring,
  scheduleTimer,
  type ScheduleResult,
  type TimerKind,
  type TimerSchedule,
} from './timerSchedule';
export {
  addDuration,
  parseIsoDuration,
  type DurationResult,
  type IsoDuration,
} from './isoDuration';
export {
  CRON_SEARCH_YEARS,
  nextCronTime,
  parseCron,
  type CronExpression,
  type CronResult,
} from './cronExpression';
