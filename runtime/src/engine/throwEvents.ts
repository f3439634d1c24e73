/**
 * Errors and escalations travel up the scopes from where they are thrown, as in Zeebe:
 * at each level the boundary events of the activity, then (one level up) the event
 * subprocesses of the enclosing scope and its own boundary events, and so on to the
 * process. A catcher for the exact code wins over a catch-all at the same level.
 */
import type { CompiledElement } from '../model/CompiledDefinition';
import type { ElementInstanceState } from '../model/InstanceState';
import type { Execution } from './Execution';
import { fail, ok, type Outcome } from './expressions';
import { eventSubProcessesOf, startEventSubProcess, startOf } from './scopes';
import { enterAfterTermination, enterTriggeredEvent } from './terminations';
import { callerCatches } from './callActivities';
import { cancelInstance } from './commands/instanceCommands';

export interface ThrownEventData {
  kind: 'error' | 'escalation';
  code: string;
  message: string;
  variables: Record<string, unknown>;
}

export type Catcher =
  | { via: 'boundary'; owner: ElementInstanceState; event: CompiledElement }
  | { via: 'eventSubProcess'; scope: ElementInstanceState; start: CompiledElement };

/**
 * The nearest catch event for the thrown code, walking up from `from`. At each element
 * instance its event subprocesses (unless an interrupting one already runs) and its
 * boundary events are one level: the exact code wins over a catch-all there, an event
 * subprocess over a boundary event on a tie (Zeebe's precedence). The codes of the catch
 * events passed on the way are added to `passed`.
 */
export function findCatcher(
  exec: Execution,
  from: ElementInstanceState,
  kind: ThrownEventData['kind'],
  code: string,
  passed: string[] = [],
): Catcher | null {
  for (let current: ElementInstanceState | undefined = from; current;) {
    const starts =
      current !== from && !current.interrupted
        ? eventSubProcessesOf(exec, current).flatMap((id) => {
            const start = startOf(exec, id);
            return start ? [start] : [];
          })
        : [];
    const event = bestMatch([...starts, ...boundaryEventsOf(exec, current)], kind, code, passed);
    if (event?.type === 'START_EVENT')
      return { via: 'eventSubProcess', scope: current, start: event };
    if (event) return { via: 'boundary', owner: current, event };
    current = current.scopeKey === null ? undefined : exec.element(current.scopeKey);
  }
  return null;
}

/** Boundary events belong to the activity, not to its multi-instance inner instances. */
function boundaryEventsOf(exec: Execution, instance: ElementInstanceState): CompiledElement[] {
  if (instance.type === 'PROCESS' || instance.loopIndex !== undefined) return [];
  const element = exec.definition.elements[instance.elementId];
  return (element?.boundaryEvents ?? []).flatMap((id) => {
    const event = exec.definition.elements[id];
    return event ? [event] : [];
  });
}

function bestMatch(
  candidates: CompiledElement[],
  kind: ThrownEventData['kind'],
  code: string,
  passed: string[],
): CompiledElement | undefined {
  let catchAll: CompiledElement | undefined;
  const others: string[] = [];
  for (const candidate of candidates) {
    const trigger = candidate.trigger;
    if (trigger?.kind !== kind) continue;
    if (trigger.code === code) return candidate;
    if (trigger.code === null) catchAll ??= candidate;
    else others.push(trigger.code);
  }
  // Zeebe names the codes of a level in descending order.
  if (!catchAll) passed.push(...others.sort().reverse());
  return catchAll;
}

/**
 * Enters the catch event: an interrupting boundary event ends its activity first, an
 * interrupting event subprocess everything else in its scope (both once that is
 * terminated). The catch event sees `errorCode` and `errorMessage` (or `escalationCode`)
 * in its output mappings.
 */
export function catchThrown(exec: Execution, catcher: Catcher, thrown: ThrownEventData) {
  const locals: Record<string, unknown> =
    thrown.kind === 'error'
      ? { errorCode: thrown.code, errorMessage: thrown.message }
      : { escalationCode: thrown.code };
  if (catcher.via === 'eventSubProcess') {
    startEventSubProcess(exec, catcher.scope, catcher.start, thrown.variables, locals);
    return;
  }
  const { owner, event } = catcher;
  const entry = { elementId: event.id, variables: thrown.variables, locals };
  if (event.cancelActivity !== false) enterAfterTermination(exec, owner, entry);
  else enterTriggeredEvent(exec, entry, owner.scopeKey ?? owner.key);
}

/**
 * Throws from an element instance: caught, or (escalations) let go. An error nobody
 * catches fails, for the caller to turn into an `UNHANDLED_ERROR_EVENT` incident.
 */
export function throwFrom(
  exec: Execution,
  from: ElementInstanceState,
  thrown: ThrownEventData,
): Outcome<void> {
  const passed: string[] = [];
  const catcher = findCatcher(exec, from, thrown.kind, thrown.code, passed);
  if (catcher) {
    catchThrown(exec, catcher, thrown);
    return ok(undefined);
  }
  const parent = exec.state.parent;
  if (parent && callerCatches(exec, thrown.kind, thrown.code)) {
    exec.records.push({ kind: 'calledInstanceThrew', parent, thrown });
    // An error ends the called instance; an escalation lets it go on.
    if (thrown.kind === 'error') cancelInstance(exec);
    return ok(undefined);
  }
  if (thrown.kind === 'escalation') return ok(undefined);
  const message = thrown.message ? ` with message '${thrown.message}'` : '';
  const available = passed.length
    ? ` Available error events are [${passed.join(', ')}]`
    : ' No error events are available in the scope.';
  return fail(
    'UNHANDLED_ERROR_EVENT',
    `Expected to throw an error event with the code '${thrown.code}'${message}, but it was not caught.${available}`,
  );
}
