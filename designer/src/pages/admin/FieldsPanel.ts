/**
 * The custom fields of clients: the list, a form to define one, changing a field's label,
 * required flag or options, and deleting a field (its values stay stored, hidden).
 *
 *   GET /api/fields ──▶ table ──Edit──▶ FieldForm(field) ──PATCH──▶ reload
 *                         └──Add field──▶ FieldForm(null) ──POST──▶ reload
 *                         └──Delete──▶ confirm ──DELETE──▶ reload
 */
import { deleteCustomField } from '../../api/admin';
import { listCustomFields, type CustomField } from '../../api/clients';
import { describeError } from '../../app/describeError';
import { h } from '../../dom/h';
import { t } from '../../i18n';
import type { AdminPanel } from './AdminPanel';
import { badges, recordTable } from './adminParts';
import { FIELD_TYPE_LABELS, FieldForm } from './FieldForm';
import { ListPanel } from './ListPanel';

export class FieldsPanel implements AdminPanel {
  private readonly panel: ListPanel<CustomField> = new ListPanel({
    title: t('admin.fields.title'),
    lead: t('admin.fields.lead'),
    emptyTitle: t('admin.fields.empty.title'),
    emptyLead: t('admin.fields.empty.lead'),
    add: { label: t('admin.fields.add'), onclick: () => this.openForm(null) },
    read: listCustomFields,
    table: (fields) => this.table(fields),
  });
  readonly element = this.panel.element;

  load(): Promise<void> {
    return this.panel.load();
  }

  private table(fields: readonly CustomField[]): HTMLElement {
    return recordTable(
      t('admin.fields.caption'),
      [
        t('admin.fields.column.label'),
        t('admin.fields.column.name'),
        t('admin.fields.column.type'),
        t('admin.fields.column.required'),
        t('admin.fields.column.options'),
        t('admin.column.actions'),
      ],
      fields.map((field) => ({
        key: field.name,
        cells: [
          field.label,
          h('code', {}, field.name),
          t(FIELD_TYPE_LABELS[field.type]),
          field.required ? t('admin.yes') : t('admin.no'),
          field.type === 'enum' ? badges(field.options ?? []) : null,
          h(
            'div',
            { class: 'admin-row-actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'button',
                'aria-label': t('admin.fields.editNamed', { label: field.label }),
                onclick: () => this.openForm(field),
              },
              t('admin.edit'),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'button danger',
                'aria-label': t('admin.fields.deleteNamed', { label: field.label }),
                onclick: () => void this.remove(field),
              },
              t('admin.delete'),
            ),
          ),
        ],
      })),
    );
  }

  private openForm(field: CustomField | null) {
    this.panel.openForm(
      (exits) =>
        new FieldForm({
          field,
          onCancel: exits.cancel,
          onSaved: (saved) =>
            exits.saved(
              field
                ? t('admin.fields.saved', { label: saved.label })
                : t('admin.fields.created', { label: saved.label }),
            ),
        }),
    );
  }

  private async remove(field: CustomField) {
    if (!window.confirm(t('admin.fields.deleteConfirm', { label: field.label, name: field.name })))
      return;
    try {
      await deleteCustomField(field.name);
      this.panel.announce(t('admin.fields.deleted', { label: field.label }));
    } catch (error) {
      this.panel.announce(t('admin.fields.deleteFailed', { detail: describeError(error) }));
    }
    await this.panel.reload();
  }
}
