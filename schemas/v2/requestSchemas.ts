/**
 * JSON Schemas of the `/v2` request bodies we accept (Camunda 8.9 shapes). Lenient as
 * the reference asks: unknown fields are allowed and ignored; what we read is typed.
 */
const key = { type: 'string', pattern: '^-?[0-9]{1,25}$' } as const;
const keyOrInteger = {
  anyOf: [key, { type: 'integer', minimum: 0, maximum: 9007199254740991 }],
} as const;
const variables = { type: ['object', 'null'] } as const;
const tenantId = { type: ['string', 'null'], pattern: '^(<default>|[\\w.-]{1,31})$' } as const;
const nullableString = { type: ['string', 'null'], maxLength: 8192 } as const;
const ms = { type: 'integer', minimum: -1, maximum: 2147483647000 } as const;
const int32 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 } as const;
const stringList = {
  type: ['array', 'null'],
  maxItems: 1000,
  items: { type: 'string', maxLength: 1024 },
} as const;
/** A date-time, `''` to clear it, or null to keep it. */
const dateOrEmpty = {
  anyOf: [{ type: 'string', format: 'date-time' }, { const: '' }, { type: 'null' }],
} as const;

export const createProcessInstanceSchema = {
  type: 'object',
  properties: {
    processDefinitionId: { type: 'string', minLength: 1, maxLength: 256 },
    bpmnProcessId: { type: 'string', minLength: 1, maxLength: 256 },
    processDefinitionKey: keyOrInteger,
    processDefinitionVersion: int32,
    variables,
    tenantId,
    awaitCompletion: { type: ['boolean', 'null'] },
    fetchVariables: stringList,
    requestTimeout: { type: ['integer', 'null'], minimum: 0, maximum: 3600000 },
    operationReference: { type: ['integer', 'null'] },
    tags: stringList,
  },
} as const;

export const cancelProcessInstanceSchema = {
  type: ['object', 'null'],
  properties: { operationReference: { type: ['integer', 'null'] } },
} as const;

export const deleteResourceSchema = {
  type: ['object', 'null'],
  properties: {
    operationReference: { type: ['integer', 'null'], minimum: 1 },
    deleteHistory: { type: ['boolean', 'null'] },
  },
} as const;

export const jobActivationSchema = {
  type: 'object',
  required: ['type', 'timeout', 'maxJobsToActivate'],
  properties: {
    type: { type: 'string', minLength: 1, maxLength: 1024 },
    worker: nullableString,
    timeout: { type: 'integer', minimum: 1, maximum: 2147483647000 },
    maxJobsToActivate: { type: 'integer', minimum: 1, maximum: 1000 },
    fetchVariable: stringList,
    requestTimeout: { type: ['integer', 'null'], minimum: -2147483648, maximum: 3600000 },
    tenantIds: stringList,
  },
} as const;

/** Camunda's `JobResultUserTask`: a task listener denies the transition or corrects the task. */
const jobResult = {
  type: ['object', 'null'],
  properties: {
    type: { enum: ['userTask', 'adHocSubProcess', null] },
    denied: { type: ['boolean', 'null'] },
    deniedReason: nullableString,
    corrections: {
      type: ['object', 'null'],
      properties: {
        assignee: { type: ['string', 'null'], maxLength: 256 },
        dueDate: dateOrEmpty,
        followUpDate: dateOrEmpty,
        candidateUsers: stringList,
        candidateGroups: stringList,
        priority: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
      },
    },
  },
} as const;

export const jobCompletionSchema = {
  type: ['object', 'null'],
  properties: { variables, result: jobResult },
} as const;

export const jobFailureSchema = {
  type: ['object', 'null'],
  properties: {
    retries: { type: ['integer', 'null'], minimum: 0, maximum: 2147483647 },
    errorMessage: nullableString,
    retryBackOff: { type: ['integer', 'null'], minimum: 0, maximum: 2147483647000 },
    variables,
  },
} as const;

/** A BPMN error thrown for a job: `errorCode` picks the catching error event. */
export const jobErrorSchema = {
  type: 'object',
  required: ['errorCode'],
  properties: {
    errorCode: { type: 'string', minLength: 1, maxLength: 1024 },
    errorMessage: nullableString,
    variables,
  },
} as const;

export const jobUpdateSchema = {
  type: 'object',
  required: ['changeset'],
  properties: {
    changeset: {
      type: 'object',
      properties: {
        retries: { type: ['integer', 'null'], minimum: 0, maximum: 2147483647 },
        timeout: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647000 },
      },
    },
  },
} as const;

export const userTaskCompletionSchema = {
  type: ['object', 'null'],
  properties: { variables, action: nullableString },
} as const;

export const userTaskAssignmentSchema = {
  type: 'object',
  required: ['assignee'],
  properties: {
    assignee: { type: 'string', minLength: 1, maxLength: 256 },
    allowOverride: { type: ['boolean', 'null'] },
    action: nullableString,
  },
} as const;

export const userTaskChangesetSchema = {
  type: ['object', 'null'],
  properties: {
    dueDate: dateOrEmpty,
    followUpDate: dateOrEmpty,
    candidateUsers: stringList,
    candidateGroups: stringList,
    priority: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
  },
} as const;

export const userTaskUpdateSchema = {
  type: ['object', 'null'],
  properties: { changeset: userTaskChangesetSchema, action: nullableString },
} as const;

export const setVariablesSchema = {
  type: 'object',
  required: ['variables'],
  properties: {
    variables: { type: 'object' },
    local: { type: ['boolean', 'null'] },
    operationReference: { type: ['integer', 'null'] },
  },
} as const;

export const pinClockSchema = {
  type: 'object',
  required: ['timestamp'],
  properties: { timestamp: { type: 'integer', minimum: 0, maximum: 8640000000000000 } },
} as const;

export const incidentResolutionSchema = {
  type: ['object', 'null'],
  properties: { operationReference: { type: ['integer', 'null'] } },
} as const;

export const processDefinitionGroupsSchema = {
  type: 'object',
  required: ['startableByGroups'],
  properties: {
    startableByGroups: {
      type: 'array',
      maxItems: 100,
      items: { type: 'string', minLength: 1, maxLength: 64 },
    },
  },
} as const;

/** `Ms` is re-exported so route code can name the duration type. */
export const durationMs = ms;

const messageName = { type: 'string', minLength: 1, maxLength: 1024 } as const;
const correlationKey = { type: ['string', 'null'], maxLength: 8192 } as const;

export const messagePublicationSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: messageName,
    correlationKey,
    timeToLive: { type: ['integer', 'null'], minimum: 0, maximum: 2147483647000 },
    messageId: { type: ['string', 'null'], maxLength: 1024 },
    variables,
    tenantId,
  },
} as const;

export const messageCorrelationSchema = {
  type: 'object',
  required: ['name'],
  properties: { name: messageName, correlationKey, variables, tenantId },
} as const;

export const signalBroadcastSchema = {
  type: 'object',
  required: ['signalName'],
  properties: { signalName: messageName, variables, tenantId },
} as const;

/**
 * `DecisionEvaluationById` or `DecisionEvaluationByKey`: exactly one of the two is checked by
 * the route, so the problem names the field rather than a failed `oneOf`.
 */
export const decisionEvaluationSchema = {
  type: 'object',
  properties: {
    decisionDefinitionId: { type: 'string', minLength: 1, maxLength: 256 },
    decisionDefinitionKey: keyOrInteger,
    variables,
    tenantId,
  },
} as const;
