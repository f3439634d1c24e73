/**
 * How a variable's value maps to a form field and back: the field type follows the
 * value's JSON type, and an ISO date or date-time string gets a date input.
 *
 *   value ──fieldTypeOf──▶ text | number | boolean | date | dateTime | json
 *   input text ──parseFieldText──▶ the JSON value to send, or a problem in words
 */
import { t } from '../../i18n';

export type FieldType = 'text' | 'number' | 'boolean' | 'date' | 'dateTime' | 'json';

export const FIELD_TYPES: readonly FieldType[] = [
  'text',
  'number',
  'boolean',
  'date',
  'dateTime',
  'json',
];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A date-time with a zone (Z or an offset), as FEEL serialises `date and time`. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The field that shows `value`.
 *
 * @example
 * fieldTypeOf('2025-03-01'); // 'date'
 * fieldTypeOf({ preferred: 'phone' }); // 'json'
 */
export function fieldTypeOf(value: unknown): FieldType {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value !== 'string') return 'json';
  if (ISO_DATE.test(value) && isRealDate(value)) return 'date';
  if (ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return 'dateTime';
  return 'text';
}

/** A field typed in by text (a boolean is a switch). */
export type TextFieldType = Exclude<FieldType, 'boolean'>;

/** The input's text for `value` in a field of `type`. */
export function fieldText(type: TextFieldType, value: unknown): string {
  switch (type) {
    case 'text':
    case 'date':
      return typeof value === 'string' ? value : '';
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    case 'dateTime':
      return typeof value === 'string' ? toLocalDateTime(value) : '';
    case 'json':
      return value === undefined ? '' : JSON.stringify(value, null, 2);
  }
}

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * The value a field's text stands for. A date-time whose text is unchanged keeps its
 * original string (and so its zone); an edited one is sent as a UTC instant.
 *
 * @example
 * parseFieldText('number', '12.5'); // { ok: true, value: 12.5 }
 */
export function parseFieldText(type: TextFieldType, text: string, original?: unknown): Parsed {
  switch (type) {
    case 'text':
      return { ok: true, value: text };
    case 'number': {
      const number = Number(text);
      if (text.trim() === '' || !Number.isFinite(number))
        return { ok: false, message: t('tasks.field.numberError') };
      return { ok: true, value: number };
    }
    case 'date':
      if (!ISO_DATE.test(text) || !isRealDate(text))
        return { ok: false, message: t('tasks.field.dateError') };
      return { ok: true, value: text };
    case 'dateTime': {
      // Without a zone, Date.parse reads the text as local time, as the input shows it.
      const time = Date.parse(text);
      if (typeof original === 'string' && time === Date.parse(toLocalDateTime(original)))
        return { ok: true, value: original };
      if (text === '' || Number.isNaN(time))
        return { ok: false, message: t('tasks.field.dateTimeError') };
      return { ok: true, value: new Date(time).toISOString() };
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return { ok: false, message: t('tasks.field.jsonError', { detail }) };
      }
  }
}

/** `2025-03-01T09:30:00Z` as the `YYYY-MM-DDTHH:mm:ss` a datetime-local input shows. */
function toLocalDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Rejects `2025-02-30`, which `Date.parse` would roll over. */
function isRealDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
