/**
 * The `userTask` of an activated task listener job (Camunda's `UserTaskProperties`): the
 * user task as the listener sees it, read back from the job's reserved headers as Camunda's
 * gateway does, with the task's linked form key.
 */
import { USER_TASK_HEADERS as H, type JobState } from '../../../runtime/src';

export interface ListenerUserTask {
  action?: string;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  changedAttributes: string[];
  dueDate: string | null;
  followUpDate: string | null;
  formKey?: string;
  priority: number | null;
  userTaskKey: string | null;
}

function list(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export function listenerUserTask(job: JobState, formKey: string | null): ListenerUserTask {
  const headers = job.customHeaders;
  const action = headers[H.action];
  const priority = headers[H.priority];
  return {
    ...(action ? { action } : {}),
    assignee: headers[H.assignee] ?? null,
    candidateGroups: list(headers[H.candidateGroups]),
    candidateUsers: list(headers[H.candidateUsers]),
    changedAttributes: list(headers[H.changedAttributes]),
    dueDate: headers[H.dueDate] ?? null,
    followUpDate: headers[H.followUpDate] ?? null,
    ...(formKey ? { formKey } : {}),
    priority: priority ? Number(priority) : null,
    userTaskKey: headers[H.userTaskKey] ?? null,
  };
}
