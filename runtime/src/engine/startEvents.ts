/**
 * Start events with triggers belong to a process definition, not to an instance: the
 * server arms a version's timer start events and registers its message and signal start
 * events when it becomes the latest. These pure helpers tell it what to arm.
 */
import type { CompiledDefinition } from '../model/CompiledDefinition';
import { evaluateExpression } from '../feel';
import { nextCycleFiring, scheduleTimer, type ScheduleResult } from '../timers';

export interface StartEventTrigger {
  elementId: string;
  kind: 'timer' | 'message' | 'signal';
  /** message or signal name (static, or FEEL evaluated without variables) */
  name: string | null;
}

function staticOrFeel(
  raw: { kind: 'static'; value: string } | { kind: 'feel'; expression: string },
  now: number,
) {
  if (raw.kind === 'static') return { ok: true as const, value: raw.value };
  const result = evaluateExpression(raw.expression, {}, { now });
  if (!result.ok) return result;
  return typeof result.value === 'string'
    ? { ok: true as const, value: result.value.replace(/\[[^\]]*\]$/, '') }
    : { ok: false as const, message: `'${raw.expression}' is not a string` };
}

/** The definition's start events with a trigger, names evaluated. */
export function startEventTriggers(
  definition: CompiledDefinition,
  now: number,
): StartEventTrigger[] {
  return (definition.eventStartIds ?? []).flatMap((elementId): StartEventTrigger[] => {
    const trigger = definition.elements[elementId]?.trigger;
    if (!trigger) return [];
    if (trigger.kind === 'timer') return [{ elementId, kind: 'timer' as const, name: null }];
    if (trigger.kind !== 'message' && trigger.kind !== 'signal') return [];
    const expression = trigger.kind === 'message' ? trigger.message.name : trigger.signal.name;
    const name = staticOrFeel(expression, now);
    return name.ok ? [{ elementId, kind: trigger.kind, name: name.value }] : [];
  });
}

/** The first firing of a timer start event, armed at `now` (the deployment). */
export function scheduleStartTimer(
  definition: CompiledDefinition,
  elementId: string,
  now: number,
): ScheduleResult {
  const trigger = definition.elements[elementId]?.trigger;
  if (trigger?.kind !== 'timer')
    return { ok: false, message: `'${elementId}' is not a timer start event` };
  const text = staticOrFeel(trigger.timer.value, now);
  if (!text.ok) return text;
  return scheduleTimer(trigger.timer.kind, text.value.trim(), now);
}

export { nextCycleFiring };
