import { elementsProp, isWritten, stringProp, type ModdleElement } from '../parse/moddleElement';
import { isFeel } from './expressions';
import type { ProblemCollector } from './problemCollector';
import { validateExpression } from './validateExpression';
import { validateTaskListeners } from './compileTaskListeners';
import { findExtension } from './zeebeExtensions';

// Zeebe reads static dates as zoned ISO 8601 date-times.
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})(\[[^\]]+\])?$/;

function isBlank(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === '';
}

/** `zeebe:ioMapping`: every mapping needs a target; sources may be FEEL. */
export function validateIoMapping(element: ModdleElement, collector: ProblemCollector): void {
  const mapping = findExtension(element, 'zeebe:IoMapping');
  if (!mapping) return;
  const parameters = [
    ...elementsProp(mapping, 'inputParameters').map((p) => ['zeebe:input', p] as const),
    ...elementsProp(mapping, 'outputParameters').map((p) => ['zeebe:output', p] as const),
  ];
  for (const [tag, parameter] of parameters) {
    const target = stringProp(parameter, 'target');
    if (isBlank(target) || isFeel(target)) {
      collector.add(element, `every ${tag} must have a target variable name`);
      continue;
    }
    validateExpression(
      collector,
      element,
      `${tag} source (target '${target}')`,
      stringProp(parameter, 'source'),
    );
  }
}

/** `zeebe:taskHeaders`: Zeebe drops headers without key or value; say so. */
function validateHeaders(element: ModdleElement, collector: ProblemCollector): void {
  const headers = findExtension(element, 'zeebe:TaskHeaders');
  if (!headers) return;
  const invalid = elementsProp(headers, 'values').filter(
    (header) => isBlank(stringProp(header, 'key')) || isBlank(stringProp(header, 'value')),
  );
  if (invalid.length > 0) {
    collector.warn(element, `${invalid.length} task header(s) without key or value are ignored`);
  }
}

/** Service and send tasks: a job type is required, retries must be a count. */
export function validateJobTask(element: ModdleElement, collector: ProblemCollector): void {
  const definition = findExtension(element, 'zeebe:TaskDefinition');
  const type = definition && stringProp(definition, 'type');
  if (isBlank(type)) {
    collector.add(element, 'must have a job type (zeebe:taskDefinition type)');
  } else {
    validateExpression(collector, element, 'zeebe:taskDefinition type', type);
  }
  const retries = definition && stringProp(definition, 'retries');
  if (!isBlank(retries)) {
    if (isFeel(retries))
      validateExpression(collector, element, 'zeebe:taskDefinition retries', retries);
    else if (!/^\d+$/.test(retries.trim())) {
      collector.add(
        element,
        `zeebe:taskDefinition retries must be a whole number, not '${retries}'`,
      );
    }
  }
  validateHeaders(element, collector);
}

function validateAssignment(element: ModdleElement, collector: ProblemCollector): void {
  const assignment = findExtension(element, 'zeebe:AssignmentDefinition');
  if (!assignment) return;
  validateExpression(
    collector,
    element,
    'zeebe:assignmentDefinition assignee',
    stringProp(assignment, 'assignee'),
  );
  for (const name of ['candidateGroups', 'candidateUsers']) {
    const value = stringProp(assignment, name);
    const label = `zeebe:assignmentDefinition ${name}`;
    if (isBlank(value)) continue;
    if (isFeel(value)) validateExpression(collector, element, label, value);
    else if (value.split(',').some((entry) => entry.trim() === '')) {
      collector.add(element, `${label} must be a comma-separated list without empty entries`);
    }
  }
}

function validateSchedule(element: ModdleElement, collector: ProblemCollector): void {
  const schedule = findExtension(element, 'zeebe:TaskSchedule');
  if (!schedule) return;
  for (const name of ['dueDate', 'followUpDate']) {
    const value = stringProp(schedule, name);
    const label = `zeebe:taskSchedule ${name}`;
    if (isBlank(value)) continue;
    if (isFeel(value)) validateExpression(collector, element, label, value);
    else if (!ISO_DATE_TIME.test(value.trim())) {
      collector.add(element, `${label} must be an ISO 8601 date-time with offset, not '${value}'`);
    }
  }
}

function validatePriority(
  element: ModdleElement,
  native: boolean,
  collector: ProblemCollector,
): void {
  const definition = findExtension(element, 'zeebe:PriorityDefinition');
  const priority = definition && stringProp(definition, 'priority');
  if (isBlank(priority)) return;
  if (!native) {
    collector.warn(
      element,
      'zeebe:priorityDefinition applies to Camunda user tasks only and is ignored',
    );
  } else if (isFeel(priority)) {
    validateExpression(collector, element, 'zeebe:priorityDefinition priority', priority);
  } else if (!/^\d+$/.test(priority.trim()) || Number(priority) > 100) {
    collector.add(
      element,
      `zeebe:priorityDefinition priority must be a number from 0 to 100, not '${priority}'`,
    );
  }
}

const FORM_BINDINGS = new Set(['latest', 'deployment', 'versionTag']);

function validateForm(element: ModdleElement, native: boolean, collector: ProblemCollector): void {
  const form = findExtension(element, 'zeebe:FormDefinition');
  if (!form) return;
  const formId = stringProp(form, 'formId');
  // moddle reads an absent bindingType as its default, 'latest'
  const bindingType = isWritten(form, 'bindingType') ? stringProp(form, 'bindingType') : undefined;
  // Zeebe: a Camunda user task links a form or names an external one; a job-worker user
  // task links a form or embeds one by form key
  const [otherName, other] = native
    ? ['externalReference', stringProp(form, 'externalReference')]
    : ['formKey', stringProp(form, 'formKey')];
  if (isBlank(formId) === isBlank(other)) {
    collector.add(element, `zeebe:formDefinition must have exactly one of formId and ${otherName}`);
  }
  if (!isBlank(other) && bindingType !== undefined) {
    collector.add(element, `zeebe:formDefinition ${otherName} cannot be combined with bindingType`);
  }
  if (bindingType !== undefined && !FORM_BINDINGS.has(bindingType)) {
    collector.add(
      element,
      `form binding type '${bindingType}' is not supported; use latest, deployment or versionTag`,
    );
  }
  if (bindingType === 'versionTag' && isBlank(stringProp(form, 'versionTag'))) {
    collector.add(
      element,
      "binding type 'versionTag' needs a version tag (zeebe:formDefinition versionTag)",
    );
  }
  if (native)
    validateExpression(collector, element, 'zeebe:formDefinition externalReference', other);
}

/** User tasks: assignment, schedule, priority and form, Camunda or job-worker flavour. */
export function validateUserTask(element: ModdleElement, collector: ProblemCollector): void {
  const native = findExtension(element, 'zeebe:UserTask') !== undefined;
  validateAssignment(element, collector);
  validateSchedule(element, collector);
  validatePriority(element, native, collector);
  validateForm(element, native, collector);
  validateHeaders(element, collector);
  validateTaskListeners(element, native, collector);
}
