/**
 * Call activities between instances. A caller's commit asks for a called instance (a
 * `callActivity` record); this follow-up creates it with keys claimed by insert per call
 * (`call:<caller>:<elementInstance>:<attempt>`), so a repeat after a crash creates nothing
 * twice. The called instance's end, or an error or escalation its caller catches, goes
 * back as a command to the caller; a call activity that ends early cancels its instance.
 *
 *   caller commit ──callActivity──▶ create called instance (keys from the claim)
 *   called commit ──calledInstanceCompleted / Threw──▶ caller: callActivity.complete / throw
 *   caller commit ──callActivityTerminated──▶ cancel the called instance
 */
import {
  KeyRangeExhaustedError,
  type Command,
  type InstanceState,
  type ParentLink,
  type RuntimeRecord,
} from '../../../runtime/src';
import type { EngineCollections } from '../db/collections';
import { ProblemError } from '../http/ProblemError';
import type { DefinitionRecord, DefinitionRepository } from '../storage/DefinitionRepository';
import { LARGE_RANGE, type KeyAllocator } from '../storage/KeyAllocator';
import { startKeys } from '../events/deliveries';
import { DefinitionDeletedError } from './DefinitionDeletedError';
import type { EngineService } from './EngineService';

type CallRecord = Extract<RuntimeRecord, { kind: 'callActivity' }>;

export class CallActivityService {
  constructor(
    private readonly c: EngineCollections,
    private readonly engine: EngineService,
    private readonly definitions: DefinitionRepository,
    private readonly keys: KeyAllocator,
  ) {
    engine.followUps.push((state, records) => this.onCommitted(state, records));
  }

  private async onCommitted(state: InstanceState, records: RuntimeRecord[]) {
    for (const record of records) {
      switch (record.kind) {
        case 'callActivity':
          await this.call(state, record);
          break;
        case 'callActivityTerminated':
          await this.cancelCalled(state, record.elementInstanceKey, record.attempts);
          break;
        case 'calledInstanceCompleted':
          await this.report(record.parent, {
            type: 'callActivity.complete',
            elementInstanceKey: record.parent.elementInstanceKey,
            variables: record.variables,
          });
          break;
        case 'calledInstanceThrew':
          await this.report(record.parent, {
            type: 'callActivity.throw',
            elementInstanceKey: record.parent.elementInstanceKey,
            thrown: record.thrown,
          });
          break;
      }
    }
  }

  private async call(caller: InstanceState, record: CallRecord) {
    const callerKey = String(caller.processInstanceKey);
    const definition = await this.calledDefinition(caller, record);
    if (typeof definition === 'string') return this.fail(caller, record, definition);
    const claimId = callClaimId(callerKey, record.elementInstanceKey, record.attempt);
    const parent: ParentLink = {
      processInstanceKey: caller.processInstanceKey,
      elementInstanceKey: record.elementInstanceKey,
      catches: record.catches,
      depth: record.depth,
      rootProcessInstanceKey: record.rootProcessInstanceKey,
    };
    // Whoever started the caller may see what it called.
    const startedBy = (await this.engine.load(callerKey))?.startedBy ?? null;
    let keys = await startKeys(this.c, this.keys, claimId);
    try {
      try {
        await this.engine.tryCreateInstance(definition, record.variables, startedBy, {
          keys,
          parent,
        });
      } catch (error) {
        if (!(error instanceof KeyRangeExhaustedError)) throw error;
        // A first step too big for the claimed keys (a long multi-instance) never committed:
        // every process that tries meets the same, and takes the same larger claim.
        keys = await startKeys(this.c, this.keys, `${claimId}:large`, LARGE_RANGE);
        await this.engine.tryCreateInstance(definition, record.variables, startedBy, {
          keys,
          parent,
        });
      }
    } catch (error) {
      // Deleted since it was chosen: as if it had not been deployed.
      if (!(error instanceof DefinitionDeletedError)) throw error;
      return this.fail(caller, record, notDeployed(record.processId));
    }
    // The call activity may have ended while its instance was being created.
    const latest = await this.engine.load(callerKey, { verify: true });
    const waiting = latest?.state.elements[String(record.elementInstanceKey)];
    if (!waiting || waiting.callAttempt !== record.attempt) await this.cancel(String(keys.next));
  }

  /** The definition to start, or why there is none (Zeebe's wording). */
  private async calledDefinition(
    caller: InstanceState,
    record: CallRecord,
  ): Promise<DefinitionRecord | string> {
    const { processId } = record;
    let found: DefinitionRecord | null;
    if (record.bindingType === 'deployment') {
      const own = await this.definitions.record(String(caller.processDefinitionKey));
      found = own && (await this.deployedWith(own.deploymentKey, processId));
      if (!found) {
        return `Expected to call process with BPMN process id '${processId}' with binding type 'deployment', but no such process found in the deployment with key ${own?.deploymentKey} which contained the current process. To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended process definition to call.`;
      }
    } else if (record.bindingType === 'versionTag') {
      // the highest version carrying the tag (a tag may be deployed more than once)
      const versions = await this.definitions.versions(processId);
      found = versions.filter((v) => v.versionTag === record.versionTag).pop() ?? null;
      if (!found) {
        return `Expected to call process with BPMN process id '${processId}' and version tag '${record.versionTag ?? ''}', but no such process found. To resolve this incident, deploy a process with the given process id and version tag.`;
      }
    } else {
      found = await this.definitions.latest(processId);
    }
    if (!found) return notDeployed(processId);
    const compiled = await this.definitions.get(found.processDefinitionKey);
    if (!compiled?.definition.startEventId) {
      return `Expected process with BPMN process id '${processId}' to have a none start event, but not found.`;
    }
    return found;
  }

  /**
   * The version of `processId` that deployment `deploymentKey` contained. A deployment
   * that repeats an unchanged process reuses the version first deployed elsewhere, so the
   * deployment log, not the version's own deployment key, says what it contained.
   */
  private async deployedWith(
    deploymentKey: string,
    processId: string,
  ): Promise<DefinitionRecord | null> {
    const versions = await this.definitions.versions(processId);
    const own = versions.find((version) => version.deploymentKey === deploymentKey);
    if (own) return own;
    const entry = await this.c.deployments.findOne({ deploymentKey });
    const contained = (entry?.processes ?? []) as {
      processDefinitionId: string;
      processDefinitionKey: string;
    }[];
    const reused = contained.find((process) => process.processDefinitionId === processId);
    return (
      versions.find((version) => version.processDefinitionKey === reused?.processDefinitionKey) ??
      null
    );
  }

  private async cancelCalled(caller: InstanceState, elementInstanceKey: number, attempts: number) {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const claimId = callClaimId(String(caller.processInstanceKey), elementInstanceKey, attempt);
      for (const id of [claimId, `${claimId}:large`]) {
        const claim = await this.c.startClaims.findOne({ _id: id });
        if (claim) await this.cancel(String(claim.keys.next));
      }
    }
  }

  private async cancel(instanceKey: string) {
    await ignoreGone(() => this.engine.execute(instanceKey, { type: 'instance.cancel' }));
  }

  /** The call activity gets an incident (CALLED_ELEMENT_ERROR) with the message. */
  private async fail(caller: InstanceState, record: CallRecord, message: string) {
    await this.report(
      {
        processInstanceKey: caller.processInstanceKey,
        elementInstanceKey: record.elementInstanceKey,
      },
      {
        type: 'callActivity.fail',
        elementInstanceKey: record.elementInstanceKey,
        attempt: record.attempt,
        message,
      },
    );
  }

  /** Tells the caller; a caller that moved on already (a repeat, a cancel) is left alone. */
  private async report(parent: Omit<ParentLink, 'catches'>, command: Command) {
    await ignoreGone(() => this.engine.execute(String(parent.processInstanceKey), command));
  }
}

const notDeployed = (processId: string) =>
  `Expected process with BPMN process id '${processId}' to be deployed, but not found.`;

function callClaimId(callerKey: string, elementInstanceKey: number, attempt: number) {
  return `call:${callerKey}:${elementInstanceKey}:${attempt}`;
}

/** Runs a command whose target may have ended already: 404 and 409 mean nothing to do. */
async function ignoreGone(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (error instanceof ProblemError && (error.status === 404 || error.status === 409)) return;
    throw error;
  }
}
