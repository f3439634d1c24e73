/**
 * Defining a custom field of clients, or changing one. A new field takes a name, a label,
 * a type, whether it is required and, for an enum, its options; a defined field keeps its
 * name and type, and its existing options. The server validates; each message shows on
 * its input.
 *
 *   inputs ──▶ POST /api/fields | PATCH /api/fields/{name} ──▶ onSaved(field)
 *                     400 errors[{pointer}] ──▶ message under each input
 */
import {
  createCustomField,
  updateCustomField,
  type CustomFieldChange,
  type NewCustomField,
} from '../../api/admin';
import type { CustomField } from '../../api/clients';
import { h } from '../../dom/h';
import { t, type MessageKey } from '../../i18n';
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../../../../schemas/crm';
import { AdminForm } from './AdminForm';
import { controlId, FormField } from './FormField';

export const FIELD_TYPE_LABELS: Readonly<Record<CustomFieldType, MessageKey>> = {
  text: 'admin.fields.type.text',
  number: 'admin.fields.type.number',
  date: 'admin.fields.type.date',
  boolean: 'admin.fields.type.boolean',
  enum: 'admin.fields.type.enum',
  email: 'admin.fields.type.email',
  phone: 'admin.fields.type.phone',
};

export interface FieldFormOptions {
  /** The field to change; null to define a new one. */
  field: CustomField | null;
  onSaved(field: CustomField): void;
  onCancel(): void;
}

export class FieldForm {
  readonly element: HTMLFormElement;
  private readonly name: HTMLInputElement;
  private readonly label: HTMLInputElement;
  private readonly type: HTMLSelectElement;
  private readonly required: HTMLInputElement;
  private readonly options: HTMLTextAreaElement;
  private readonly optionsField: FormField;

  constructor(private readonly settings: FieldFormOptions) {
    const existing = settings.field;
    const id = (name: string) => controlId('field', name);
    this.name = h('input', {
      id: id('name'),
      name: 'name',
      autocomplete: 'off',
      spellcheck: 'false',
      disabled: existing !== null,
    });
    this.label = h('input', { id: id('label'), name: 'label', autocomplete: 'off' });
    this.type = h(
      'select',
      {
        id: id('type'),
        name: 'type',
        disabled: existing !== null,
        onchange: () => this.showOptions(),
      },
      CUSTOM_FIELD_TYPES.map((type) => h('option', { value: type }, t(FIELD_TYPE_LABELS[type]))),
    );
    this.required = h('input', { id: id('required'), name: 'required', type: 'checkbox' });
    this.options = h('textarea', {
      id: id('options'),
      name: 'options',
      rows: 4,
      spellcheck: 'false',
    });
    if (existing) {
      this.name.value = existing.name;
      this.label.value = existing.label;
      this.type.value = existing.type;
      this.required.checked = existing.required;
      this.options.value = (existing.options ?? []).join('\n');
    }

    this.optionsField = new FormField(
      '/options',
      t('admin.fields.options'),
      this.options,
      existing ? t('admin.fields.optionsKeptHint') : t('admin.fields.optionsHint'),
    );
    const requiredField = new FormField(
      '/required',
      t('admin.fields.required'),
      this.required,
      t('admin.fields.requiredHint'),
    );
    requiredField.element.classList.add('is-check');
    const heading = existing
      ? t('admin.fields.editTitle', { label: existing.label })
      : t('admin.fields.createTitle');
    this.element = new AdminForm({
      heading,
      fields: [
        new FormField(
          '/name',
          t('admin.fields.name'),
          this.name,
          existing ? undefined : t('admin.fields.nameHint'),
        ),
        new FormField('/label', t('admin.fields.label'), this.label),
        new FormField('/type', t('admin.fields.typeLabel'), this.type),
        requiredField,
        this.optionsField,
      ],
      submitLabel: existing ? t('admin.fields.save') : t('admin.fields.create'),
      send: () => this.save(),
      onCancel: () => settings.onCancel(),
    }).element;
    this.showOptions();
  }

  /** Puts the focus on the first input that can change. */
  focus(): void {
    (this.settings.field ? this.label : this.name).focus();
  }

  private showOptions() {
    this.optionsField.element.hidden = this.type.value !== 'enum';
  }

  private async save() {
    const options = this.options.value
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const enumOptions = this.type.value === 'enum' && options.length ? { options } : {};
    const existing = this.settings.field;
    const saved = existing
      ? await updateCustomField(existing.name, {
          label: this.label.value,
          required: this.required.checked,
          ...enumOptions,
        } satisfies CustomFieldChange)
      : await createCustomField({
          name: this.name.value.trim(),
          label: this.label.value,
          type: this.type.value as CustomFieldType,
          required: this.required.checked,
          ...enumOptions,
        } satisfies NewCustomField);
    this.settings.onSaved(saved);
  }
}
