import { feelTypeName, type JsonValue } from '../feel';
import type { DecisionOutput, DecisionTable } from './CompiledDrg';
import { priorityKey } from './priorityList';

/** The output values of one matched rule, in output order: feelin's own and as JSON. */
export interface RuleResult {
  ruleId: string;
  values: unknown[];
  json: JsonValue[];
}

type HitPolicyOutcome = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Turns the matched rules of a table (at least one, in rule order) into the decision's result,
 * as Zeebe gives it:
 *
 * - UNIQUE, FIRST, ANY, PRIORITY: one rule's outputs: the value of a single output, an object
 *   by output name for several;
 * - RULE ORDER, OUTPUT ORDER, COLLECT: a list of those, in rule order or by priority;
 * - COLLECT with SUM, MIN or MAX: a number over the single output; COUNT: the number of rules.
 *
 * PRIORITY and OUTPUT ORDER rank rules by where their output values stand in each output's
 * `outputValues` (the first output decides, then the next); a value not listed ranks last, and
 * rules that rank alike keep their order.
 */
export function applyHitPolicy(table: DecisionTable, results: RuleResult[]): HitPolicyOutcome {
  const single = (result: RuleResult | undefined) => ({
    ok: true as const,
    value: result ? outputValue(table.outputs, result) : null,
  });
  const list = (ordered: RuleResult[]) => ({
    ok: true as const,
    value: ordered.map((result) => outputValue(table.outputs, result)),
  });
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (results.length > 1) {
        return {
          ok: false,
          message: `hit policy UNIQUE only allows a single rule to match, but multiple rules matched ${ruleIds(results)}`,
        };
      }
      return single(results[0]);
    case 'FIRST':
      return single(results[0]);
    case 'ANY': {
      const distinct = new Set(results.map((result) => JSON.stringify(result.json)));
      if (distinct.size > 1) {
        return {
          ok: false,
          message: `hit policy ANY only allows matching rules with equal outputs, but the rules ${ruleIds(results)} give different outputs`,
        };
      }
      return single(results[0]);
    }
    case 'PRIORITY':
      return single(byPriority(table.outputs, results)[0]);
    case 'OUTPUT ORDER':
      return list(byPriority(table.outputs, results));
    case 'RULE ORDER':
      return list(results);
    case 'COLLECT':
      return collect(table, results, list);
  }
}

function collect(
  table: DecisionTable,
  results: RuleResult[],
  list: (ordered: RuleResult[]) => HitPolicyOutcome,
): HitPolicyOutcome {
  const { aggregation } = table;
  if (aggregation === undefined) return list(results);
  if (aggregation === 'COUNT') return { ok: true, value: results.length };
  const numbers: number[] = [];
  for (const result of results) {
    const value = result.values[0];
    if (typeof value !== 'number') {
      return {
        ok: false,
        message: `hit policy COLLECT with aggregation ${aggregation} needs numbers, but rule '${result.ruleId}' gave '${feelTypeName(value)}'`,
      };
    }
    numbers.push(value);
  }
  if (aggregation === 'SUM') return { ok: true, value: numbers.reduce((sum, n) => sum + n, 0) };
  const pick = aggregation === 'MIN' ? Math.min : Math.max;
  // Folded one by one: spreading a long list into Math.min could exceed the argument limit.
  return { ok: true, value: numbers.reduce((best, n) => pick(best, n)) };
}

function outputValue(outputs: DecisionOutput[], result: RuleResult): unknown {
  if (outputs.length === 1) return result.values[0] ?? null;
  // fromEntries defines own properties: an output named `__proto__` stays a plain key.
  return Object.fromEntries(
    outputs.map((output, column) => [output.name ?? output.id, result.values[column] ?? null]),
  );
}

function byPriority(outputs: DecisionOutput[], results: RuleResult[]): RuleResult[] {
  const ranks = new Map(
    results.map((result) => [
      result,
      outputs.map((output, column) => {
        const key = priorityKey(result.json[column]);
        const rank = key === undefined ? -1 : output.priorities.indexOf(key);
        return rank === -1 ? output.priorities.length : rank;
      }),
    ]),
  );
  // Array.prototype.sort is stable: rules that rank alike keep their order.
  return [...results].sort((a, b) => {
    const rankA = ranks.get(a) ?? [];
    const rankB = ranks.get(b) ?? [];
    for (let column = 0; column < rankA.length; column++) {
      const difference = (rankA[column] ?? 0) - (rankB[column] ?? 0);
      if (difference !== 0) return difference;
    }
    return 0;
  });
}

function ruleIds(results: RuleResult[]): string {
  return `[${results.map((result) => result.ruleId).join(', ')}]`;
}
