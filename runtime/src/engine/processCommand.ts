/**
 * The runtime's pure core: (compiled definition, instance state, command) → (next
 * state, records), or a rejection. Deterministic: the clock and the keys come with
 * the command's context, so replaying an instance's commands gives the same state.
 *
 * @example
 * const created = processCommand(definition, null, { type: 'instance.create', processDefinitionKey: 1,
 *   processDefinitionVersion: 1, variables: { amount: 5 } }, { now: Date.now(), keys: { next: 100, max: 199 } });
 * if (created.ok) console.log(created.state.processInstanceKey); // 100
 */
import type { CompiledDefinition } from '../model/CompiledDefinition';
import type { Command, CommandContext, Rejection } from '../model/Command';
import type { InstanceState } from '../model/InstanceState';
import type { RuntimeRecord } from '../model/RuntimeRecord';
import { DEFAULT_STEP_BUDGET, Execution } from './Execution';
import { raiseIncident } from './incidents';
import { stepElement } from './stepElement';
import { reject, type CommandOutcome } from './commands/CommandOutcome';
import { cancelInstance, createInstance } from './commands/instanceCommands';
import { completeJob, failJob, throwJobError, updateJobRetries } from './commands/jobCommands';
import { assignUserTask, completeUserTask, updateUserTask } from './commands/userTaskCommands';
import { resolveIncidentCommand, setVariables } from './commands/scopeCommands';
import { correlateMessage, triggerSignal, triggerTimer } from './commands/eventCommands';
import { completeBusinessRule, failBusinessRule } from './commands/businessRuleCommands';
import {
  completeCallActivity,
  failCallActivity,
  throwAtCallActivity,
} from './commands/callActivityCommands';

export type CommandResult =
  | { ok: true; state: InstanceState; records: RuntimeRecord[]; steps: number }
  | { ok: false; rejection: Rejection };

export function processCommand(
  definition: CompiledDefinition,
  state: InstanceState | null,
  command: Command,
  context: CommandContext,
): CommandResult {
  if (command.type === 'instance.create') {
    if (state)
      return { ok: false, rejection: { code: 'INVALID_STATE', message: 'the instance exists' } };
    state = emptyState(definition, command, context);
  } else if (!state) {
    return { ok: false, rejection: { code: 'NOT_FOUND', message: 'no such process instance' } };
  } else if (state.state !== 'ACTIVE') {
    return {
      ok: false,
      rejection: {
        code: 'NOT_FOUND',
        message: `the process instance is ${state.state.toLowerCase()}`,
      },
    };
  }

  const exec = new Execution(definition, structuredClone(state), context);
  const outcome = dispatch(exec, command);
  if (!outcome.ok) return outcome;
  const budget = context.deferAutomaticSteps ? 0 : (context.stepBudget ?? DEFAULT_STEP_BUDGET);
  const steps = drain(exec, budget);
  return { ok: true, state: exec.state, records: exec.records, steps };
}

function dispatch(exec: Execution, command: Command): CommandOutcome {
  switch (command.type) {
    case 'instance.create':
      return createInstance(exec, command.variables, command);
    case 'instance.cancel':
      return cancelInstance(exec);
    case 'job.complete':
      return completeJob(exec, command.jobKey, command.variables, command.result);
    case 'job.fail':
      return failJob(exec, command);
    case 'job.updateRetries':
      return updateJobRetries(exec, command.jobKey, command.retries);
    case 'job.throwError':
      return throwJobError(exec, command);
    case 'userTask.complete':
      return completeUserTask(exec, command.userTaskKey, command.variables, command.action);
    case 'userTask.assign':
      return assignUserTask(
        exec,
        command.userTaskKey,
        command.assignee,
        command.allowOverride,
        command.action,
      );
    case 'userTask.unassign':
      return assignUserTask(exec, command.userTaskKey, null, true, command.action);
    case 'userTask.update':
      return updateUserTask(exec, command.userTaskKey, command.changeset, command.action);
    case 'variables.set':
      return setVariables(exec, command.elementInstanceKey, command.variables, command.local);
    case 'incident.resolve':
      return resolveIncidentCommand(exec, command.incidentKey);
    case 'timer.trigger':
      return triggerTimer(exec, command.timerKey);
    case 'message.correlate':
      return correlateMessage(exec, command.subscriptionKey, command.messageKey, command.variables);
    case 'signal.trigger':
      return triggerSignal(exec, command.subscriptionKey, command.signalKey, command.variables);
    case 'callActivity.complete':
      return completeCallActivity(exec, command.elementInstanceKey, command.variables);
    case 'callActivity.throw':
      return throwAtCallActivity(exec, command.elementInstanceKey, command.thrown);
    case 'callActivity.fail':
      return failCallActivity(exec, command.elementInstanceKey, command.attempt, command.message);
    case 'businessRule.complete':
      return completeBusinessRule(
        exec,
        command.elementInstanceKey,
        command.attempt,
        command.result,
      );
    case 'businessRule.fail':
      return failBusinessRule(
        exec,
        command.elementInstanceKey,
        command.attempt,
        command.errorType,
        command.message,
      );
    default:
      return reject('INVALID_ARGUMENT', `unknown command`);
  }
}

/**
 * Runs the automatic steps the command set off. Past the budget, every step still
 * queued becomes an incident on its element, so an endless automatic loop stops
 * instead of blocking the server; resolving the incident continues it.
 */
function drain(exec: Execution, budget: number): number {
  let steps = 0;
  for (let index = 0; index < exec.queue.length; index++) {
    const step = exec.queue[index]!;
    const instance = exec.element(step.elementInstanceKey);
    if (!instance || instance.incidentKey !== undefined) continue;
    if (steps >= budget) {
      const message =
        budget === 0
          ? 'processing the command outran its time or memory budget; resolve the incident to continue'
          : `the command exceeded its budget of ${budget} automatic steps; resolve the incident to continue`;
      raiseIncident(
        exec,
        instance,
        'UNKNOWN',
        message,
        step.event === 'TERMINATE' || step.event === 'TERMINATED' ? 'COMPLETE' : step.event,
        null,
      );
      continue;
    }
    steps++;
    stepElement(exec, instance, step.event);
  }
  exec.queue.length = 0;
  return steps;
}

function emptyState(
  definition: CompiledDefinition,
  command: Extract<Command, { type: 'instance.create' }>,
  context: CommandContext,
): InstanceState {
  return {
    processInstanceKey: context.keys.next,
    processDefinitionKey: command.processDefinitionKey,
    processDefinitionId: definition.processId,
    processDefinitionVersion: command.processDefinitionVersion,
    state: 'ACTIVE',
    startDate: new Date(context.now).toISOString(),
    endDate: null,
    ...(context.client ? { clientId: context.client.id } : {}),
    lastKey: 0,
    elements: {},
    variables: {},
    joins: {},
    jobs: {},
    userTasks: {},
    incidents: {},
    timers: {},
    messageSubscriptions: {},
    signalSubscriptions: {},
    deliveries: [],
  };
}
