import type { JsonValue } from '../feel';

/**
 * The outcome of {@link evaluateDecision}, shaped after Camunda's `EvaluateDecisionResult`
 * (REST `POST /v2/decision-definitions/evaluation`) less what only the server knows (keys,
 * versions, tenant). Values are JSON; the REST answer carries each one as JSON text
 * (`JSON.stringify(output)`).
 *
 * A failure is data too: `failedDecisionId` is the decision that failed (a required one, maybe),
 * `message` is worded as Zeebe's ("Expected to evaluate decision 'x', but …"), and
 * `evaluatedDecisions` lists what was evaluated up to it, the failed decision last.
 */
export type DecisionEvaluation =
  | {
      ok: true;
      decisionId: string;
      decisionName: string;
      decisionRequirementsId: string;
      /** the decision's result: what a business rule task stores in its `resultVariable` */
      output: JsonValue;
      /** the required decisions, then the decision itself, in evaluation order */
      evaluatedDecisions: EvaluatedDecision[];
    }
  | {
      ok: false;
      decisionId: string;
      decisionRequirementsId: string;
      failedDecisionId: string;
      message: string;
      evaluatedDecisions: EvaluatedDecision[];
    };

/** Zeebe's `decisionType` of an evaluated decision. */
export type DecisionType = 'DECISION_TABLE' | 'LITERAL_EXPRESSION';

/** One decision of an evaluation (Camunda's `EvaluatedDecisionResult`). */
export interface EvaluatedDecision {
  decisionId: string;
  decisionName: string;
  decisionType: DecisionType;
  /** its result; `null` for the decision that failed */
  output: JsonValue;
  /** a decision table's input values, in column order; empty for a literal expression */
  evaluatedInputs: EvaluatedInput[];
  /** the rules that matched (for FIRST only the first), in rule order */
  matchedRules: MatchedRule[];
}

export interface EvaluatedInput {
  inputId: string;
  /** the input's label, else its expression cut at 30 characters (as Zeebe names it) */
  inputName: string;
  inputValue: JsonValue;
}

export interface MatchedRule {
  ruleId: string;
  /** 1-based position of the rule in its table */
  ruleIndex: number;
  evaluatedOutputs: EvaluatedOutput[];
}

export interface EvaluatedOutput {
  outputId: string;
  /** the output's label, else its name (as Zeebe names it) */
  outputName: string;
  outputValue: JsonValue;
}
