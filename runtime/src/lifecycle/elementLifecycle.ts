/**
 * The one lifecycle every element instance goes through, as an XState machine (D2).
 *
 * activating → active → completing → completed, or → terminating → terminated. An
 * element with execution listeners passes through startListening (after its input
 * mappings, before its work) and endListening (after its output mappings, before its
 * outgoing flows), one listener job at a time.
 * The machine is configuration plus names: its actions do nothing when XState runs
 * them; `transition()` returns them as data and the engine turns each name into token
 * moves and effects (`runtime/src/engine/stepElement.ts`). Sequence flows are not
 * transitions here: token flow across elements is the engine's own code.
 */
import { setup, transition, initialTransition } from 'xstate';
import type { LifecycleSnapshot } from '../model/InstanceState';

export type LifecycleEvent =
  | { type: 'ACTIVATE' }
  | { type: 'WORK_DONE' }
  | { type: 'COMPLETE' }
  /** a listener job completed; `more`: another listener of that kind is still to run */
  | { type: 'LISTENER_DONE'; more: boolean }
  | { type: 'TERMINATE' }
  | { type: 'TERMINATED' };

/** Action names the machine emits; each one is a step of the engine. */
export type LifecycleAction =
  | 'applyInputMappings'
  | 'openWork'
  | 'closeWork'
  | 'applyOutputMappings'
  | 'takeOutgoingFlows'
  | 'cancelWork'
  | 'openListener'
  | 'endScope';

const noop = () => undefined;

export const elementLifecycle = setup({
  types: {
    context: {} as LifecycleSnapshot['context'],
    input: {} as LifecycleSnapshot['context'],
    events: {} as LifecycleEvent,
  },
  guards: {
    waitsForWork: ({ context }) => context.waits,
    hasStartListeners: ({ context }) => context.startListeners === true,
    hasEndListeners: ({ context }) => context.endListeners === true,
    moreListeners: ({ event }) => event.type === 'LISTENER_DONE' && event.more,
  },
  actions: {
    applyInputMappings: noop,
    openWork: noop,
    closeWork: noop,
    applyOutputMappings: noop,
    takeOutgoingFlows: noop,
    cancelWork: noop,
    openListener: noop,
    endScope: noop,
  },
}).createMachine({
  id: 'elementInstance',
  initial: 'activating',
  context: ({ input }) => ({ ...input }),
  states: {
    activating: {
      on: {
        ACTIVATE: [
          {
            guard: 'hasStartListeners',
            target: 'startListening',
            actions: ['applyInputMappings', 'openListener'],
          },
          { guard: 'waitsForWork', target: 'active', actions: ['applyInputMappings', 'openWork'] },
          { target: 'completing', actions: ['applyInputMappings'] },
        ],
        TERMINATE: { target: 'terminating', actions: ['cancelWork'] },
      },
    },
    startListening: {
      on: {
        LISTENER_DONE: [
          { guard: 'moreListeners', target: 'startListening', actions: ['openListener'] },
          { guard: 'waitsForWork', target: 'active', actions: ['openWork'] },
          { target: 'completing' },
        ],
        TERMINATE: { target: 'terminating', actions: ['cancelWork'] },
      },
    },
    active: {
      on: {
        WORK_DONE: { target: 'completing', actions: ['closeWork'] },
        TERMINATE: { target: 'terminating', actions: ['cancelWork'] },
      },
    },
    completing: {
      on: {
        COMPLETE: [
          {
            guard: 'hasEndListeners',
            target: 'endListening',
            actions: ['applyOutputMappings', 'openListener'],
          },
          {
            target: 'completed',
            actions: ['applyOutputMappings', 'takeOutgoingFlows', 'endScope'],
          },
        ],
        TERMINATE: { target: 'terminating', actions: ['cancelWork'] },
      },
    },
    endListening: {
      on: {
        LISTENER_DONE: [
          { guard: 'moreListeners', target: 'endListening', actions: ['openListener'] },
          { target: 'completed', actions: ['takeOutgoingFlows', 'endScope'] },
        ],
        TERMINATE: { target: 'terminating', actions: ['cancelWork'] },
      },
    },
    terminating: {
      on: { TERMINATED: { target: 'terminated' } },
    },
    completed: { type: 'final' },
    terminated: { type: 'final' },
  },
});

export type LifecycleState =
  | 'activating'
  | 'startListening'
  | 'active'
  | 'completing'
  | 'endListening'
  | 'completed'
  | 'terminating'
  | 'terminated';

/** The snapshot of a new element instance, before it is activated. */
export function newLifecycle(
  behavior: string,
  waits: boolean,
  listeners: { start: boolean; end: boolean } = { start: false, end: false },
): LifecycleSnapshot {
  const input: LifecycleSnapshot['context'] = { behavior, waits };
  // Only written when present, so snapshots of elements without listeners stay as before.
  if (listeners.start) input.startListeners = true;
  if (listeners.end) input.endListeners = true;
  const [snapshot] = initialTransition(elementLifecycle, input);
  return { value: snapshot.value as string, context: snapshot.context };
}

/**
 * Sends one event to a stored snapshot through XState's pure `transition()`.
 * Returns null when the event does not apply in that state.
 */
export function stepLifecycle(
  stored: LifecycleSnapshot,
  event: LifecycleEvent,
): { next: LifecycleSnapshot; actions: LifecycleAction[] } | null {
  const snapshot = elementLifecycle.resolveState({ value: stored.value, context: stored.context });
  if (!snapshot.can(event)) return null;
  const [nextSnapshot, actions] = transition(elementLifecycle, snapshot, event);
  return {
    next: { value: nextSnapshot.value as string, context: nextSnapshot.context },
    actions: actions.map((action) => action.type as LifecycleAction),
  };
}
