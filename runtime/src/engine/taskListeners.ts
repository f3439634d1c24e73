/**
 * User task listeners, as Camunda 8.8 runs them. Before a transition of a Camunda user
 * task takes effect (it is created, assigned or unassigned, updated, completed), the task
 * listeners of that event run as jobs of kind `TASK_LISTENER`, one at a time in the order
 * modelled, while the task waits in the transitional state (CREATING, ASSIGNING, UPDATING,
 * COMPLETING) and other commands on it are rejected. Each listener's worker may correct
 * the task's properties, which the next listener sees, or (except while creating) deny
 * the transition: the task then stays as it was, and the listeners after it do not run.
 * When every listener approved, the change and the corrections take effect together.
 * Canceling listeners run when the task's element is terminated: the task is CANCELING and
 * the element waits in `terminating` until the last one is done (`terminations.ts`); they
 * cannot deny.
 *
 * @example
 * // a model with an assigning listener: assigning the task opens the listener's job
 * processCommand(definition, state, { type: 'userTask.assign', userTaskKey, assignee: 'anna', allowOverride: true }, context);
 * // the task is ASSIGNING until the job completes with `result: { corrections: { assignee: 'bob' } }`
 */
import type { TaskListenerDefinition, TaskListenerEvent } from '../model/CompiledDefinition';
import type { UserTaskJobResult, Variables } from '../model/Command';
import type {
  ElementInstanceState,
  JobState,
  UserTaskProperties,
  UserTaskState,
  UserTaskTransition,
  UserTaskTransitionState,
} from '../model/InstanceState';
import type { Execution } from './Execution';
import { accepted, reject, type CommandOutcome } from './commands/CommandOutcome';
import { fail, ScopeExpressions, type Failure } from './expressions';
import { raiseIncident } from './incidents';
import { recordJob } from './jobs';
import { stepElement } from './stepElement';
import { taskListenerHeaders } from './taskListenerHeaders';
import { checkListenerResult } from './taskListenerResult';
import { completeTermination } from './terminations';
import { recordUserTask } from './userTasks';

const STATES: Readonly<Record<TaskListenerEvent, UserTaskTransitionState>> = {
  creating: 'CREATING',
  assigning: 'ASSIGNING',
  updating: 'UPDATING',
  completing: 'COMPLETING',
  canceling: 'CANCELING',
};

/** A transition a command asks for. */
export interface TransitionRequest {
  event: TaskListenerEvent;
  /** the properties it changes */
  requested: Partial<UserTaskProperties>;
  /** the attributes listeners are told it changes */
  commandAttributes: (keyof UserTaskProperties)[];
  action: string;
  /** completing: the variables the task completes with */
  variables?: Variables;
}

function listenersOf(
  exec: Execution,
  instance: ElementInstanceState,
  event: TaskListenerEvent,
): TaskListenerDefinition[] {
  return exec.elementDefinition(instance).userTask?.listeners?.[event] ?? [];
}

/**
 * A new task: its creating listeners run first. A modelled assignee is assigned after
 * them, through the assigning listeners, as Zeebe does; without any of those listeners the
 * task is simply created as it is.
 */
export function beginCreation(
  exec: Execution,
  instance: ElementInstanceState,
  task: UserTaskState,
) {
  const { assignee } = task;
  const creating = listenersOf(exec, instance, 'creating').length > 0;
  const assigning = assignee !== null && listenersOf(exec, instance, 'assigning').length > 0;
  if (!creating && !assigning) {
    recordUserTask(exec, task, 'CREATED');
    return;
  }
  task.assignee = null;
  beginTransition(exec, instance, task, {
    event: 'creating',
    requested: assignee === null ? {} : { assignee },
    commandAttributes: [],
    action: '',
  });
}

/**
 * The task's element is being terminated: with canceling listeners the task becomes
 * CANCELING and they run, a transition under way going first. False without any: the
 * task is simply cancelled with its element.
 */
export function beginCanceling(
  exec: Execution,
  instance: ElementInstanceState,
  task: UserTaskState,
): boolean {
  if (listenersOf(exec, instance, 'canceling').length === 0) return false;
  abandonTransition(exec, task);
  beginTransition(exec, instance, task, {
    event: 'canceling',
    requested: {},
    commandAttributes: [],
    action: '',
  });
  return true;
}

/** Starts a transition: it waits for the event's listeners, or takes effect at once without. */
export function beginTransition(
  exec: Execution,
  instance: ElementInstanceState,
  task: UserTaskState,
  request: TransitionRequest,
): void {
  delete task.denial;
  if (listenersOf(exec, instance, request.event).length === 0) {
    takeEffect(exec, instance, task, request.event, request.requested, request.variables);
    return;
  }
  const transition: UserTaskTransition = {
    key: exec.nextKey(),
    event: request.event,
    requested: { ...request.requested },
    changes: { ...request.requested },
    commandAttributes: [...request.commandAttributes],
    action: request.action,
    listenerIndex: 0,
    ...(request.variables ? { variables: request.variables } : {}),
  };
  task.state = STATES[request.event];
  task.transition = transition;
  recordUserTask(exec, task, 'CREATED');
  openTaskListener(exec, instance, task, transition);
}

/**
 * Opens the current listener's job. Its type and retries are evaluated first; when that
 * fails the transition waits on an incident, and resolving it starts the transition over.
 */
function openTaskListener(
  exec: Execution,
  instance: ElementInstanceState,
  task: UserTaskState,
  transition: UserTaskTransition,
): void {
  const listener = listenersOf(exec, instance, transition.event)[transition.listenerIndex];
  if (!listener) return;
  const expressions = new ScopeExpressions(exec, instance.key);
  const stop = (failure: Failure) =>
    void raiseIncident(exec, instance, failure.errorType, failure.message, 'TASK_LISTENER', null);
  const type = expressions.string(listener.type);
  if (!type.ok) return stop(type);
  if (type.value === '') {
    return stop(
      fail(
        'EXTRACT_VALUE_ERROR',
        'Expected the task listener job type to be a non-empty string, but was an empty string.',
      ),
    );
  }
  const retries = expressions.integer(listener.retries);
  if (!retries.ok) return stop(retries);
  const job: JobState = {
    key: exec.nextKey(),
    type: type.value,
    elementInstanceKey: instance.key,
    elementId: instance.elementId,
    retries: retries.value,
    customHeaders: taskListenerHeaders(task, transition),
    status: 'CREATED',
    errorMessage: null,
    notBefore: null,
    creationTime: exec.nowIso,
    userTask: false,
    kind: 'TASK_LISTENER',
    listenerEventType: STATES[transition.event],
  };
  exec.state.jobs[String(job.key)] = job;
  transition.listenerJobKey = job.key;
  recordJob(exec, job, 'CREATED');
}

/**
 * A listener's worker completed its job: a denial ends the transition with nothing
 * changed; otherwise its corrections are kept and the next listener runs, or, after the
 * last one, the transition takes effect.
 */
export function completeTaskListenerJob(
  exec: Execution,
  instance: ElementInstanceState,
  job: JobState,
  variables: Variables,
  result: UserTaskJobResult | undefined,
): CommandOutcome {
  const task = exec.state.userTasks[String(instance.userTaskKey)];
  const transition = task?.transition;
  if (!task || !transition || transition.listenerJobKey !== job.key) {
    return reject(
      'INVALID_STATE',
      `Expected to complete task listener job with key '${job.key}', but its user task is not waiting for it`,
    );
  }
  const decision = checkListenerResult(
    job,
    exec.state.processInstanceKey,
    transition,
    variables,
    result,
  );
  if ('ok' in decision) return decision;
  delete exec.state.jobs[String(job.key)];
  delete transition.listenerJobKey;
  job.denied = decision.denied;
  job.deniedReason = decision.denied ? decision.deniedReason : null;
  recordJob(exec, job, 'COMPLETED');
  if (decision.denied) {
    delete task.state;
    delete task.transition;
    task.denial = {
      transitionKey: transition.key,
      event: transition.event,
      reason: decision.deniedReason,
    };
    recordUserTask(exec, task, 'CREATED');
    return accepted;
  }
  Object.assign(transition.changes, decision.corrections);
  transition.listenerIndex++;
  if (transition.listenerIndex < listenersOf(exec, instance, transition.event).length) {
    openTaskListener(exec, instance, task, transition);
  } else {
    delete task.state;
    delete task.transition;
    takeEffect(exec, instance, task, transition.event, transition.changes, transition.variables);
  }
  return accepted;
}

/** The incident of a listener that could not be opened is resolved: the transition starts over. */
export function retryTaskListeners(exec: Execution, instance: ElementInstanceState): void {
  const task = exec.state.userTasks[String(instance.userTaskKey)];
  const transition = task?.transition;
  if (!task || !transition || transition.listenerJobKey !== undefined) return;
  transition.changes = { ...transition.requested };
  transition.listenerIndex = 0;
  openTaskListener(exec, instance, task, transition);
}

/** The task ends (its element is terminated) during a transition: its listener job goes too. */
export function abandonTransition(exec: Execution, task: UserTaskState): void {
  const jobKey = task.transition?.listenerJobKey;
  delete task.state;
  delete task.transition;
  const job = jobKey === undefined ? undefined : exec.state.jobs[String(jobKey)];
  if (!job) return;
  delete exec.state.jobs[String(job.key)];
  recordJob(exec, job, 'CANCELED');
}

function takeEffect(
  exec: Execution,
  instance: ElementInstanceState,
  task: UserTaskState,
  event: TaskListenerEvent,
  changes: Partial<UserTaskProperties>,
  variables: Variables | undefined,
): void {
  // A created task is assigned afterwards, in a transition of its own.
  const { assignee, ...others } = changes;
  Object.assign(task, event === 'creating' ? others : changes);
  if (event === 'canceling') {
    delete exec.state.userTasks[String(task.key)];
    recordUserTask(exec, task, 'CANCELED');
    completeTermination(exec, instance);
    return;
  }
  if (event === 'completing') {
    instance.resultVariables = variables ?? {};
    stepElement(exec, instance, 'WORK_DONE');
    return;
  }
  recordUserTask(exec, task, 'CREATED');
  if (event === 'creating' && assignee) {
    beginTransition(exec, instance, task, {
      event: 'assigning',
      requested: { assignee },
      commandAttributes: ['assignee'],
      action: 'assign',
    });
  }
}
