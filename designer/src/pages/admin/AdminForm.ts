/**
 * An admin form: its heading, an alert, the fields in a grid, and its buttons. While it
 * is sent its submit button is off. A refused write shows on the form: each of the
 * problem's `errors` under the field its pointer names, anything else in the alert, and
 * the focus on the first field with a message, so a keyboard user lands where the fix is.
 *
 *   submit ──send()──▶ done | throws ApiProblem errors[{pointer}] ──▶ message under each field
 */
import { ApiProblem } from '../../api/ApiProblem';
import { describeError } from '../../app/describeError';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import type { FormField } from './FormField';

export interface AdminFormOptions {
  heading: string;
  fields: readonly FormField[];
  submitLabel: string;
  /** Sends what the fields hold; a refusal it throws shows on the form. */
  send(): Promise<void>;
  /** Offers Cancel, which calls this. */
  onCancel?: () => void;
  /** Stands beside the list for good rather than opening from a button (a tab's only form). */
  inline?: boolean;
}

export class AdminForm {
  readonly element: HTMLFormElement;
  private readonly alert = h('div', {
    class: 'form-alert status-line error',
    role: 'alert',
    tabindex: '-1',
    hidden: true,
  });
  private readonly submit: HTMLButtonElement;

  /**
   * @example
   * const form = new AdminForm({ heading, fields, submitLabel: t('admin.groups.create'), send });
   */
  constructor(private readonly options: AdminFormOptions) {
    const { onCancel } = options;
    this.submit = h('button', { type: 'submit', class: 'button primary' }, options.submitLabel);
    this.element = h(
      'form',
      {
        class: options.inline ? 'admin-form admin-form-inline' : 'admin-form',
        novalidate: true,
        'aria-label': options.heading,
        onsubmit: (event) => void this.send(event),
      },
      h('h3', {}, options.heading),
      this.alert,
      h(
        'div',
        { class: 'admin-form-grid' },
        options.fields.map((field) => field.element),
      ),
      h(
        'div',
        { class: 'form-actions' },
        this.submit,
        onCancel &&
          h(
            'button',
            { type: 'button', class: 'button', onclick: () => onCancel() },
            t('admin.cancel'),
          ),
      ),
    );
  }

  private async send(event: Event) {
    event.preventDefault();
    clearProblems(this.options.fields, this.alert);
    this.submit.disabled = true;
    try {
      await this.options.send();
    } catch (error) {
      showProblem(error, this.options.fields, this.alert);
    } finally {
      this.submit.disabled = false;
    }
  }
}

function showProblem(error: unknown, fields: readonly FormField[], alert: HTMLElement) {
  clearProblems(fields, alert);
  const placed = new Map<FormField, string[]>();
  const unplaced: string[] = [];
  for (const item of error instanceof ApiProblem ? error.errors : []) {
    const field = item.pointer ? fields.find((candidate) => candidate.covers(item.pointer!)) : null;
    if (field) placed.set(field, [...(placed.get(field) ?? []), item.message]);
    else unplaced.push(item.message);
  }
  for (const [field, messages] of placed) field.showError(messages.join('; '));
  // Without a field to point at, the problem's detail says it all (it lists every item).
  const text = placed.size
    ? [t('admin.form.fixFields'), ...unplaced].join(' ')
    : describeError(error);
  replaceChildren(alert, text);
  alert.hidden = false;
  const first = fields.find((field) => placed.has(field));
  if (first) first.focus();
  else alert.focus();
}

function clearProblems(fields: readonly FormField[], alert: HTMLElement) {
  for (const field of fields) field.showError(null);
  alert.hidden = true;
  alert.replaceChildren();
}
