/**
 * User tasks of the orchestration API (`/v2`, Camunda 8 REST v2): the inbox searches,
 * one task, claim and release, completion, and the variables a task can see.
 *
 *   POST   /v2/user-tasks/search                  {filter, sort, page} → { items, page }
 *   GET    /v2/user-tasks/{key}                                        → the task
 *   POST   /v2/user-tasks/{key}/assignment         {assignee}          → 204
 *   DELETE /v2/user-tasks/{key}/assignee                               → 204
 *   POST   /v2/user-tasks/{key}/completion         {variables}         → 204
 *   POST   /v2/user-tasks/{key}/variables/search   {filter}            → { items, page }
 */
import { request, requestJson } from './http';

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED' | 'FAILED';

/** A user task in Camunda's 8.9 shape (the fields the app reads). */
export interface UserTask {
  userTaskKey: string;
  name: string | null;
  state: UserTaskState;
  assignee: string | null;
  elementId: string;
  elementInstanceKey: string;
  candidateGroups: string[];
  candidateUsers: string[];
  processDefinitionId: string;
  processName: string | null;
  processInstanceKey: string;
  creationDate: string;
  completionDate: string | null;
  dueDate: string | null;
  followUpDate: string | null;
  priority: number;
}

/** A filter of `POST /v2/user-tasks/search`: a value, or an operator object. */
export type UserTaskFilter = Record<string, unknown>;

/** One page of tasks and how many match in all. */
export interface UserTaskPage {
  items: UserTask[];
  totalItems: number;
}

/** A variable with its value parsed from the JSON text the server keeps. */
export interface TaskVariable {
  variableKey: string;
  name: string;
  value: unknown;
  scopeKey: string;
}

interface SearchAnswer<T> {
  items: T[];
  page: { totalItems: number };
}

const taskPath = (key: string) => `/v2/user-tasks/${encodeURIComponent(key)}`;

/**
 * Open tasks matching `filter`, newest first; `limit` bounds the page.
 *
 * @example
 * const mine = await searchUserTasks({ state: 'CREATED', assignee: 'staff' });
 */
export async function searchUserTasks(filter: UserTaskFilter, limit = 200): Promise<UserTaskPage> {
  const answer = await requestJson<SearchAnswer<UserTask>>('POST', '/v2/user-tasks/search', {
    json: { filter, sort: [{ field: 'creationDate', order: 'DESC' }], page: { limit } },
  });
  return { items: answer.items, totalItems: answer.page.totalItems };
}

export function getUserTask(key: string): Promise<UserTask> {
  return requestJson<UserTask>('GET', taskPath(key));
}

/**
 * Assigns the task to `assignee`; a task that someone else holds meanwhile is refused,
 * not taken over.
 */
export async function assignUserTask(key: string, assignee: string): Promise<void> {
  await request('POST', `${taskPath(key)}/assignment`, {
    json: { assignee, allowOverride: false },
  });
}

export async function unassignUserTask(key: string): Promise<void> {
  await request('DELETE', `${taskPath(key)}/assignee`);
}

/**
 * Completes the task with these variables.
 *
 * @example
 * await completeUserTask(task.userTaskKey, { approved: true, amount: 1200 });
 */
export async function completeUserTask(
  key: string,
  variables: Record<string, unknown>,
): Promise<void> {
  await request('POST', `${taskPath(key)}/completion`, { json: { variables } });
}

/**
 * The variables the task sees (its own scope and the process scope), narrowed by
 * `filter` (`scopeKey`, `name`, …), in name order.
 *
 * @example
 * const form = await searchTaskVariables(key, { scopeKey: task.elementInstanceKey });
 */
export async function searchTaskVariables(
  key: string,
  filter: Record<string, unknown>,
): Promise<TaskVariable[]> {
  const answer = await requestJson<
    SearchAnswer<{ variableKey: string; name: string; value: string; scopeKey: string }>
  >('POST', `${taskPath(key)}/variables/search`, {
    json: { filter, sort: [{ field: 'name', order: 'ASC' }], page: { limit: 1000 } },
  });
  return answer.items.map((item) => ({
    variableKey: item.variableKey,
    name: item.name,
    value: parseValue(item.value),
    scopeKey: item.scopeKey,
  }));
}

/** The server keeps values as JSON text; text that is not JSON stays a string. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
