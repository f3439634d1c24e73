/** A variable the person adds to the task form: its name, its type and its value. */
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import { FIELD_TYPE_LABELS, showFieldError, valueInput, type ValueInput } from './variableField';
import { FIELD_TYPES, type FieldType, type Parsed } from './variableValue';

/** The first value a new variable of each type starts with. */
const START_VALUES: Readonly<Record<FieldType, unknown>> = {
  text: '',
  number: undefined,
  boolean: false,
  date: undefined,
  dateTime: undefined,
  json: null,
};

export class NewVariableRow {
  readonly element: HTMLElement;
  private readonly nameInput: HTMLInputElement;
  private readonly typeSelect: HTMLSelectElement;
  private readonly valueSlot = h('div', { class: 'task-new-value' });
  private readonly nameError: HTMLElement;
  private readonly valueError: HTMLElement;
  private value: ValueInput;

  constructor(
    private readonly id: string,
    onRemove: (row: NewVariableRow) => void,
  ) {
    this.nameInput = h('input', {
      id: `${id}-name`,
      class: 'task-field-control',
      autocomplete: 'off',
      spellcheck: false,
    });
    this.typeSelect = h(
      'select',
      { id: `${id}-type`, class: 'task-field-control', onchange: () => this.retype() },
      FIELD_TYPES.map((type) => h('option', { value: type }, t(FIELD_TYPE_LABELS[type]))),
    );
    this.nameError = h('p', {
      class: 'field-error task-field-error',
      id: `${id}-name-error`,
      hidden: true,
    });
    this.valueError = h('p', {
      class: 'field-error task-field-error',
      id: `${id}-value-error`,
      hidden: true,
    });
    this.value = this.buildValue('text');
    this.element = h(
      'fieldset',
      { class: 'task-new-variable' },
      h('legend', {}, t('tasks.add.legend')),
      h(
        'div',
        { class: 'task-new-grid' },
        h(
          'div',
          {},
          h('label', { for: `${id}-name` }, t('tasks.add.name')),
          this.nameInput,
          this.nameError,
        ),
        h('div', {}, h('label', { for: `${id}-type` }, t('tasks.add.type')), this.typeSelect),
        h(
          'div',
          {},
          h('label', { for: `${id}-value` }, t('tasks.add.value')),
          this.valueSlot,
          this.valueError,
        ),
      ),
      h(
        'button',
        { type: 'button', class: 'button subtle', onclick: () => onRemove(this) },
        t('tasks.add.remove'),
      ),
    );
  }

  /** The variable's name and value, or a problem marked on the row. */
  read(takenNames: ReadonlySet<string>): { name: string; parsed: Parsed } {
    const name = this.nameInput.value.trim();
    let nameProblem: string | null = null;
    if (name === '') nameProblem = t('tasks.add.nameMissing');
    else if (takenNames.has(name)) nameProblem = t('tasks.add.nameTaken', { name });
    showFieldError(this.nameInput, this.nameError, nameProblem);
    const parsed = this.value.read();
    showFieldError(this.value.control, this.valueError, parsed.ok ? null : parsed.message);
    return { name, parsed: nameProblem ? { ok: false, message: nameProblem } : parsed };
  }

  focus(): void {
    this.nameInput.focus();
  }

  /** Focuses the first part with a problem. */
  focusProblem(): void {
    if (this.nameInput.getAttribute('aria-invalid')) this.nameInput.focus();
    else this.value.control.focus();
  }

  setDisabled(disabled: boolean): void {
    for (const control of this.element.querySelectorAll('input, select, textarea, button')) {
      (control as HTMLInputElement).disabled = disabled;
    }
  }

  private retype() {
    this.value = this.buildValue(this.typeSelect.value as FieldType);
    showFieldError(this.value.control, this.valueError, null);
  }

  private buildValue(type: FieldType): ValueInput {
    const input = valueInput(`${this.id}-value`, type, START_VALUES[type]);
    replaceChildren(this.valueSlot, input.element);
    return input;
  }
}
