import type {
  Expression,
  JobDefinition,
  Mapping,
  UserTaskDefinition,
} from '../model/CompiledDefinition';
import { elementsProp, stringProp, type ModdleElement } from '../parse/moddleElement';
import { toExpression } from './expressions';
import { compileTaskListeners } from './compileTaskListeners';
import { findExtension } from './zeebeExtensions';

/** Zeebe's job type and retries for user tasks that run as jobs (no `zeebe:userTask`). */
export const JOB_WORKER_USER_TASK_TYPE = 'io.camunda.zeebe:userTask';
const JOB_WORKER_USER_TASK_RETRIES = '1';
/** The header through which Zeebe hands an embedded form's key to a job-worker user task. */
export const FORM_KEY_HEADER = 'io.camunda.zeebe:formKey';
const DEFAULT_RETRIES = '3';

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function optionalExpression(
  element: ModdleElement | undefined,
  name: string,
): Expression | undefined {
  const raw = element && stringProp(element, name);
  return present(raw) ? toExpression(raw) : undefined;
}

/** `zeebe:ioMapping` inputs and outputs; a mapping without source maps null, as in Zeebe. */
export function compileMappings(element: ModdleElement): { inputs: Mapping[]; outputs: Mapping[] } {
  const mapping = findExtension(element, 'zeebe:IoMapping');
  const compile = (parameter: ModdleElement): Mapping => {
    const source = stringProp(parameter, 'source');
    return {
      source: present(source) ? toExpression(source) : { kind: 'feel', expression: 'null' },
      target: (stringProp(parameter, 'target') ?? '').trim(),
    };
  };
  return {
    inputs: mapping ? elementsProp(mapping, 'inputParameters').map(compile) : [],
    outputs: mapping ? elementsProp(mapping, 'outputParameters').map(compile) : [],
  };
}

/** `zeebe:taskHeaders` as a map; headers without key or value are dropped, as Zeebe does. */
export function compileHeaders(element: ModdleElement): Record<string, string> {
  const headers: Record<string, string> = {};
  const container = findExtension(element, 'zeebe:TaskHeaders');
  for (const header of container ? elementsProp(container, 'values') : []) {
    const key = stringProp(header, 'key');
    const value = stringProp(header, 'value');
    if (present(key) && value !== undefined && value !== '') headers[key] = value;
  }
  return headers;
}

/** The job of a service or send task, from `zeebe:taskDefinition` and `zeebe:taskHeaders`. */
export function compileJob(element: ModdleElement): JobDefinition {
  const definition = findExtension(element, 'zeebe:TaskDefinition');
  const type = definition && stringProp(definition, 'type');
  const retries = definition && stringProp(definition, 'retries');
  return {
    type: toExpression((type ?? '').trim()),
    retries: toExpression(present(retries) ? retries.trim() : DEFAULT_RETRIES),
    headers: compileHeaders(element),
  };
}

/** The job of a user task without `zeebe:userTask`: Zeebe's built-in user-task job type. */
export function compileUserTaskJob(element: ModdleElement): JobDefinition {
  const headers = compileHeaders(element);
  const form = findExtension(element, 'zeebe:FormDefinition');
  const formKey = form && stringProp(form, 'formKey');
  if (present(formKey)) headers[FORM_KEY_HEADER] = formKey;
  return {
    type: { kind: 'static', value: JOB_WORKER_USER_TASK_TYPE },
    retries: { kind: 'static', value: JOB_WORKER_USER_TASK_RETRIES },
    headers,
  };
}

type ExpressionField = Exclude<
  keyof UserTaskDefinition,
  'headers' | 'formId' | 'formBinding' | 'listeners'
>;

/** Assignment, schedule, priority and form of a user task; absent attributes stay absent. */
export function compileUserTask(element: ModdleElement): UserTaskDefinition {
  const assignment = findExtension(element, 'zeebe:AssignmentDefinition');
  const schedule = findExtension(element, 'zeebe:TaskSchedule');
  const priority = findExtension(element, 'zeebe:PriorityDefinition');
  const form = findExtension(element, 'zeebe:FormDefinition');
  const native = findExtension(element, 'zeebe:UserTask') !== undefined;

  const definition: UserTaskDefinition = { headers: compileHeaders(element) };
  const set = (field: ExpressionField, value: Expression | undefined): void => {
    if (value) definition[field] = value;
  };
  set('assignee', optionalExpression(assignment, 'assignee'));
  set('candidateGroups', optionalExpression(assignment, 'candidateGroups'));
  set('candidateUsers', optionalExpression(assignment, 'candidateUsers'));
  set('dueDate', optionalExpression(schedule, 'dueDate'));
  set('followUpDate', optionalExpression(schedule, 'followUpDate'));
  // Zeebe reads priority and an external form reference only for Camunda user tasks
  if (native) {
    set('priority', optionalExpression(priority, 'priority'));
    set('externalFormReference', optionalExpression(form, 'externalReference'));
  }
  const formId = form && stringProp(form, 'formId');
  if (present(formId)) {
    definition.formId = formId.trim();
    const binding = stringProp(form!, 'bindingType');
    const versionTag = stringProp(form!, 'versionTag');
    if (binding === 'deployment') definition.formBinding = { bindingType: 'deployment' };
    if (binding === 'versionTag' && present(versionTag)) {
      definition.formBinding = { bindingType: 'versionTag', versionTag: versionTag.trim() };
    }
  }
  const listeners = native ? compileTaskListeners(element) : undefined;
  if (listeners) definition.listeners = listeners;
  return definition;
}
