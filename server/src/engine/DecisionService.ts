/**
 * `POST /v2/decision-definitions/evaluation`: finds the decision (by key, or the latest
 * version of an id), evaluates it with the runtime's pure DMN engine on the shared clock, and
 * answers Camunda's `EvaluateDecisionResult` under a new decision evaluation key. A decision
 * that is not deployed is a 404; a decision that fails to evaluate is an answer with
 * `failureMessage`, as in Zeebe. Nothing is stored: Relata keeps no decision instances yet.
 *
 * @example
 * const result = await service.evaluate({ decisionDefinitionId: 'dish' }, { season: 'Fall' });
 * JSON.parse(result.output); // 'Spareribs'
 */
import { evaluateDecision, type DecisionEvaluation } from '../../../runtime/src';
import { ProblemError } from '../http/ProblemError';
import type { DecisionRepository, DeployedDecision } from '../storage/DecisionRepository';
import type { KeyAllocator } from '../storage/KeyAllocator';
import type { SharedClock } from './SharedClock';
import { toEvaluateDecisionResult, type EvaluateDecisionResult } from './toEvaluateDecisionResult';

/** Which decision to evaluate: a version by key, or the latest version of an id. */
export type DecisionSelector = { decisionDefinitionKey: string } | { decisionDefinitionId: string };

/** Evaluates one decision of a deployed graph (inline, or on a thread with a time budget). */
export type DecisionEvaluator = (
  deployed: DeployedDecision,
  variables: Record<string, unknown>,
  now: number,
) => Promise<DecisionEvaluation>;

export const evaluateInline: DecisionEvaluator = (deployed, variables, now) =>
  Promise.resolve(
    evaluateDecision(deployed.drg, deployed.decision.decisionDefinitionId, variables, { now }),
  );

export class DecisionService {
  constructor(
    private readonly decisions: DecisionRepository,
    private readonly keys: KeyAllocator,
    private readonly clock: SharedClock,
    private readonly evaluator: DecisionEvaluator = evaluateInline,
  ) {}

  async evaluate(
    selector: DecisionSelector,
    variables: Record<string, unknown>,
  ): Promise<EvaluateDecisionResult> {
    const deployed = await this.find(selector);
    const evaluation = await this.evaluator(deployed, variables, this.clock.now());
    return toEvaluateDecisionResult(deployed, evaluation, String(await this.keys.one()));
  }

  private async find(selector: DecisionSelector): Promise<DeployedDecision> {
    const byKey = 'decisionDefinitionKey' in selector;
    const record = byKey
      ? await this.decisions.record(selector.decisionDefinitionKey)
      : await this.decisions.latest(selector.decisionDefinitionId);
    const deployed = record && (await this.decisions.get(record.decisionDefinitionKey));
    if (deployed) return deployed;
    const [name, value] = byKey
      ? ['key', selector.decisionDefinitionKey]
      : ['id', selector.decisionDefinitionId];
    throw ProblemError.notFound(
      `Command 'EVALUATE' rejected with code 'NOT_FOUND': Expected to evaluate decision '${value}', but no decision found for ${name} '${value}'`,
    );
  }
}
