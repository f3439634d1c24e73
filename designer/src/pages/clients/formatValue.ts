/** Values of clients and their history as the page shows them, in the current locale. */
import type { CustomValue } from '../../api/clients';
import { h } from '../../dom/h';
import { currentLocale, t } from '../../i18n';
import { optionLabel, type ClientField } from './clientFields';

/**
 * A field's value for reading: booleans as yes/no, dates in the locale (custom dates are
 * calendar dates stored as UTC midnight), options by their label, email and phone as links.
 *
 * @example
 * formatValue(emailField, 'ana@example.com'); // <a href="mailto:ana@example.com">…</a>
 */
export function formatValue(field: ClientField, value: CustomValue | undefined): Node | string {
  if (value === undefined || value === '')
    return h('span', { class: 'muted' }, t('clients.noValue'));
  switch (field.type) {
    case 'boolean':
      return value === true ? t('clients.yes') : t('clients.no');
    case 'number':
      return typeof value === 'number'
        ? new Intl.NumberFormat(currentLocale()).format(value)
        : String(value);
    case 'date':
      return formatDate(String(value));
    case 'enum':
      return optionLabel(field, String(value));
    case 'email':
      return h('a', { href: `mailto:${String(value)}` }, String(value));
    case 'phone':
      return h('a', { href: `tel:${String(value).replace(/[^0-9+]/g, '')}` }, String(value));
    default:
      return String(value);
  }
}

/** A calendar date stored as a UTC instant, shown as that date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    date,
  );
}
