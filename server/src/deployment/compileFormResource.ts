/**
 * A `.form` resource: a form-js schema, JSON with the form's `id` and its `components`.
 * Its text is stored as deployed, so identical bytes keep their version; it gets the
 * structural scan of JSON bodies (prototype keys, NUL characters, depth) first.
 *
 * @example
 * // forms.review.form
 * { "id": "review-form", "type": "default", "components": [{ "type": "textfield", "key": "note" }] }
 */
import type { ProblemItem } from '../http/ProblemError';
import { scanValue } from '../http/validateBody';
import { resourceProblem, type ResourceCompiler } from './ResourceCompiler';

const BYTE_ORDER_MARK = '\uFEFF';

export const compileFormResource: ResourceCompiler = (resourceName, text) => {
  const schema = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const fail = (problems: ProblemItem[]) => Promise.resolve({ ok: false as const, problems });
  let value: unknown;
  try {
    value = JSON.parse(schema);
  } catch (error) {
    return fail([resourceProblem(resourceName, `invalid JSON: ${(error as Error).message}`)]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail([resourceProblem(resourceName, 'a form must be a JSON object')]);

  const scanned: ProblemItem[] = [];
  scanValue(value, '', scanned);
  if (scanned.length)
    return fail(scanned.map((p) => resourceProblem(resourceName, `${p.pointer}: ${p.message}`)));

  const form = value as { id?: unknown; components?: unknown; versionTag?: unknown };
  const problems: ProblemItem[] = [];
  if (typeof form.id !== 'string' || form.id.trim() === '')
    problems.push(resourceProblem(resourceName, "a form must have an 'id' (a non-empty string)"));
  if (!Array.isArray(form.components))
    problems.push(resourceProblem(resourceName, "a form's 'components' must be an array"));
  if (
    form.versionTag !== undefined &&
    form.versionTag !== null &&
    typeof form.versionTag !== 'string'
  )
    problems.push(resourceProblem(resourceName, "a form's 'versionTag' must be a string"));
  if (problems.length) return fail(problems);

  return Promise.resolve({
    ok: true,
    deployable: {
      forms: [
        {
          resourceName,
          formId: (form.id as string).trim(),
          versionTag: typeof form.versionTag === 'string' ? form.versionTag : null,
          schema,
        },
      ],
    },
  });
};
