/**
 * The registry of built-in CRM task types. Only these job types are taken by the
 * server's own worker; every other type (`crm.…` ones included) stays an ordinary job
 * for external workers.
 */
import { clientUpdateTask } from './clientUpdateTask';
import type { CrmTaskType } from './CrmTaskType';
import { interactionLogTask } from './interactionLogTask';

export const CRM_TASK_TYPES: readonly CrmTaskType[] = [clientUpdateTask, interactionLogTask];

/** The registered task type of a job type, if any. */
export function crmTaskType(type: string): CrmTaskType | undefined {
  return CRM_TASK_TYPES.find((entry) => entry.type === type);
}
