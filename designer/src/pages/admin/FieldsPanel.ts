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
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import type { AdminPanel } from './AdminPanel';
import {
  announce,
  badges,
  dataTable,
  emptyState,
  loadFailed,
  loading,
  statusLine,
} from './adminParts';
import { FIELD_TYPE_LABELS, FieldForm } from './FieldForm';

export class FieldsPanel implements AdminPanel {
  readonly element: HTMLElement;
  private readonly formSlot = h('div', { class: 'admin-form-slot' });
  private readonly list = h('div', { class: 'admin-list', 'aria-busy': 'false' });
  private readonly status = statusLine();
  private readonly addButton = h(
    'button',
    { type: 'button', class: 'button primary', onclick: () => this.openForm(null) },
    t('admin.fields.add'),
  );
  private fields: CustomField[] = [];

  constructor() {
    this.element = h(
      'div',
      { class: 'admin-panel-body' },
      h(
        'div',
        { class: 'admin-panel-header' },
        h(
          'div',
          {},
          h('h2', {}, t('admin.fields.title')),
          h('p', { class: 'muted' }, t('admin.fields.lead')),
        ),
        this.addButton,
      ),
      this.status,
      this.formSlot,
      this.list,
    );
  }

  async load(): Promise<void> {
    this.list.setAttribute('aria-busy', 'true');
    if (this.fields.length === 0) replaceChildren(this.list, loading());
    try {
      this.fields = await listCustomFields();
      this.render();
    } catch (error) {
      replaceChildren(
        this.list,
        loadFailed(error, () => void this.load()),
      );
    } finally {
      this.list.setAttribute('aria-busy', 'false');
    }
  }

  private render() {
    if (this.fields.length === 0) {
      replaceChildren(
        this.list,
        emptyState(t('admin.fields.empty.title'), t('admin.fields.empty.lead')),
      );
      return;
    }
    replaceChildren(
      this.list,
      dataTable(
        t('admin.fields.caption'),
        [
          t('admin.fields.column.label'),
          t('admin.fields.column.name'),
          t('admin.fields.column.type'),
          t('admin.fields.column.required'),
          t('admin.fields.column.options'),
          t('admin.column.actions'),
        ],
        this.fields.map((field) => ({
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
      ),
    );
  }

  private openForm(field: CustomField | null) {
    const opener = document.activeElement as HTMLElement | null;
    const close = () => {
      this.formSlot.replaceChildren();
      this.addButton.hidden = false;
      if (opener?.isConnected) opener.focus();
      else this.addButton.focus();
    };
    const form = new FieldForm({
      field,
      onCancel: close,
      onSaved: (saved) => {
        this.formSlot.replaceChildren();
        this.addButton.hidden = false;
        announce(
          this.status,
          field
            ? t('admin.fields.saved', { label: saved.label })
            : t('admin.fields.created', { label: saved.label }),
        );
        void this.load().then(() => this.addButton.focus());
      },
    });
    this.addButton.hidden = true;
    replaceChildren(this.formSlot, form.element);
    form.focus();
  }

  private async remove(field: CustomField) {
    if (!window.confirm(t('admin.fields.deleteConfirm', { label: field.label, name: field.name })))
      return;
    try {
      await deleteCustomField(field.name);
      announce(this.status, t('admin.fields.deleted', { label: field.label }));
    } catch (error) {
      announce(this.status, t('admin.fields.deleteFailed', { detail: describeError(error) }));
    }
    await this.load();
    this.addButton.focus();
  }
}
