import { formatDateTime, type TimeStyle } from '../i18n/formatDateTime';
import { h } from './h';

/**
 * A moment as a `<time>` element in the reader's locale and time zone.
 *
 * @example
 * timeElement(task.creationDate); // <time datetime="2025-03-12T14:05:00Z">Mar 12, 2025, 2:05 PM</time>
 */
export function timeElement(iso: string, timeStyle: TimeStyle = 'short'): HTMLTimeElement {
  return h('time', { datetime: iso }, formatDateTime(iso, timeStyle));
}
