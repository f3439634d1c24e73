import {
  evaluateFeelValue,
  evaluateUnaryTests,
  toJsonValue,
  type FeelOptions,
  type JsonValue,
} from '../feel';
import type { DecisionOutput, DecisionRule, DecisionTable } from './CompiledDrg';
import type { EvaluatedInput, MatchedRule } from './DecisionEvaluation';
import { applyHitPolicy, type RuleResult } from './applyHitPolicy';

/** What evaluating a decision's logic gives: a value (feelin's own) or a reason, plus the audit. */
export type LogicOutcome = ({ ok: true; value: unknown } | { ok: false; message: string }) & {
  evaluatedInputs: EvaluatedInput[];
  matchedRules: MatchedRule[];
};

/**
 * Evaluates a decision table as dmn-scala (Zeebe's DMN engine) does: every input expression
 * first, then every rule against the input values (a rule's entries in column order, stopping
 * at the first that does not match), then the output entries of the matched rules (for FIRST
 * only the first), then the hit policy. No rule matched: the default output entries, or null.
 *
 * A missing variable in an input expression is `null`, not a failure (as in Zeebe): FEEL's
 * missing-value warnings do not fail an evaluation (`evaluateFeelValue`), so a table can test
 * for it (`null`, or a rule of `-` entries).
 */
export function evaluateDecisionTable(
  table: DecisionTable,
  context: Record<string, unknown>,
  options: FeelOptions,
): LogicOutcome {
  const evaluatedInputs: EvaluatedInput[] = [];
  const inputValues: unknown[] = [];
  const audit = (matchedRules: MatchedRule[] = []) => ({ evaluatedInputs, matchedRules });
  for (const input of table.inputs) {
    const value = evaluateFeelValue(input.inputExpression, context, options);
    const json = value.ok ? toJsonValue(value.value) : value;
    if (!json.ok) {
      return {
        ok: false,
        message: `failed to evaluate input '${input.id}': ${json.message}`,
        ...audit(),
      };
    }
    inputValues.push(value.ok ? value.value : null);
    evaluatedInputs.push({ inputId: input.id, inputName: input.name, inputValue: json.value });
  }

  const matched: { rule: DecisionRule; index: number }[] = [];
  for (const [index, rule] of table.rules.entries()) {
    const matches = ruleMatches(table, rule, inputValues, context, options);
    if (!matches.ok) return { ...matches, ...audit() };
    if (matches.value) matched.push({ rule, index });
  }
  if (matched.length === 0) {
    return { ...defaultOutputs(table.outputs, context, options), ...audit() };
  }

  const results: RuleResult[] = [];
  const matchedRules: MatchedRule[] = [];
  for (const { rule, index } of table.hitPolicy === 'FIRST' ? matched.slice(0, 1) : matched) {
    const result = ruleOutputs(table, rule, context, options);
    if (!result.ok) return { ok: false, message: result.message, ...audit(matchedRules) };
    results.push({ ruleId: rule.id, values: result.values, json: result.json });
    matchedRules.push({
      ruleId: rule.id,
      ruleIndex: index + 1,
      evaluatedOutputs: table.outputs.map((output, column) => ({
        outputId: output.id,
        outputName: output.label || output.name || output.id,
        outputValue: result.json[column] ?? null,
      })),
    });
  }
  return { ...applyHitPolicy(table, results), ...audit(matchedRules) };
}

function ruleMatches(
  table: DecisionTable,
  rule: DecisionRule,
  inputValues: unknown[],
  context: Record<string, unknown>,
  options: FeelOptions,
): { ok: true; value: boolean } | { ok: false; message: string } {
  for (const [column, entry] of rule.inputEntries.entries()) {
    if (entry === null) continue;
    const tested = evaluateUnaryTests(entry, inputValues[column], context, options);
    if (!tested.ok) {
      const input = table.inputs[column]?.id ?? String(column + 1);
      return {
        ok: false,
        message: `failed to evaluate the input entry of rule '${rule.id}' for input '${input}': ${tested.message}`,
      };
    }
    if (!tested.value) return { ok: true, value: false };
  }
  return { ok: true, value: true };
}

function ruleOutputs(
  table: DecisionTable,
  rule: DecisionRule,
  context: Record<string, unknown>,
  options: FeelOptions,
): { ok: true; values: unknown[]; json: JsonValue[] } | { ok: false; message: string } {
  const values: unknown[] = [];
  const json: JsonValue[] = [];
  for (const [column, output] of table.outputs.entries()) {
    const entry = rule.outputEntries[column] ?? null;
    const value =
      entry === null
        ? { ok: true as const, value: null }
        : evaluateFeelValue(entry, context, options);
    const converted = value.ok ? toJsonValue(value.value) : value;
    if (!converted.ok) {
      return {
        ok: false,
        message: `failed to evaluate the output entry of rule '${rule.id}' for output '${output.id}': ${converted.message}`,
      };
    }
    values.push(value.ok ? value.value : null);
    json.push(converted.value);
  }
  return { ok: true, values, json };
}

/** No rule matched: the outputs that have a default output entry give it; none: `null`. */
function defaultOutputs(
  outputs: DecisionOutput[],
  context: Record<string, unknown>,
  options: FeelOptions,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const entries: [string, unknown][] = [];
  for (const output of outputs) {
    if (output.defaultOutputEntry === undefined) continue;
    const value = evaluateFeelValue(output.defaultOutputEntry, context, options);
    if (!value.ok) {
      return {
        ok: false,
        message: `failed to evaluate the default output entry of output '${output.id}': ${value.message}`,
      };
    }
    entries.push([output.name ?? output.id, value.value]);
  }
  if (entries.length === 0) return { ok: true, value: null };
  if (outputs.length === 1) return { ok: true, value: entries[0]?.[1] ?? null };
  return { ok: true, value: Object.fromEntries(entries) };
}
