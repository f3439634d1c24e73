/**
 * A built-in CRM task type (M4, D1): a job type `crm.…` that the server's own worker
 * takes, with the JSON Schema of its inputs and the element template that presents it
 * in the designer. The executor reads the task's input-mapped variables, carries out
 * one side effect under the task's idempotency key, and returns the variables to
 * complete the job with.
 */
import type { CrmDeps } from '../crm/crmRoutes';

/** One activated `crm.…` job, as an executor sees it. */
export interface CrmTask {
  jobKey: string;
  type: string;
  processInstanceKey: string;
  processDefinitionId: string;
  elementId: string;
  /** the element's name in the model, if it has one */
  elementName: string | null;
  /** the client the instance is bound to */
  clientId: string | null;
  /** the task's input-mapped variables (local to its element instance) */
  inputs: Record<string, unknown>;
  /** who the task acts for: the last person who worked a task of the instance, or its starter */
  actingFor: string | null;
  /**
   * Stays the same over every retry of this job, so a side effect repeated after a crash
   * is recognised and not applied twice.
   */
  idempotencyKey: string;
}

export interface CrmTaskType {
  /** the job type (`zeebe:taskDefinition type`) */
  type: `crm.${string}`;
  name: string;
  description: string;
  /** JSON Schema of the task's inputs (its `zeebe:input` targets) */
  inputSchema: object;
  /** a Camunda 8 element template for the designer */
  elementTemplate: object;
  execute(task: CrmTask, crm: CrmDeps): Promise<Record<string, unknown>>;
}

/**
 * The task cannot succeed as modelled (a bad input, an unbound instance): the job fails
 * with no retries left, so an incident names the problem until someone fixes the model
 * or the data and retries.
 */
export class CrmTaskIncident extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrmTaskIncident';
  }
}

/** The bound client's id, or an incident when the instance is not bound to one. */
export function requireClient(task: CrmTask): string {
  if (task.clientId) return task.clientId;
  throw new CrmTaskIncident(
    `${task.type} needs a client: start the process instance with a variable clientId naming one`,
  );
}
