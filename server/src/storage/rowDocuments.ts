/**
 * Search rows in the shapes of the Camunda 8.9 REST API: keys as strings, dates as
 * ISO 8601 strings, every field present (null when empty).
 */
import type { InstanceState, RuntimeRecord } from '../../../runtime/src';
import type { ElementInstanceRow, VariableRow } from '../../../runtime/src';
import type { DefinitionRecord } from './DefinitionRepository';

export const TENANT = '<default>';

type JobRecord = Extract<RuntimeRecord, { kind: 'job' }>;
type UserTaskRecord = Extract<RuntimeRecord, { kind: 'userTask' }>;
type IncidentRecord = Extract<RuntimeRecord, { kind: 'incident' }>;
type MessageSubscriptionRecord = Extract<RuntimeRecord, { kind: 'messageSubscription' }>;

const key = (value: number | null | undefined) =>
  value === null || value === undefined ? null : String(value);

function common(state: InstanceState) {
  return {
    processInstanceKey: String(state.processInstanceKey),
    rootProcessInstanceKey: String(state.processInstanceKey),
    processDefinitionKey: String(state.processDefinitionKey),
    processDefinitionId: state.processDefinitionId,
    tenantId: TENANT,
  };
}

export function toElementInstanceDoc(row: ElementInstanceRow, state: InstanceState, seq: number) {
  return {
    _id: String(row.key),
    elementInstanceKey: String(row.key),
    ...common(state),
    elementId: row.elementId,
    elementName: row.elementName ?? row.elementId,
    type: row.type,
    state: row.state,
    hasIncident: row.incidentKey !== null,
    incidentKey: key(row.incidentKey),
    startDate: row.startDate,
    endDate: row.endDate,
    elementInstanceScopeKey: key(row.scopeKey),
    seq,
  };
}

export function toVariableDoc(row: VariableRow, state: InstanceState, seq: number) {
  return {
    _id: String(row.key),
    variableKey: String(row.key),
    name: row.name,
    value: row.value,
    scopeKey: String(row.scopeKey),
    ...common(state),
    seq,
  };
}

/**
 * A user task row. `formKey` is written by the commit that created the task, which fixed
 * the linked form's version (see EngineService.linkForms); later commits leave it as it is.
 */
export function toUserTaskDoc(
  record: UserTaskRecord,
  state: InstanceState,
  definition: DefinitionRecord,
  seq: number,
  formKeys: Record<string, string | null> = {},
) {
  const task = record.row;
  const taskKey = String(task.key);
  const formKey =
    task.formId === null
      ? { formKey: null }
      : taskKey in formKeys
        ? { formKey: formKeys[taskKey] }
        : {};
  return {
    _id: taskKey,
    userTaskKey: taskKey,
    name: task.name,
    // a task whose task listeners run is CREATING, ASSIGNING, … until they are done
    state: record.state === 'CREATED' ? (task.state ?? 'CREATED') : record.state,
    assignee: task.assignee,
    elementId: task.elementId,
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    ...common(state),
    processDefinitionVersion: state.processDefinitionVersion,
    processName: definition.name,
    creationDate: task.creationDate,
    completionDate: record.completionDate,
    followUpDate: task.followUpDate,
    dueDate: task.dueDate,
    externalFormReference: task.externalFormReference,
    // JSON text: header names may hold dots (`io.camunda.zeebe:…`), which FerretDB rejects.
    customHeaders: JSON.stringify(task.customHeaders),
    priority: task.priority,
    elementInstanceKey: String(task.elementInstanceKey),
    ...formKey,
    formId: task.formId,
    tags: [],
    seq,
  };
}

export function toJobDoc(record: JobRecord, state: InstanceState, seq: number) {
  const job = record.row;
  return {
    jobKey: String(job.key),
    type: job.type,
    state: record.state,
    kind: job.kind ?? 'BPMN_ELEMENT',
    listenerEventType: job.listenerEventType ?? 'UNSPECIFIED',
    ...common(state),
    elementId: job.elementId,
    elementInstanceKey: String(job.elementInstanceKey),
    retries: job.retries,
    customHeaders: JSON.stringify(job.customHeaders),
    errorCode: job.errorCode ?? null,
    errorMessage: job.errorMessage,
    hasFailedWithRetriesLeft: record.state === 'FAILED' && job.retries > 0,
    isDenied: job.denied ?? null,
    deniedReason: job.deniedReason ?? null,
    creationTime: job.creationTime,
    endTime: record.endTime,
    lastUpdateTime: record.endTime ?? job.creationTime,
    seq,
  };
}

export function toIncidentDoc(record: IncidentRecord, state: InstanceState, seq: number) {
  const incident = record.row;
  return {
    _id: String(incident.key),
    incidentKey: String(incident.key),
    ...common(state),
    errorType: incident.errorType,
    errorMessage: incident.errorMessage,
    elementId: incident.elementId,
    elementInstanceKey: String(incident.elementInstanceKey),
    jobKey: key(incident.jobKey),
    creationTime: incident.creationTime,
    state: record.state,
    seq,
  };
}

export function toInstanceDoc(
  state: InstanceState,
  definition: DefinitionRecord,
  seq: number,
  startedBy: string | null,
) {
  return {
    _id: String(state.processInstanceKey),
    ...common(state),
    processDefinitionName: definition.name,
    processDefinitionVersion: state.processDefinitionVersion,
    processDefinitionVersionTag: definition.versionTag,
    startDate: state.startDate,
    endDate: state.endDate,
    state: state.state,
    hasIncident: Object.keys(state.incidents).length > 0,
    parentProcessInstanceKey: state.parent ? String(state.parent.processInstanceKey) : null,
    parentElementInstanceKey: state.parent ? String(state.parent.elementInstanceKey) : null,
    tags: [],
    businessId: null,
    clientId: state.clientId ?? null,
    startedBy,
    takenFlows: state.takenFlows ?? [],
    projectedSeq: seq,
  };
}

export function toMessageSubscriptionDoc(
  record: MessageSubscriptionRecord,
  state: InstanceState,
  at: string,
  seq: number,
) {
  const subscription = record.row;
  return {
    _id: String(subscription.key),
    messageSubscriptionKey: String(subscription.key),
    ...common(state),
    elementId: subscription.elementId,
    elementInstanceKey: String(subscription.elementInstanceKey),
    messageSubscriptionState: record.state,
    lastUpdatedDate: at,
    messageName: subscription.messageName,
    correlationKey: subscription.correlationKey,
    seq,
  };
}
