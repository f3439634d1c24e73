import { ProblemError } from '../http/ProblemError';
import { CrmTaskIncident, type CrmTask } from './CrmTaskType';

/**
 * Runs a CRM write for a task; a 4xx answer (bad field, no client, archived client)
 * becomes an incident that names each field, anything else stays an error to retry.
 *
 * @example
 * await asIncident(task, 'client field', () => crm.clients.update(id, task.inputs, options));
 * // CrmTaskIncident: crm.client.update: client field 'segment' must be one of …
 */
export async function asIncident<T>(task: CrmTask, what: string, write: () => Promise<T>) {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof ProblemError) || error.status >= 500) throw error;
    const named = error.errors
      .filter((item) => item.pointer)
      .map((item) => `${what} '${fieldOf(item.pointer!)}' ${item.message}`);
    throw new CrmTaskIncident(`${task.type}: ${named.length ? named.join('; ') : error.detail}`);
  }
}

/** `/custom/tier` → `custom.tier`. */
function fieldOf(pointer: string): string {
  return (
    pointer
      .replace(/^\//, '')
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.') || '(body)'
  );
}
