/**
 * Service and send tasks, and user tasks without `zeebe:userTask`: the element waits
 * for a job that an external or built-in worker activates and completes.
 */
import { takeAllOutgoing, type Behavior } from './Behavior';
import { fail, ok, ScopeExpressions } from '../engine/expressions';
import { cancelJob, closeJob, createJob } from '../engine/jobs';

/** Zeebe's job type for user tasks that are not Camunda user tasks. */
export const JOB_WORKER_USER_TASK_TYPE = 'io.camunda.zeebe:userTask';

export const JobWorkerBehavior: Behavior = {
  waits: true,
  open(exec, instance, element) {
    const expressions = new ScopeExpressions(exec, instance.key);
    if (element.type === 'USER_TASK') {
      const headers = userTaskHeaders(expressions, element);
      if (!headers.ok) return headers;
      // Zeebe gives job-worker user tasks one retry unless the model says otherwise.
      const retries = element.job ? expressions.integer(element.job.retries) : ok(1);
      if (!retries.ok) return retries;
      createJob(
        exec,
        instance,
        JOB_WORKER_USER_TASK_TYPE,
        retries.value,
        { ...element.job?.headers, ...headers.value },
        true,
      );
      return ok(undefined);
    }
    if (!element.job) return fail('UNKNOWN', `element '${element.id}' has no job definition`);
    const type = expressions.string(element.job.type);
    if (!type.ok) return type;
    const retries = expressions.integer(element.job.retries);
    if (!retries.ok) return retries;
    createJob(exec, instance, type.value, retries.value, element.job.headers, false);
    return ok(undefined);
  },
  close: closeJob,
  cancel: cancelJob,
  selectFlows: takeAllOutgoing,
};

/** Zeebe hands a job-worker user task's assignment to the worker as custom headers. */
function userTaskHeaders(
  expressions: ScopeExpressions,
  element: Parameters<NonNullable<Behavior['open']>>[2],
) {
  const definition = element.userTask;
  const headers: Record<string, string> = { ...(definition?.headers ?? {}) };
  if (!definition) return ok(headers);
  const assignee = expressions.optionalString(definition.assignee);
  if (!assignee.ok) return assignee;
  if (assignee.value) headers['io.camunda.zeebe:assignee'] = assignee.value;
  const groups = expressions.stringList(definition.candidateGroups);
  if (!groups.ok) return groups;
  if (groups.value.length)
    headers['io.camunda.zeebe:candidateGroups'] = JSON.stringify(groups.value);
  const users = expressions.stringList(definition.candidateUsers);
  if (!users.ok) return users;
  if (users.value.length) headers['io.camunda.zeebe:candidateUsers'] = JSON.stringify(users.value);
  const due = expressions.dateTime(definition.dueDate);
  if (!due.ok) return due;
  if (due.value) headers['io.camunda.zeebe:dueDate'] = due.value;
  const followUp = expressions.dateTime(definition.followUpDate);
  if (!followUp.ok) return followUp;
  if (followUp.value) headers['io.camunda.zeebe:followUpDate'] = followUp.value;
  return ok(headers);
}
