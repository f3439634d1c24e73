import { currentLocale } from './index';

/** How much of the time of day shows: `14:05` (short) or `14:05:09` (medium). */
export type TimeStyle = 'short' | 'medium';

/**
 * An ISO date-time in the reader's locale and time zone; text that is not a date-time
 * stays as it is.
 *
 * @example
 * formatDateTime('2025-03-12T14:05:09Z'); // 'Mar 12, 2025, 2:05 PM' (en-US, UTC)
 */
export function formatDateTime(iso: string, timeStyle: TimeStyle = 'short'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle }).format(date);
}
