/**
 * One labelled input of the client form, typed by the field type: text, number, date,
 * boolean (yes / no / not set), enum (a select), email and phone. A message from the
 * server sits below the input, tied to it by `aria-describedby` and `aria-invalid`.
 */
import type { CustomValue } from '../../api/clients';
import { h } from '../../dom/h';
import { t } from '../../i18n';
import type { ClientField } from './clientFields';

type Control = HTMLInputElement | HTMLSelectElement;

/** What an input holds: a value, nothing, or text that is not a value of its type. */
export type InputReading = { value: CustomValue | undefined } | { error: string };

export class FieldInput {
  readonly element: HTMLElement;
  readonly control: Control;
  private readonly error: HTMLElement;

  constructor(readonly field: ClientField) {
    const id = `client-field-${field.builtIn ? '' : 'custom-'}${field.name}`;
    const errorId = `${id}-error`;
    this.control = createControl(field, id);
    this.control.setAttribute('aria-describedby', errorId);
    if (field.required) this.control.required = true;
    this.error = h('p', { id: errorId, class: 'field-error', hidden: true });
    this.element = h(
      'div',
      { class: 'form-field', 'data-field': field.pointer },
      h(
        'label',
        { for: id },
        field.label,
        field.required
          ? h('span', { class: 'required-mark', title: t('clients.form.required') }, ' *')
          : null,
      ),
      this.control,
      this.error,
    );
  }

  /** Shows a stored value (dates as their calendar day). */
  set(value: CustomValue | undefined): void {
    if (value === undefined) this.control.value = '';
    else if (this.field.type === 'date') this.control.value = String(value).slice(0, 10);
    else this.control.value = String(value);
  }

  read(): InputReading {
    const raw = this.control.value;
    if (this.field.type === 'number') {
      const input = this.control as HTMLInputElement;
      if (input.validity.badInput) return { error: t('clients.form.notANumber') };
      return { value: raw === '' ? undefined : Number(raw) };
    }
    if (this.field.type === 'boolean') return { value: raw === '' ? undefined : raw === 'true' };
    const text = this.field.type === 'text' ? raw : raw.trim();
    return { value: text.trim() === '' ? undefined : text };
  }

  showError(message: string | null): void {
    this.error.textContent = message ?? '';
    this.error.hidden = message === null;
    if (message === null) this.control.removeAttribute('aria-invalid');
    else this.control.setAttribute('aria-invalid', 'true');
  }

  get hasError(): boolean {
    return !this.error.hidden;
  }
}

function createControl(field: ClientField, id: string): Control {
  const name = field.pointer;
  switch (field.type) {
    case 'enum':
      return h(
        'select',
        { id, name },
        h(
          'option',
          { value: '' },
          field.required ? t('clients.form.choose') : t('clients.form.notSet'),
        ),
        (field.options ?? []).map((option) => h('option', { value: option.value }, option.label)),
      );
    case 'boolean':
      return h(
        'select',
        { id, name },
        h('option', { value: '' }, t('clients.form.notSet')),
        h('option', { value: 'true' }, t('clients.yes')),
        h('option', { value: 'false' }, t('clients.no')),
      );
    case 'number':
      return h('input', { id, name, type: 'number', step: 'any', inputmode: 'decimal' });
    case 'date':
      return h('input', { id, name, type: 'date' });
    case 'email':
      return h('input', { id, name, type: 'email', autocomplete: 'off' });
    case 'phone':
      return h('input', { id, name, type: 'tel', autocomplete: 'off' });
    default:
      return h('input', { id, name, type: 'text', autocomplete: 'off' });
  }
}
