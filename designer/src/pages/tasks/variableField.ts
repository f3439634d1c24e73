/**
 * One editable variable of the task form: a label, an input that suits the value's type,
 * and a place for the problem with what was typed.
 */
import { h } from '../../dom/h';
import { t, type MessageKey } from '../../i18n';
import { fieldText, parseFieldText, type FieldType, type Parsed } from './variableValue';

export const FIELD_TYPE_LABELS: Readonly<Record<FieldType, MessageKey>> = {
  text: 'tasks.type.text',
  number: 'tasks.type.number',
  boolean: 'tasks.type.boolean',
  date: 'tasks.type.date',
  dateTime: 'tasks.type.dateTime',
  json: 'tasks.type.json',
};

export interface ValueInput {
  /** The control that takes the focus and the label. */
  readonly control: HTMLInputElement | HTMLTextAreaElement;
  /** The control and what goes with it (the switch's yes/no text). */
  readonly element: HTMLElement;
  read(): Parsed;
}

/**
 * The input for a value of `type`, with `id` for its label.
 *
 * @example
 * const input = valueInput('task-var-0', 'number', 3);
 * input.read(); // { ok: true, value: 3 }
 */
export function valueInput(id: string, type: FieldType, value: unknown): ValueInput {
  if (type === 'boolean') return switchInput(id, value === true);
  const control =
    type === 'json'
      ? h('textarea', { id, rows: 4, spellcheck: false })
      : h('input', {
          id,
          type: { text: 'text', number: 'number', date: 'date', dateTime: 'datetime-local' }[type],
          step: type === 'number' ? 'any' : type === 'dateTime' ? 1 : null,
        });
  control.value = fieldText(type, value);
  control.classList.add('task-field-control');
  return { control, element: control, read: () => parseFieldText(type, control.value, value) };
}

function switchInput(id: string, checked: boolean): ValueInput {
  const state = h('span', { class: 'task-switch-state', 'aria-hidden': 'true' });
  const control = h('input', {
    id,
    type: 'checkbox',
    role: 'switch',
    class: 'task-switch',
    onchange: () => (state.textContent = t(control.checked ? 'tasks.field.yes' : 'tasks.field.no')),
  });
  control.checked = checked;
  state.textContent = t(checked ? 'tasks.field.yes' : 'tasks.field.no');
  return {
    control,
    element: h('span', { class: 'task-switch-wrap' }, control, state),
    read: () => ({ ok: true, value: control.checked }),
  };
}

/** A field of the form: an existing variable of the task. */
export class VariableField {
  readonly element: HTMLElement;
  private readonly input: ValueInput;
  private readonly error: HTMLElement;

  constructor(
    readonly name: string,
    value: unknown,
    type: FieldType,
    id: string,
  ) {
    this.input = valueInput(id, type, value);
    this.error = h('p', { class: 'field-error task-field-error', id: `${id}-error`, hidden: true });
    this.element = h(
      'div',
      { class: `task-field type-${type}`, 'data-variable': name },
      h(
        'div',
        { class: 'task-field-head' },
        h('label', { for: id }, name),
        h('span', { class: 'task-field-type muted' }, t(FIELD_TYPE_LABELS[type])),
      ),
      this.input.element,
      this.error,
    );
  }

  /** The value to send, or null after marking the field with what is wrong. */
  read(): Parsed {
    const parsed = this.input.read();
    this.showError(parsed.ok ? null : parsed.message);
    return parsed;
  }

  showError(message: string | null): void {
    showFieldError(this.input.control, this.error, message);
  }

  focus(): void {
    this.input.control.focus();
  }

  setDisabled(disabled: boolean): void {
    this.input.control.disabled = disabled;
  }
}

/** Marks `control` as invalid with `message` in `error` (or clears it). */
export function showFieldError(
  control: HTMLElement,
  error: HTMLElement,
  message: string | null,
): void {
  error.textContent = message ?? '';
  error.hidden = message === null;
  if (message === null) {
    control.removeAttribute('aria-invalid');
    control.removeAttribute('aria-describedby');
  } else {
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', error.id);
  }
}
