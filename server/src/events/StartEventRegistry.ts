/**
 * Start events with triggers, per process: the latest version's message and signal start
 * events are registered in `startEvents`, its timer start events armed in `timers`. When a
 * new version becomes the latest, the older versions' are removed (as Zeebe does). Runs
 * from the deployment projection, so a crash half-way is repaired by its catch-up. A
 * deleted version's are removed too, and the version latest after it is armed again from
 * the clock's now (`ResourceDeletionService`, repaired by its sweep).
 */
import { scheduleStartTimer, startEventTriggers } from '../../../runtime/src';
import { isDuplicateKey, type EngineCollections, type TimerRow } from '../db/collections';
import type { DefinitionRepository } from '../storage/DefinitionRepository';
import type { SharedClock } from '../engine/SharedClock';

export const startTimerId = (definitionKey: string, elementId: string) =>
  `start:${definitionKey}:${elementId}`;

export class StartEventRegistry {
  constructor(
    private readonly c: EngineCollections,
    private readonly definitions: DefinitionRepository,
    private readonly clock: SharedClock,
  ) {}

  /** Makes `processDefinitionKey` the version whose start events are armed. */
  async activate(processDefinitionKey: string): Promise<void> {
    const loaded = await this.definitions.get(processDefinitionKey);
    if (!loaded) return;
    const { record, definition } = loaded;
    const processDefinitionId = record.processDefinitionId;
    await this.c.startEvents.deleteMany({
      processDefinitionId,
      processDefinitionKey: { $ne: processDefinitionKey },
    });
    await this.c.timers.deleteMany({
      kind: 'start',
      processDefinitionId,
      processDefinitionKey: { $ne: processDefinitionKey },
    });
    const now = this.clock.now();
    for (const trigger of startEventTriggers(definition, now)) {
      if (trigger.kind === 'timer') {
        const schedule = scheduleStartTimer(definition, trigger.elementId, now);
        if (!schedule.ok) continue;
        const row: TimerRow = {
          _id: startTimerId(processDefinitionKey, trigger.elementId),
          kind: 'start',
          dueDate: schedule.value.dueDate,
          elementId: trigger.elementId,
          processDefinitionKey,
          processDefinitionId,
          processInstanceKey: null,
          elementInstanceKey: null,
          fireNo: 1,
          cycle: schedule.value.cycle,
          remaining: schedule.value.remaining,
          seq: 0,
        };
        // Armed once per version: a catch-up after a crash keeps the timer where it was.
        await insertOnce(() => this.c.timers.insertOne(row));
        continue;
      }
      if (trigger.name === null) continue;
      await insertOnce(() =>
        this.c.startEvents.insertOne({
          _id: `${processDefinitionKey}:${trigger.elementId}`,
          kind: trigger.kind as 'message' | 'signal',
          name: trigger.name!,
          processDefinitionId,
          processDefinitionKey,
          elementId: trigger.elementId,
        }),
      );
    }
  }

  /** Removes the start events and start timers of a (deleted) version. */
  async deactivate(processDefinitionKey: string): Promise<void> {
    await this.c.startEvents.deleteMany({ processDefinitionKey });
    await this.c.timers.deleteMany({ kind: 'start', processDefinitionKey });
  }
}

async function insertOnce(insert: () => Promise<unknown>) {
  try {
    await insert();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}
