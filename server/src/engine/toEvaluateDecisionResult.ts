/**
 * Camunda's `EvaluateDecisionResult` from the runtime's {@link DecisionEvaluation} and what only
 * the server knows: keys, versions, the tenant and the evaluation's own key. Every value
 * (output, input and output values) is JSON text, as Zeebe gives it. A failed evaluation is an
 * answer too (Zeebe writes a `DecisionEvaluation FAILED` event and replies with it): its
 * `output` is `"null"` and `failedDecisionDefinitionId`/`failureMessage` say what failed; they
 * are `null` on success (Camunda 8.9; 8.8 sent empty strings).
 */
import type { DecisionEvaluation, EvaluatedDecision } from '../../../runtime/src';
import type { DeployedDecision } from '../storage/DecisionRepository';

export interface EvaluateDecisionResult {
  decisionDefinitionId: string;
  decisionDefinitionKey: string;
  decisionDefinitionName: string;
  decisionDefinitionVersion: number;
  decisionRequirementsId: string;
  decisionRequirementsKey: string;
  /** JSON text of the decision's result; `"null"` when the evaluation failed */
  output: string;
  failedDecisionDefinitionId: string | null;
  failureMessage: string | null;
  tenantId: string;
  /** deprecated by Camunda in favour of `decisionEvaluationKey`; the same key */
  decisionInstanceKey: string;
  decisionEvaluationKey: string;
  evaluatedDecisions: EvaluatedDecisionResult[];
}

export interface EvaluatedDecisionResult {
  decisionDefinitionId: string;
  decisionDefinitionName: string;
  decisionDefinitionVersion: number | null;
  decisionDefinitionType: string;
  output: string;
  tenantId: string;
  matchedRules: {
    ruleId: string;
    ruleIndex: number;
    evaluatedOutputs: { outputId: string; outputName: string; outputValue: string }[];
  }[];
  evaluatedInputs: { inputId: string; inputName: string; inputValue: string }[];
  decisionDefinitionKey: string | null;
  /** `<decisionEvaluationKey>-<n>`, n counting the evaluated decisions from 1, as in Zeebe */
  decisionEvaluationInstanceKey: string;
}

export function toEvaluateDecisionResult(
  deployed: DeployedDecision,
  evaluation: DecisionEvaluation,
  decisionEvaluationKey: string,
): EvaluateDecisionResult {
  const { decision, requirements } = deployed;
  return {
    decisionDefinitionId: decision.decisionDefinitionId,
    decisionDefinitionKey: decision.decisionDefinitionKey,
    decisionDefinitionName: decision.name,
    decisionDefinitionVersion: decision.version,
    decisionRequirementsId: requirements.decisionRequirementsId,
    decisionRequirementsKey: requirements.decisionRequirementsKey,
    output: evaluation.ok ? JSON.stringify(evaluation.output) : 'null',
    failedDecisionDefinitionId: evaluation.ok ? null : evaluation.failedDecisionId,
    failureMessage: evaluation.ok ? null : evaluation.message,
    tenantId: decision.tenantId,
    decisionInstanceKey: decisionEvaluationKey,
    decisionEvaluationKey,
    evaluatedDecisions: evaluation.evaluatedDecisions.map((evaluated, index) =>
      toEvaluatedDecision(deployed, evaluated, `${decisionEvaluationKey}-${index + 1}`),
    ),
  };
}

function toEvaluatedDecision(
  { decisionsById, decision }: DeployedDecision,
  evaluated: EvaluatedDecision,
  decisionEvaluationInstanceKey: string,
): EvaluatedDecisionResult {
  const deployed = decisionsById.get(evaluated.decisionId);
  return {
    decisionDefinitionId: evaluated.decisionId,
    decisionDefinitionName: evaluated.decisionName,
    decisionDefinitionVersion: deployed?.version ?? null,
    decisionDefinitionType: evaluated.decisionType,
    output: JSON.stringify(evaluated.output),
    tenantId: decision.tenantId,
    matchedRules: evaluated.matchedRules.map((rule) => ({
      ruleId: rule.ruleId,
      ruleIndex: rule.ruleIndex,
      evaluatedOutputs: rule.evaluatedOutputs.map((output) => ({
        outputId: output.outputId,
        outputName: output.outputName,
        outputValue: JSON.stringify(output.outputValue),
      })),
    })),
    evaluatedInputs: evaluated.evaluatedInputs.map((input) => ({
      inputId: input.inputId,
      inputName: input.inputName,
      inputValue: JSON.stringify(input.inputValue),
    })),
    decisionDefinitionKey: deployed?.decisionDefinitionKey ?? null,
    decisionEvaluationInstanceKey,
  };
}
