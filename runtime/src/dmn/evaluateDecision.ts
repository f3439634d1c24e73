import { evaluateFeelValue, toJsonValue, type FeelOptions, type JsonValue } from '../feel';
import type { CompiledDecision, CompiledDrg } from './CompiledDrg';
import type { DecisionEvaluation, EvaluatedDecision } from './DecisionEvaluation';
import { checkResultType } from './checkResultType';
import { evaluateDecisionTable, type LogicOutcome } from './evaluateDecisionTable';

/** What an evaluation needs besides the graph and the variables. */
export type DecisionOptions = FeelOptions;

/**
 * Evaluates the decision `decisionId` of a compiled graph against plain JSON variables, with
 * its required decisions first (depth first, in requirement order, each once); a required
 * decision's result is visible to the decisions that require it under its `resultName` (its
 * id, or its variable's name), hiding a variable of that name. Deterministic: the clock comes
 * in as `options.now` (FEEL's `now()` and `today()`), so a replay gives the same answer.
 *
 * Never throws for a bad model or bad data: a failure is `{ ok: false, failedDecisionId,
 * message }` with a message worded as Zeebe's, for example "Expected to evaluate decision
 * 'dish', but hit policy UNIQUE only allows a single rule to match, but multiple rules matched
 * [rule-1, rule-2]". (A clock that is not a finite number is a programming error and throws.)
 *
 * @example
 * const result = evaluateDecision(drg, 'dish', { season: 'Winter', guests: 4 }, { now: Date.now() });
 * if (result.ok) result.output; // 'Roastbeef'
 * else result.message; // "Expected to evaluate decision 'dish', but …"
 */
export function evaluateDecision(
  drg: CompiledDrg,
  decisionId: string,
  variables: Record<string, unknown>,
  options: DecisionOptions,
): DecisionEvaluation {
  const { decisionRequirementsId } = drg;
  const failure = (failedDecisionId: string, reason: string, evaluated: EvaluatedDecision[]) => ({
    ok: false as const,
    decisionId,
    decisionRequirementsId,
    failedDecisionId,
    message: `Expected to evaluate decision '${decisionId}', but ${reason}`,
    evaluatedDecisions: evaluated,
  });

  const byId = new Map(drg.decisions.map((decision) => [decision.id, decision]));
  const order = evaluationOrder(byId, decisionId);
  if (!order.ok) return failure(order.failedDecisionId, order.reason, []);

  const results = new Map<string, unknown>();
  const evaluatedDecisions: EvaluatedDecision[] = [];
  for (const decision of order.decisions) {
    const context = contextFor(decision, byId, variables, results);
    const outcome = evaluateLogic(decision, context, options);
    const output = outcome.ok ? resultOf(decision, outcome.value) : outcome;
    evaluatedDecisions.push({
      decisionId: decision.id,
      decisionName: decision.name,
      decisionType: decision.logic.type,
      output: output.ok ? output.json : null,
      evaluatedInputs: outcome.evaluatedInputs,
      matchedRules: outcome.matchedRules,
    });
    if (!output.ok) {
      const reason =
        decision.id === decisionId
          ? output.message
          : `the required decision '${decision.id}' failed: ${output.message}`;
      return failure(decision.id, reason, evaluatedDecisions);
    }
    results.set(decision.id, outcome.ok ? outcome.value : null);
  }

  const target = order.decisions.at(-1) as CompiledDecision;
  return {
    ok: true,
    decisionId,
    decisionName: target.name,
    decisionRequirementsId,
    output: evaluatedDecisions.at(-1)?.output ?? null,
    evaluatedDecisions,
  };
}

/** A decision's result checked against its type and converted to JSON. */
function resultOf(
  decision: CompiledDecision,
  value: unknown,
): { ok: true; json: JsonValue } | { ok: false; message: string } {
  const typeProblem = checkResultType(value, decision.resultType);
  if (typeProblem) return { ok: false, message: typeProblem };
  const json = toJsonValue(value);
  return json.ok
    ? { ok: true, json: json.value }
    : { ok: false, message: `its result cannot be stored: ${json.message}` };
}

function evaluateLogic(
  decision: CompiledDecision,
  context: Record<string, unknown>,
  options: FeelOptions,
): LogicOutcome {
  const { logic } = decision;
  if (logic.type === 'DECISION_TABLE') return evaluateDecisionTable(logic, context, options);
  const value = evaluateFeelValue(logic.expression, context, options);
  return { ...value, evaluatedInputs: [], matchedRules: [] };
}

/** The variables, with the results of the decision's own required decisions on top. */
function contextFor(
  decision: CompiledDecision,
  byId: Map<string, CompiledDecision>,
  variables: Record<string, unknown>,
  results: Map<string, unknown>,
): Record<string, unknown> {
  const context: Record<string, unknown> = { ...variables };
  for (const id of decision.requiredDecisions) {
    const required = byId.get(id);
    if (!required) continue;
    // defineProperty, not assignment: a decision may be named `__proto__`.
    Object.defineProperty(context, required.resultName, {
      value: results.get(id) ?? null,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return context;
}

type EvaluationOrder =
  | { ok: true; decisions: CompiledDecision[] }
  | { ok: false; failedDecisionId: string; reason: string };

/**
 * The decision and everything it requires, each once, required decisions before the decisions
 * that need them: an iterative depth-first post-order, so a long chain cannot overflow the
 * stack. The compiler rejects cycles and missing decisions; a stored graph is checked again.
 */
function evaluationOrder(byId: Map<string, CompiledDecision>, decisionId: string): EvaluationOrder {
  const root = byId.get(decisionId);
  if (!root) {
    return {
      ok: false,
      failedDecisionId: decisionId,
      reason: `no decision found for id '${decisionId}'`,
    };
  }
  const decisions: CompiledDecision[] = [];
  const state = new Map<string, 'open' | 'done'>([[root.id, 'open']]);
  const stack: { decision: CompiledDecision; next: number }[] = [{ decision: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const requiredId = top.decision.requiredDecisions[top.next];
    if (requiredId === undefined) {
      state.set(top.decision.id, 'done');
      decisions.push(top.decision);
      stack.pop();
      continue;
    }
    top.next++;
    const seen = state.get(requiredId);
    if (seen === 'done') continue;
    if (seen === 'open') {
      return {
        ok: false,
        failedDecisionId: requiredId,
        reason: `the decision '${requiredId}' requires itself through other decisions`,
      };
    }
    const required = byId.get(requiredId);
    if (!required) {
      return {
        ok: false,
        failedDecisionId: top.decision.id,
        reason: `decision '${top.decision.id}' requires the decision '${requiredId}', which does not exist`,
      };
    }
    state.set(requiredId, 'open');
    stack.push({ decision: required, next: 0 });
  }
  return { ok: true, decisions };
}
