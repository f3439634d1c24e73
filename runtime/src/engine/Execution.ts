/**
 * The working copy of one command's execution: the instance state being changed,
 * the records produced so far, the queue of automatic lifecycle steps and the keys.
 */
import type { CompiledDefinition, CompiledElement } from '../model/CompiledDefinition';
import type { CommandContext } from '../model/Command';
import type { ElementInstanceState, InstanceState } from '../model/InstanceState';
import type { ElementInstanceRow, RuntimeRecord } from '../model/RuntimeRecord';
import type { LifecycleEvent } from '../lifecycle/elementLifecycle';

export class KeyRangeExhaustedError extends Error {
  constructor() {
    super('the key range handed to the command is used up');
    this.name = 'KeyRangeExhaustedError';
  }
}

export interface QueuedStep {
  elementInstanceKey: number;
  event: LifecycleEvent['type'];
}

export const DEFAULT_STEP_BUDGET = 1000;

export class Execution {
  readonly records: RuntimeRecord[] = [];
  readonly queue: QueuedStep[] = [];
  readonly nowIso: string;
  /** set by `instance.create` for a start event with a trigger: the process enters it */
  startEvent: { elementId: string; variables: Record<string, unknown> } | null = null;
  private nextKeyValue: number;

  constructor(
    readonly definition: CompiledDefinition,
    readonly state: InstanceState,
    readonly context: CommandContext,
  ) {
    this.nowIso = new Date(context.now).toISOString();
    // States stored before timers and subscriptions existed have none.
    state.timers ??= {};
    state.messageSubscriptions ??= {};
    state.signalSubscriptions ??= {};
    state.deliveries ??= [];
    // Keys only grow within an instance, even if a stale range is handed in.
    this.nextKeyValue = Math.max(context.keys.next, state.lastKey + 1);
  }

  get now(): number {
    return this.context.now;
  }

  /** Takes the next key of the command's range; keys grow in the order they are taken. */
  nextKey(): number {
    if (this.nextKeyValue > this.context.keys.max) throw new KeyRangeExhaustedError();
    const key = this.nextKeyValue++;
    if (key > this.state.lastKey) this.state.lastKey = key;
    return key;
  }

  element(key: number): ElementInstanceState | undefined {
    return this.state.elements[String(key)];
  }

  /** The compiled element an element instance runs; the process itself is synthesised. */
  elementDefinition(instance: ElementInstanceState): CompiledElement {
    if (instance.type === 'PROCESS') return processElement(this.definition);
    const element = this.definition.elements[instance.elementId];
    if (!element) throw new Error(`element '${instance.elementId}' is not in the definition`);
    if (instance.type === 'MULTI_INSTANCE_BODY') return multiInstanceBody(element);
    if (instance.loopIndex !== undefined) return innerInstance(element);
    return element;
  }

  enqueue(elementInstanceKey: number, event: QueuedStep['event']): void {
    this.queue.push({ elementInstanceKey, event });
  }

  /** Records the element instance's row as it is now. */
  recordElement(instance: ElementInstanceState, state: ElementInstanceRow['state']): void {
    const element = this.elementDefinition(instance);
    this.records.push({
      kind: 'elementInstance',
      row: {
        key: instance.key,
        elementId: instance.elementId,
        elementName: element.name,
        type: instance.type,
        scopeKey: instance.scopeKey,
        state,
        startDate: instance.startDate,
        endDate: state === 'ACTIVE' ? null : this.nowIso,
        incidentKey: instance.incidentKey ?? null,
      },
    });
  }
}

function processElement(definition: CompiledDefinition): CompiledElement {
  return {
    id: definition.processId,
    name: definition.name,
    type: 'PROCESS',
    behavior: 'process',
    scopeId: definition.processId,
    incoming: [],
    outgoing: [],
    inputs: [],
    outputs: [],
    ...(definition.listeners ? { listeners: definition.listeners } : {}),
  };
}

/**
 * A multi-instance activity runs as a body that owns the boundary events and takes the
 * outgoing flows, and inner instances that do the element's own work, one per item.
 */
function multiInstanceBody(element: CompiledElement): CompiledElement {
  return {
    ...element,
    type: 'MULTI_INSTANCE_BODY',
    behavior: 'multiInstanceBody',
    inputs: [],
    outputs: [],
    listeners: undefined,
  };
}

function innerInstance(element: CompiledElement): CompiledElement {
  const { boundaryEvents: _boundaryEvents, ...inner } = element;
  return { ...inner, outgoing: [] };
}
