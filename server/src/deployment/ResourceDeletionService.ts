/**
 * Deletes a deployed process definition, DMN resource or form version, as Camunda's
 * `deleteResource`, a process or form only while nothing runs on it: no active instance of
 * the definition, no open user task with the form version (409 naming how many). The
 * deleted row stays, marked `deleted`: the history of its ended instances stays searchable,
 * and its version number is never given again. Deleting a process's latest version arms the
 * version before it again.
 *
 * A DMN resource is deleted by its decision requirements key, as in Zeebe (which looks the
 * key up as a process, a graph, then a form): the graph version and every decision version in
 * it go at once, since nothing runs on a decision (no 409). A decision definition key is not
 * a resource key: 404, as Zeebe's `ResourceDeletionDeleteProcessor` answers. The version
 * before is then the latest again for evaluation by id and business rule tasks; with none
 * left, evaluation is a 404 and a task's binding `latest` an incident (`CALLED_DECISION_ERROR`).
 * A business rule task finds its decision by one lookup (`BusinessRuleService`), then
 * evaluates what it found: a lookup before the deletion is projected evaluates the deleted
 * version, one after it finds the version before or none, as if the evaluation came wholly
 * before or after the deletion. After the 200 no lookup finds the deleted decisions.
 *
 *   find it (none, or deleted: 404) ─► count what runs (409) ─► insert the tombstone
 *     `deletedResources/<key>` (E11000: another deletion won: 404) ─► count again
 *        ├─ something runs ─► remove the tombstone ─► 409
 *        └─ nothing ─► hide the row, move the start events ─► done ─► 200
 *
 * What this guarantees without transactions (D3): every commit inserts its pending marker,
 * naming the definition and the forms it links, before it reads their tombstones
 * (`engine/admitCommit.ts`), and a deletion inserts its tombstone before its second count,
 * which reads the markers as well as the projected instances and tasks. So a start and a
 * deletion at the same moment never both go through: the start is refused (404, or no
 * instance for a timer, message, signal or call), or the deletion finds it and rolls back.
 *
 * What it does not: both may fail at once (the deletion looks again for a moment while it
 * sees only commits in flight); a marker a crash left counts as running until the sweep
 * clears it (seconds); the loser of two deletions answers 404 even if the
 * winner then rolls back; searches may show the row until the deletion is projected,
 * just before the 200; a deployment of the very same bytes at the same moment may answer
 * with the version being deleted; a deployment and a deletion of one process at the same
 * moment arm the latest version each saw, as two deployments do; a graph deleted while its
 * own deployment is still being projected (its key seen in a search before the deployment
 * answered) may keep a decision written after the deletion. A process that dies after its
 * tombstone insert leaves starts refused (decisions stay evaluable), and the sweep
 * (`recover`) finishes the deletion after a grace period: it counts again, then rolls back or
 * projects.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeletedResource, EngineCollections } from '../db/collections';
import type { SharedClock } from '../engine/SharedClock';
import { CLAIM_GRACE_MS } from '../events/deliveries';
import type { StartEventRegistry } from '../events/StartEventRegistry';
import { ProblemError } from '../http/ProblemError';
import type { DecisionRepository } from '../storage/DecisionRepository';
import type { DefinitionRepository } from '../storage/DefinitionRepository';
import { DeletedResourceRepository } from '../storage/DeletedResourceRepository';
import type { FormRepository } from '../storage/FormRepository';

type Resource = Pick<DeletedResource, 'kind' | 'resourceId' | 'version'>;

/** What runs on a resource: projected instances or tasks, and commits in flight naming it. */
interface Running {
  count: number;
  /** some of them are commits not projected yet */
  inFlight: boolean;
  inFlightOnly: boolean;
}

/** How often, and how far apart, a count that found only commits in flight is repeated. */
const IN_FLIGHT_LOOKS = 5;
const IN_FLIGHT_WAIT_MS = 20;

export class ResourceDeletionService {
  private readonly tombstones: DeletedResourceRepository;

  constructor(
    private readonly c: EngineCollections,
    private readonly definitions: DefinitionRepository,
    private readonly forms: FormRepository,
    private readonly decisions: DecisionRepository,
    private readonly startEvents: StartEventRegistry,
    private readonly clock: SharedClock,
  ) {
    this.tombstones = new DeletedResourceRepository(c);
  }

  /**
   * Deletes the definition, DMN resource or form with this key, or throws a 404 or 409 problem.
   *
   * @example
   * await deletions.delete('2251799813685251', 'analyst');
   */
  async delete(resourceKey: string, deletedBy: string): Promise<void> {
    const resource = await this.find(resourceKey);
    if (!resource) throw notFound(resourceKey);
    // Counted once before anything is written, so a refusal leaves nothing behind.
    const before = await this.running(resourceKey, resource.kind);
    if (before.count > 0) throw stillRunning(resourceKey, resource, before);
    const tombstone: DeletedResource = {
      _id: resourceKey,
      ...resource,
      attempt: randomUUID(),
      deletedAt: this.clock.now(),
      writtenAt: Date.now(),
      deletedBy,
      done: false,
    };
    if (!(await this.tombstones.insert(tombstone))) throw notFound(resourceKey);
    const after = await this.finish(tombstone);
    if (after === null) {
      throw ProblemError.conflict(
        `Command 'DELETE' rejected with code 'INVALID_STATE': Expected to delete resource with key \`${resourceKey}\` but its deletion was undone meanwhile, as instances were running; try again`,
      );
    }
    if (after.count > 0) throw stillRunning(resourceKey, resource, after);
  }

  /** Sweep: deletions a crashed process left half-way are finished (or rolled back). */
  async recover(graceMs = CLAIM_GRACE_MS): Promise<void> {
    for (const tombstone of await this.tombstones.unfinished(Date.now() - graceMs))
      await this.finish(tombstone);
  }

  /** A deployed resource that is not deleted, by key: a process, a decision graph, a form. */
  private async find(resourceKey: string): Promise<Resource | null> {
    if (await this.tombstones.isDeleted(resourceKey)) return null;
    const definition = await this.definitions.record(resourceKey);
    if (definition) {
      const { processDefinitionId: resourceId, version } = definition;
      return { kind: 'process', resourceId, version };
    }
    const graph = await this.decisions.requirements(resourceKey);
    if (graph) {
      const { decisionRequirementsId: resourceId, version } = graph;
      return { kind: 'decisionRequirements', resourceId, version };
    }
    const form = await this.forms.get(resourceKey);
    return form ? { kind: 'form', resourceId: form.formId, version: form.version } : null;
  }

  /**
   * After the tombstone: counts again, then rolls back (something runs) or projects.
   * Returns what runs, or null when the tombstone is no longer this attempt's (the sweep
   * rolled it back): a count is trusted only if the tombstone stood while it ran.
   */
  private async finish(tombstone: DeletedResource): Promise<Running | null> {
    let running = await this.running(tombstone._id, tombstone.kind);
    // Markers alone are commits in flight; those of starts that meet the tombstone go within
    // milliseconds. Every count after the insert is sound, so look again a few times first.
    for (let look = 0; running.inFlightOnly && look < IN_FLIGHT_LOOKS; look++) {
      await sleep(IN_FLIGHT_WAIT_MS);
      running = await this.running(tombstone._id, tombstone.kind);
    }
    const current = await this.tombstones.get(tombstone._id);
    if (current?.attempt !== tombstone.attempt) return null;
    if (running.count > 0) {
      await this.tombstones.remove(tombstone);
      return running;
    }
    await this.project(tombstone);
    await this.tombstones.markDone(tombstone);
    return running;
  }

  /**
   * Active instances of the definition, or open user tasks with the form version, plus the
   * commits in flight that name it. The markers are read first: a commit's marker goes only
   * after its rows are projected, so a commit is in one read or the other.
   */
  private async running(resourceKey: string, kind: DeletedResource['kind']): Promise<Running> {
    // Nothing runs on a decision: an evaluation is a lookup and a pure function call.
    if (kind === 'decisionRequirements') return { count: 0, inFlight: false, inFlightOnly: false };
    const markers = await this.c.pendingProjections.find({ resourceKeys: resourceKey }).toArray();
    const rows =
      kind === 'process'
        ? this.c.instances.find({ processDefinitionKey: resourceKey, state: 'ACTIVE' })
        : this.c.userTasks.find({ formKey: resourceKey, state: 'CREATED' });
    const projected = new Set(
      (await rows.project<{ _id: string }>({ _id: 1 }).toArray()).map((doc) => doc._id),
    );
    const inFlight = new Set(
      markers
        .map((marker) => (kind === 'process' ? marker.instanceKey : marker._id))
        .filter((key) => !projected.has(key)),
    );
    return {
      count: projected.size + inFlight.size,
      inFlight: inFlight.size > 0,
      inFlightOnly: projected.size === 0 && inFlight.size > 0,
    };
  }

  /** Hides the rows; a process's start events move to the version latest now. Idempotent. */
  private async project(tombstone: DeletedResource): Promise<void> {
    if (tombstone.kind === 'form') return this.forms.markDeleted(tombstone._id);
    if (tombstone.kind === 'decisionRequirements')
      return this.decisions.markRequirementsDeleted(tombstone._id);
    await this.definitions.markDeleted(tombstone._id);
    await this.definitions.refreshLatest(tombstone.resourceId);
    await this.startEvents.deactivate(tombstone._id);
    const latest = await this.definitions.latest(tombstone.resourceId);
    if (latest) await this.startEvents.activate(latest.processDefinitionKey);
  }
}

const notFound = (resourceKey: string) =>
  ProblemError.notFound(
    `Command 'DELETE' rejected with code 'NOT_FOUND': Expected to delete resource but no resource found with key \`${resourceKey}\``,
  );

function stillRunning(resourceKey: string, resource: Resource, { count, inFlight }: Running) {
  const one = count === 1;
  const what =
    resource.kind === 'process'
      ? `${count} ${one ? 'instance' : 'instances'} of process '${resource.resourceId}' version ${resource.version} ${one ? 'is' : 'are'} ${inFlight ? 'active or starting' : 'active'}`
      : `${count} ${one ? 'user task' : 'user tasks'} with form '${resource.resourceId}' version ${resource.version} ${one ? 'is' : 'are'} ${inFlight ? 'open or being created' : 'open'}`;
  return ProblemError.conflict(
    `Command 'DELETE' rejected with code 'INVALID_STATE': Expected to delete resource with key \`${resourceKey}\` but there are still running instances: ${what}`,
  );
}
