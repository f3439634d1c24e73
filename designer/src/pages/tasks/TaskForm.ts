/**
 * The form of a task, generated from its input-mapped variables (those in the task's
 * own scope): one typed field per variable, plus the variables the person adds.
 *
 *   variables of the task scope ──▶ VariableField × n ─┐
 *   "Add variable" ──────────────▶ NewVariableRow × m ─┴─read()─▶ { name: value } | problems
 */
import type { TaskVariable } from '../../api/userTasks';
import { h } from '../../dom/h';
import { t } from '../../i18n';
import { NewVariableRow } from './NewVariableRow';
import { VariableField } from './variableField';
import { fieldTypeOf } from './variableValue';

export type FormResult =
  { ok: true; variables: Record<string, unknown> } | { ok: false; problems: number };

export class TaskForm {
  readonly element: HTMLElement;
  private readonly fields: VariableField[];
  private readonly added: NewVariableRow[] = [];
  private readonly addedList = h('div', { class: 'task-added' });
  private readonly addButton: HTMLButtonElement;
  private nextRowId = 0;

  constructor(variables: readonly TaskVariable[]) {
    this.fields = variables.map(
      (variable, index) =>
        new VariableField(
          variable.name,
          variable.value,
          fieldTypeOf(variable.value),
          `task-var-${index}`,
        ),
    );
    this.addButton = h(
      'button',
      { type: 'button', class: 'button', onclick: () => this.addVariable() },
      t('tasks.add.button'),
    );
    this.element = h(
      'div',
      { class: 'task-form' },
      this.fields.length > 0
        ? this.fields.map((field) => field.element)
        : h('p', { class: 'muted' }, t('tasks.form.noVariables')),
      this.addedList,
      h('div', { class: 'task-form-add' }, this.addButton),
    );
  }

  /** The variables to complete with, or how many fields have problems (marked, focused). */
  read(): FormResult {
    const variables: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    let problems = 0;
    let first: { focus(): void } | null = null;
    for (const field of this.fields) {
      const parsed = field.read();
      if (parsed.ok) variables[field.name] = parsed.value;
      else {
        problems += 1;
        first ??= field;
      }
    }
    const taken = new Set(this.fields.map((field) => field.name));
    for (const row of this.added) {
      const { name, parsed } = row.read(taken);
      taken.add(name);
      if (parsed.ok) variables[name] = parsed.value;
      else {
        problems += 1;
        first ??= { focus: () => row.focusProblem() };
      }
    }
    first?.focus();
    return problems === 0 ? { ok: true, variables: { ...variables } } : { ok: false, problems };
  }

  /** Marks the field of `name` with a problem the server named. Returns whether it exists. */
  showProblem(name: string, message: string): boolean {
    const field = this.fields.find((candidate) => candidate.name === name);
    field?.showError(message);
    return field !== undefined;
  }

  setDisabled(disabled: boolean): void {
    for (const field of this.fields) field.setDisabled(disabled);
    for (const row of this.added) row.setDisabled(disabled);
    this.addButton.disabled = disabled;
  }

  private addVariable() {
    const row = new NewVariableRow(`task-new-${this.nextRowId++}`, (removed) => {
      this.added.splice(this.added.indexOf(removed), 1);
      removed.element.remove();
      this.addButton.focus();
    });
    this.added.push(row);
    this.addedList.appendChild(row.element);
    row.focus();
  }
}
