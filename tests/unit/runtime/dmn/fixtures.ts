import { readFileSync } from 'node:fs';
import {
  compileDmn,
  evaluateDecision,
  type CompileDmnOptions,
  type CompiledDrg,
  type DecisionEvaluation,
} from '../../../../runtime/src/dmn';
import type { ModelProblem } from '../../../../runtime/src/model/CompiledDefinition';

/** The clock of every evaluation in these specs: 2025-01-10T12:00:00Z. */
export const NOW = Date.UTC(2025, 0, 10, 12);

/** Reads `<subject>.<variant>.dmn` from beside the specs. */
export function dmnFixture(name: string): string {
  return readFileSync(new URL(`./${name}.dmn`, import.meta.url), 'utf8');
}

/** Compiles a fixture; fails the test when it was rejected. */
export async function compiledFixture(name: string): Promise<CompiledDrg> {
  const result = await compileDmn(dmnFixture(name));
  if (!result.ok)
    throw new Error(`expected ${name} to compile: ${JSON.stringify(result.problems)}`);
  return result.decisionRequirements;
}

/** Compiles and returns the problems; fails the test when the document compiled. */
export async function dmnProblemsOf(
  xml: string,
  options?: CompileDmnOptions,
): Promise<ModelProblem[]> {
  const result = await compileDmn(xml, options);
  if (result.ok) throw new Error('expected the document to be rejected, but it compiled');
  return result.problems;
}

/** Evaluates a decision of a compiled fixture at {@link NOW}. */
export function evaluate(
  drg: CompiledDrg,
  decisionId: string,
  variables: Record<string, unknown> = {},
): DecisionEvaluation {
  return evaluateDecision(drg, decisionId, variables, { now: NOW });
}

/** The output of a successful evaluation; fails the test on a failure. */
export function outputOf(evaluation: DecisionEvaluation): unknown {
  if (!evaluation.ok) throw new Error(`expected the evaluation to succeed: ${evaluation.message}`);
  return evaluation.output;
}

/** The ids and 1-based indexes of the rules that matched in the evaluated decision. */
export function matchedRulesOf(evaluation: DecisionEvaluation): string[] {
  const last = evaluation.evaluatedDecisions.at(-1);
  return (last?.matchedRules ?? []).map((rule) => `${rule.ruleId}#${rule.ruleIndex}`);
}
