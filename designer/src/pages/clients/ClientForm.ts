/**
 * Creating and editing a client. The server validates: a 400 lists `{pointer, message}`
 * and each message is shown on its input. An edit sends only the changed fields as a
 * merge patch, with the ETag it was opened with; a 409 means the client changed
 * elsewhere, and "Reload" brings the latest version into the form.
 *
 *   inputs ──read──▶ create body | merge patch ──▶ POST | PATCH If-Match
 *                                   400 errors[{pointer}] ──▶ message under each input
 *                                   409 ──▶ "changed elsewhere" + Reload
 */
import { ApiProblem, type ProblemItem } from '../../api/ApiProblem';
import {
  createClient,
  getClient,
  updateClient,
  type ClientVersion,
  type ClientWrite,
  type CustomValue,
} from '../../api/clients';
import { describeError } from '../../app/describeError';
import { h, replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import { valueOf, type ClientField } from './clientFields';
import { FieldInput } from './FieldInput';

export interface ClientFormOptions {
  /** Built-in fields first, then custom fields. */
  fields: readonly ClientField[];
  /** The client being edited; null for a new one. */
  version: ClientVersion | null;
  onSaved(version: ClientVersion): void;
  onCancel(): void;
}

export class ClientForm {
  readonly element: HTMLElement;
  private readonly inputs: FieldInput[];
  private readonly alert = h('div', {
    class: 'form-alert status-line',
    role: 'alert',
    hidden: true,
  });
  private readonly submit: HTMLButtonElement;
  private readonly heading: HTMLElement;
  private version: ClientVersion | null;
  private dirty = false;

  constructor(private readonly options: ClientFormOptions) {
    this.version = options.version;
    this.inputs = options.fields.map((field) => new FieldInput(field));
    const builtIn = this.inputs.filter((input) => input.field.builtIn);
    const custom = this.inputs.filter((input) => !input.field.builtIn);
    const editing = this.version !== null;
    this.heading = h(
      'h1',
      { tabindex: '-1' },
      editing
        ? t('clients.form.editTitle', { name: this.version?.client.name ?? '' })
        : t('clients.form.createTitle'),
    );
    this.submit = h(
      'button',
      { type: 'submit', class: 'button primary' },
      editing ? t('clients.form.save') : t('clients.form.create'),
    );
    const form = h(
      'form',
      {
        class: 'client-form',
        novalidate: true,
        onsubmit: (event) => void this.save(event),
        oninput: () => (this.dirty = true),
        onchange: () => (this.dirty = true),
      },
      fieldset(t('clients.form.details'), builtIn),
      custom.length ? fieldset(t('clients.form.customFields'), custom) : null,
      h('p', { class: 'muted form-legend' }, t('clients.form.requiredLegend')),
      h(
        'div',
        { class: 'form-actions' },
        this.submit,
        h(
          'button',
          { type: 'button', class: 'button', onclick: () => options.onCancel() },
          t('clients.form.cancel'),
        ),
      ),
    );
    this.element = h(
      'div',
      { class: 'client-form-view' },
      h('header', { class: 'page-header' }, this.heading),
      this.alert,
      form,
    );
    this.fill();
  }

  focus(): void {
    this.inputs[0]?.control.focus();
  }

  hasUnsavedWork(): boolean {
    return this.dirty;
  }

  private fill() {
    const client = this.version?.client;
    for (const input of this.inputs) input.set(client ? valueOf(client, input.field) : undefined);
    this.dirty = false;
  }

  private async save(event: Event) {
    event.preventDefault();
    this.clearProblems();
    const values = this.readValues();
    if (!values) return;
    const current = this.version;
    const body = current ? this.patchOf(values) : this.createBodyOf(values);
    if (current && Object.keys(body).length === 0) {
      this.dirty = false;
      this.options.onSaved(current);
      return;
    }
    this.submit.disabled = true;
    try {
      const saved = current
        ? await updateClient(current.client.id, body, current.etag)
        : await createClient(body);
      this.version = saved;
      this.dirty = false;
      this.options.onSaved(saved);
    } catch (error) {
      this.showFailure(error);
    } finally {
      this.submit.disabled = this.version?.client.archived ?? false;
    }
  }

  /** Each input's value, or null when one holds text that is not a value of its type. */
  private readValues(): Map<FieldInput, CustomValue | undefined> | null {
    const values = new Map<FieldInput, CustomValue | undefined>();
    let first: FieldInput | null = null;
    for (const input of this.inputs) {
      const reading = input.read();
      if ('error' in reading) {
        input.showError(reading.error);
        first ??= input;
      } else {
        values.set(input, reading.value);
      }
    }
    if (!first) return values;
    this.showAlert(h('p', {}, t('clients.form.invalid')));
    first.control.focus();
    return null;
  }

  private createBodyOf(values: Map<FieldInput, CustomValue | undefined>): ClientWrite {
    const body: Record<string, unknown> = {};
    const custom: Record<string, CustomValue> = {};
    for (const [input, value] of values) {
      if (value === undefined) continue;
      if (input.field.builtIn) body[input.field.name] = value;
      else custom[input.field.name] = value;
    }
    if (Object.keys(custom).length) body.custom = custom;
    return body as ClientWrite;
  }

  /** Only what changed: a new value replaces, an emptied input removes (`null`). */
  private patchOf(values: Map<FieldInput, CustomValue | undefined>): ClientWrite {
    const client = this.version!.client;
    const patch: Record<string, unknown> = {};
    const custom: Record<string, CustomValue | null> = {};
    for (const [input, value] of values) {
      const stored = valueOf(client, input.field);
      if (sameValue(input.field, stored, value)) continue;
      const next = value === undefined ? null : value;
      if (input.field.builtIn) patch[input.field.name] = next;
      else custom[input.field.name] = next;
    }
    if (Object.keys(custom).length) patch.custom = custom;
    return patch as ClientWrite;
  }

  private showFailure(error: unknown) {
    if (!(error instanceof ApiProblem)) {
      this.showAlert(h('p', {}, t('error.unexpected')));
      return;
    }
    if (error.status === 409) {
      this.showConflict();
      return;
    }
    if (error.status === 400 && error.errors.length) {
      this.showFieldProblems(error.errors);
      return;
    }
    this.showAlert(h('p', {}, t('clients.form.saveFailed', { detail: describeError(error) })));
  }

  private showFieldProblems(problems: readonly ProblemItem[]) {
    const unplaced: string[] = [];
    const messages = new Map<FieldInput, string[]>();
    for (const problem of problems) {
      const input = this.inputs.find((candidate) => candidate.field.pointer === problem.pointer);
      if (!input) {
        unplaced.push(problem.pointer ? `${problem.pointer}: ${problem.message}` : problem.message);
        continue;
      }
      messages.set(input, [...(messages.get(input) ?? []), problem.message]);
    }
    for (const [input, list] of messages) input.showError(list.join('; '));
    this.showAlert(
      h('p', {}, t('clients.form.invalid')),
      unplaced.length
        ? h(
            'ul',
            {},
            unplaced.map((text) => h('li', {}, text)),
          )
        : null,
    );
    const first = this.inputs.find((input) => input.hasError);
    first?.control.focus();
  }

  private showConflict() {
    this.showAlert(
      h('p', {}, t('clients.form.conflict')),
      h(
        'button',
        { type: 'button', class: 'button', onclick: () => void this.reload() },
        t('clients.form.reload'),
      ),
    );
  }

  /** Brings the latest version of the client into the form; the edits made here go. */
  private async reload() {
    const id = this.version?.client.id;
    if (!id) return;
    try {
      this.version = await getClient(id);
    } catch (error) {
      this.showAlert(h('p', {}, t('clients.form.reloadFailed', { detail: describeError(error) })));
      return;
    }
    this.clearProblems();
    this.fill();
    this.heading.textContent = t('clients.form.editTitle', { name: this.version.client.name });
    if (this.version.client.archived) {
      this.submit.disabled = true;
      this.showAlert(h('p', {}, t('clients.form.archived')), null, 'info');
    } else {
      this.showAlert(h('p', {}, t('clients.form.reloaded')), null, 'info');
    }
    this.focus();
  }

  private showAlert(text: HTMLElement, extra: HTMLElement | null = null, tone = 'error') {
    this.alert.className = `form-alert status-line ${tone}`;
    replaceChildren(this.alert, text, extra);
    this.alert.hidden = false;
  }

  private clearProblems() {
    this.alert.hidden = true;
    this.alert.replaceChildren();
    for (const input of this.inputs) input.showError(null);
  }
}

function fieldset(legend: string, inputs: FieldInput[]): HTMLElement {
  return h(
    'fieldset',
    { class: 'form-section' },
    h('legend', {}, legend),
    h(
      'div',
      { class: 'form-grid' },
      inputs.map((input) => input.element),
    ),
  );
}

function sameValue(
  field: ClientField,
  stored: CustomValue | undefined,
  next: CustomValue | undefined,
): boolean {
  if (stored === undefined || next === undefined) return stored === next;
  if (field.type === 'date') return String(stored).slice(0, 10) === String(next).slice(0, 10);
  return stored === next;
}
