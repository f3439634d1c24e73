/**
 * `zeebe:taskListeners` of a Camunda user task: job-based listeners that run before a
 * transition of the task (creating, assigning, updating, completing, canceling) takes
 * effect. Camunda Modeler writes the event types as `creating`…; models from Camunda 8.6
 * and 8.7 as `create`, `assignment`, `update`, `complete`, `cancel`: both are read. The
 * same reader serves validation.
 */
import type {
  TaskListenerDefinition,
  TaskListenerEvent,
  TaskListeners,
} from '../model/CompiledDefinition';
import { elementsProp, stringProp, type ModdleElement } from '../parse/moddleElement';
import { isFeel, toExpression } from './expressions';
import type { ProblemCollector } from './problemCollector';
import { validateExpression } from './validateExpression';
import { findExtension } from './zeebeExtensions';

const DEFAULT_RETRIES = '3';

/** Every spelling of an event type, Camunda 8.8's and the older one, to the event. */
const EVENT_TYPES: Readonly<Record<string, TaskListenerEvent>> = {
  creating: 'creating',
  create: 'creating',
  assigning: 'assigning',
  assignment: 'assigning',
  updating: 'updating',
  update: 'updating',
  completing: 'completing',
  complete: 'completing',
  canceling: 'canceling',
  cancel: 'canceling',
};

function listenerNodes(node: ModdleElement): ModdleElement[] {
  const container = findExtension(node, 'zeebe:TaskListeners');
  return container ? elementsProp(container, 'listeners') : [];
}

const eventTypeOf = (listener: ModdleElement) =>
  EVENT_TYPES[(stringProp(listener, 'eventType') ?? '').trim()];

/** The task listeners of a user task by event, or undefined when it has none. */
export function compileTaskListeners(node: ModdleElement): TaskListeners | undefined {
  const nodes = listenerNodes(node);
  if (nodes.length === 0) return undefined;
  const listeners: TaskListeners = {
    creating: [],
    assigning: [],
    updating: [],
    completing: [],
    canceling: [],
  };
  for (const listener of nodes) {
    const event = eventTypeOf(listener);
    if (event === undefined) continue;
    const retries = (stringProp(listener, 'retries') ?? '').trim();
    const compiled: TaskListenerDefinition = {
      type: toExpression((stringProp(listener, 'type') ?? '').trim()),
      retries: toExpression(retries || DEFAULT_RETRIES),
    };
    (listeners[event] ??= []).push(compiled);
  }
  return listeners;
}

/** Each listener needs a known event type and a job type; only Camunda user tasks have them. */
export function validateTaskListeners(
  node: ModdleElement,
  native: boolean,
  c: ProblemCollector,
): void {
  const nodes = listenerNodes(node);
  if (nodes.length > 0 && !native) {
    c.add(node, 'task listeners (zeebe:taskListeners) need a Camunda user task (zeebe:userTask)');
  }
  for (const listener of nodes) {
    const raw = (stringProp(listener, 'eventType') ?? '').trim();
    const event = eventTypeOf(listener);
    if (event === undefined) {
      c.add(
        node,
        `a task listener's eventType must be creating, assigning, updating, completing or canceling, not '${raw}'`,
      );
      continue;
    }
    const type = (stringProp(listener, 'type') ?? '').trim();
    if (!type) c.add(node, 'a task listener must have a job type (zeebe:taskListener type)');
    else validateExpression(c, node, 'zeebe:taskListener type', type);
    const retries = (stringProp(listener, 'retries') ?? '').trim();
    if (retries && !isFeel(retries) && !/^\d+$/.test(retries)) {
      c.add(node, `zeebe:taskListener retries must be a whole number, not '${retries}'`);
    } else if (retries) validateExpression(c, node, 'zeebe:taskListener retries', retries);
  }
}
