/**
 * What the diagram shows of one instance, worked out from its element instances: a mark
 * per element (the strongest of incident, active, completed, terminated), the count of
 * tokens and incidents on it, and the sequence flows its tokens took.
 */
import type { ElementInstance } from '../../api/elementInstances';
import type { Incident } from '../../api/incidents';

/** Strongest first: an element shows the first that applies. */
export type ElementMark = 'incident' | 'active' | 'completed' | 'terminated';

export interface ElementStatus {
  mark: ElementMark;
  /** Tokens waiting on the element without an incident. */
  active: number;
  incidents: number;
}

/** A sequence flow of the diagram, by its ends. */
export interface Flow {
  id: string;
  sourceId: string;
  targetId: string;
}

/** Rows that are not drawn as elements of their own. */
const NOT_DRAWN = new Set(['PROCESS', 'MULTI_INSTANCE_BODY']);

/**
 * @example
 * const statuses = elementStatuses(await elementInstancesOf(key), await activeIncidentsOf(key));
 * statuses.get('Task_Review')?.mark; // 'active'
 */
export function elementStatuses(
  elementInstances: readonly ElementInstance[],
  incidents: readonly Incident[],
): Map<string, ElementStatus> {
  const found = new Map<string, { active: number; incidents: number; states: Set<string> }>();
  const of = (elementId: string) => {
    let entry = found.get(elementId);
    if (!entry) found.set(elementId, (entry = { active: 0, incidents: 0, states: new Set() }));
    return entry;
  };
  const withIncident = new Set(incidents.map((incident) => incident.elementInstanceKey));
  for (const incident of incidents) of(incident.elementId).incidents++;
  for (const row of elementInstances) {
    if (NOT_DRAWN.has(row.type)) continue;
    const entry = of(row.elementId);
    entry.states.add(row.state);
    if (row.state !== 'ACTIVE') continue;
    if (withIncident.has(row.elementInstanceKey)) continue; // counted through its incident
    if (row.hasIncident) entry.incidents++;
    else entry.active++;
  }
  const statuses = new Map<string, ElementStatus>();
  for (const [elementId, entry] of found) {
    const mark: ElementMark =
      entry.incidents > 0
        ? 'incident'
        : entry.active > 0
          ? 'active'
          : entry.states.has('COMPLETED')
            ? 'completed'
            : 'terminated';
    statuses.set(elementId, { mark, active: entry.active, incidents: entry.incidents });
  }
  return statuses;
}

/**
 * The flows a token took: the source completed, and the target was entered at or after
 * that. The server keeps no records of flows, so this is read from the elements' times:
 * of two flows into one target, both count as taken when both sources completed first.
 *
 * @example
 * takenFlows([{ id: 'Flow_1', sourceId: 'Start', targetId: 'Task' }], history); // Set {'Flow_1'}
 */
export function takenFlows(
  flows: readonly Flow[],
  elementInstances: readonly ElementInstance[],
): Set<string> {
  const firstEnd = new Map<string, string>();
  const lastStart = new Map<string, string>();
  for (const row of elementInstances) {
    if (row.state === 'COMPLETED' && row.endDate) {
      const known = firstEnd.get(row.elementId);
      if (!known || row.endDate < known) firstEnd.set(row.elementId, row.endDate);
    }
    const started = lastStart.get(row.elementId);
    if (!started || row.startDate > started) lastStart.set(row.elementId, row.startDate);
  }
  const taken = new Set<string>();
  for (const flow of flows) {
    const ended = firstEnd.get(flow.sourceId);
    const entered = lastStart.get(flow.targetId);
    if (ended && entered && entered >= ended) taken.add(flow.id);
  }
  return taken;
}
