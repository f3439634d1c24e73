/**
 * Business rule tasks, the server's half: a commit that asks for a decision
 * (`decisionRequested`) is followed by finding the deployed decision by its binding and
 * evaluating it with the runtime's DMN engine (on a thread with a time budget when there
 * is one); the result, or why there is none, goes back to the task as a command.
 *
 *   task commit {decisionRequested} ─► DecisionRepository (latest | deployment | versionTag)
 *        ─► evaluate ─► businessRule.complete {result} | businessRule.fail {incident}
 *
 * The binding's lookup decides, as a deletion of the DMN resource might meet it: what it
 * found is evaluated (`get` still serves a deleted version), what it did not find is an
 * incident, so the task behaves as if it ran wholly before or after the deletion.
 *
 * A crash before the report leaves the commit's pending marker, and the sweep runs this
 * again: the report carries the request's attempt, so a repeat changes nothing.
 */
import type { Command, InstanceState, RuntimeRecord } from '../../../runtime/src';
import { ProblemError } from '../http/ProblemError';
import type { DecisionRepository, DecisionDefinitionRecord } from '../storage/DecisionRepository';
import type { DefinitionRepository } from '../storage/DefinitionRepository';
import type { DecisionEvaluator } from './DecisionService';
import type { EngineService } from './EngineService';
import type { SharedClock } from './SharedClock';

type DecisionRequest = Extract<RuntimeRecord, { kind: 'decisionRequested' }>;

export class BusinessRuleService {
  constructor(
    private readonly engine: EngineService,
    private readonly definitions: DefinitionRepository,
    private readonly decisions: DecisionRepository,
    private readonly evaluate: DecisionEvaluator,
    private readonly clock: SharedClock,
  ) {
    engine.followUps.push((state, records) => this.onCommitted(state, records));
  }

  private async onCommitted(state: InstanceState, records: RuntimeRecord[]) {
    for (const record of records) {
      if (record.kind === 'decisionRequested') await this.answer(state, record);
    }
  }

  private async answer(state: InstanceState, request: DecisionRequest) {
    const { elementInstanceKey, attempt } = request;
    const found = await this.find(state, request);
    if (typeof found === 'string') {
      await this.report(state, {
        type: 'businessRule.fail',
        elementInstanceKey,
        attempt,
        errorType: 'CALLED_DECISION_ERROR',
        message: found,
      });
      return;
    }
    const deployed = await this.decisions.get(found.decisionDefinitionKey);
    if (!deployed) return;
    const evaluation = await this.evaluate(deployed, request.variables, this.clock.now());
    await this.report(
      state,
      evaluation.ok
        ? { type: 'businessRule.complete', elementInstanceKey, attempt, result: evaluation.output }
        : {
            type: 'businessRule.fail',
            elementInstanceKey,
            attempt,
            errorType: 'DECISION_EVALUATION_ERROR',
            message: evaluation.message,
          },
    );
  }

  /** The decision the binding names, or why there is none (Zeebe's wording). */
  private async find(
    state: InstanceState,
    request: DecisionRequest,
  ): Promise<DecisionDefinitionRecord | string> {
    const id = request.decisionId;
    switch (request.bindingType) {
      case 'deployment': {
        const own = await this.definitions.record(String(state.processDefinitionKey));
        const found = own && (await this.decisions.inDeployment(id, own.deploymentKey));
        return (
          found ??
          `Expected to evaluate decision with id '${id}' with binding type 'deployment', but no such decision found in the deployment with key ${own?.deploymentKey ?? '?'} which contained the current process. To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended decision to evaluate.`
        );
      }
      case 'versionTag': {
        const tag = request.versionTag ?? '';
        const found = await this.decisions.byVersionTag(id, tag);
        return (
          found ??
          `Expected to evaluate decision with id '${id}' and version tag '${tag}', but no such decision found. To resolve this incident, deploy a decision with the given id and version tag.`
        );
      }
      default:
        return (
          (await this.decisions.latest(id)) ??
          `Expected to evaluate decision '${id}', but no decision found for id '${id}'`
        );
    }
  }

  /** A task that moved on (cancelled, already answered) is left alone. */
  private async report(state: InstanceState, command: Command) {
    try {
      await this.engine.execute(String(state.processInstanceKey), command);
    } catch (error) {
      if (error instanceof ProblemError && (error.status === 404 || error.status === 409)) return;
      throw error;
    }
  }
}
