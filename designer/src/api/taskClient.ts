/**
 * The client a task is about: the process instance's `clientId` variable, read through
 * the task, then the client record of the CRM API.
 *
 *   POST /v2/user-tasks/{key}/variables/search {name: clientId, scopeKey: instance} → id
 *   GET  /api/clients/{id}                                                         → client
 */
import { requestJson } from './http';
import { searchTaskVariables, type UserTask } from './userTasks';

/** The client fields shown beside a task. */
export interface TaskClient {
  id: string;
  name: string;
  kind?: string;
  segment?: string;
  email?: string;
  phone?: string;
  lifecycleStage?: string;
}

const CLIENT_ID = /^[0-9]{1,25}$/;

/**
 * The id in the instance's `clientId` variable, or null when it has none (or a value
 * that cannot be a client id).
 *
 * @example
 * const id = await taskClientId(task); // '2251799813685301'
 */
export async function taskClientId(task: UserTask): Promise<string | null> {
  const [variable] = await searchTaskVariables(task.userTaskKey, {
    name: 'clientId',
    scopeKey: task.processInstanceKey,
  });
  const value = variable?.value;
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return typeof id === 'string' && CLIENT_ID.test(id) ? id : null;
}

export function getTaskClient(id: string): Promise<TaskClient> {
  return requestJson<TaskClient>('GET', `/api/clients/${encodeURIComponent(id)}`);
}
