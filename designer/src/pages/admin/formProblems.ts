/**
 * A refused write shown on its form: each of the problem's `errors` under the field its
 * pointer names, anything else in the form's alert, and the focus on the first field
 * with a message, so a keyboard user lands where the fix is.
 */
import { ApiProblem } from '../../api/ApiProblem';
import { describeError } from '../../app/describeError';
import { replaceChildren } from '../../dom/h';
import { t } from '../../i18n';
import type { FormField } from './FormField';

/**
 * @example
 * try { await createGroup(body); } catch (error) { showProblem(error, fields, alert); }
 */
export function showProblem(error: unknown, fields: readonly FormField[], alert: HTMLElement) {
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

export function clearProblems(fields: readonly FormField[], alert: HTMLElement) {
  for (const field of fields) field.showError(null);
  alert.hidden = true;
  alert.replaceChildren();
}
