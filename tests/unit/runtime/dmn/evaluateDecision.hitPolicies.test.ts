/** How each hit policy turns the matched rules of a decision table into the decision's result. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledDrg } from '../../../../runtime/src/dmn';
import { compiledFixture, evaluate, matchedRulesOf, outputOf } from './fixtures';

describe('single-hit policies', () => {
  let drg: CompiledDrg;
  beforeAll(async () => {
    drg = await compiledFixture('evaluateDecision.singleHit');
  });

  it('UNIQUE (the default) gives the output of the one matching rule', () => {
    // when
    const result = evaluate(drg, 'riskUnique', { amount: 50 });

    // then
    expect(outputOf(result)).toBe('low');
    expect(matchedRulesOf(result)).toEqual(['Unique_low#1']);
  });

  it('UNIQUE fails when two rules match, naming them', () => {
    // when 950 is both in [100..1000] and >= 900
    const result = evaluate(drg, 'riskUnique', { amount: 950 });

    // then
    expect(result).toMatchObject({
      ok: false,
      failedDecisionId: 'riskUnique',
      message:
        "Expected to evaluate decision 'riskUnique', but hit policy UNIQUE only allows a single rule to match, but multiple rules matched [Unique_medium, Unique_review]",
    });
    expect(matchedRulesOf(result)).toEqual(['Unique_medium#2', 'Unique_review#4']);
  });

  it('gives null when no rule matches', () => {
    // when the amount is missing, no comparison holds
    const result = evaluate(drg, 'riskUnique', {});

    // then
    expect(outputOf(result)).toBeNull();
    expect(matchedRulesOf(result)).toEqual([]);
  });

  it("gives the outputs' default output entries when no rule matches", () => {
    // when only "DE" has a rule
    const germany = evaluate(drg, 'shipping', { country: 'DE' });
    const france = evaluate(drg, 'shipping', { country: 'FR' });

    // then
    expect(outputOf(germany)).toBe('dhl');
    expect(outputOf(france)).toBe('post');
    expect(matchedRulesOf(france)).toEqual([]);
  });

  it('FIRST takes the first matching rule and reports only that one', () => {
    // when
    const result = evaluate(drg, 'riskFirst', { amount: 950 });

    // then
    expect(outputOf(result)).toBe('medium');
    expect(matchedRulesOf(result)).toEqual(['First_medium#2']);
  });

  it('ANY accepts several matching rules with equal outputs', () => {
    // when 5 is both < 10 and < 20, both "small"
    const result = evaluate(drg, 'sizeAny', { size: 5 });

    // then
    expect(outputOf(result)).toBe('small');
    expect(matchedRulesOf(result)).toEqual(['Any_small#1', 'Any_smallish#2']);
  });

  it('ANY fails when the matching rules give different outputs', () => {
    // when 17 is < 20 ("small") and >= 15 ("big")
    const result = evaluate(drg, 'sizeAny', { size: 17 });

    // then
    expect(result).toMatchObject({
      ok: false,
      failedDecisionId: 'sizeAny',
      message:
        "Expected to evaluate decision 'sizeAny', but hit policy ANY only allows matching rules with equal outputs, but the rules [Any_smallish, Any_big] give different outputs",
    });
  });

  it('gives an object by output name for a table with several outputs', () => {
    // when
    const gold = evaluate(drg, 'discount', { customer: { tier: 'gold' } });
    const other = evaluate(drg, 'discount', { customer: { tier: 'silver' } });

    // then an empty output cell is null
    expect(outputOf(gold)).toEqual({ discount: 0.15, reason: 'loyal customer' });
    expect(outputOf(other)).toEqual({ discount: 0, reason: null });
    expect(gold.evaluatedDecisions[0]?.matchedRules[0]?.evaluatedOutputs).toEqual([
      { outputId: 'Output_discount_discount', outputName: 'Discount', outputValue: 0.15 },
      { outputId: 'Output_reason_discount', outputName: 'Reason', outputValue: 'loyal customer' },
    ]);
  });
});

describe('COLLECT', () => {
  let drg: CompiledDrg;
  beforeAll(async () => {
    drg = await compiledFixture('evaluateDecision.collect');
  });

  it('lists the outputs of every matching rule in rule order without an aggregation', () => {
    // when 85 is >= 0, >= 50 and >= 80
    const result = evaluate(drg, 'bonusList', { score: 85 });

    // then
    expect(outputOf(result)).toEqual([10, 20, 5]);
    expect(matchedRulesOf(result)).toEqual(['List_base#1', 'List_good#2', 'List_top#3']);
  });

  it.each([
    ['bonusSum', 35],
    ['bonusMin', 5],
    ['bonusMax', 20],
    ['bonusCount', 3],
  ])('aggregates the matching outputs (%s gives %d)', (decisionId, expected) => {
    // when
    const result = evaluate(drg, decisionId, { score: 85 });

    // then
    expect(outputOf(result)).toBe(expected);
  });

  it('aggregates a single matching rule too', () => {
    // when only the penalty rule (< 0) matches
    const result = evaluate(drg, 'bonusSum', { score: -3 });

    // then
    expect(outputOf(result)).toBe(-1);
  });

  it('gives null when no rule matches, with or without an aggregation', () => {
    // when the score is missing
    const list = evaluate(drg, 'bonusList', {});
    const count = evaluate(drg, 'bonusCount', {});

    // then (as Zeebe: no match is null, not [] or 0)
    expect(outputOf(list)).toBeNull();
    expect(outputOf(count)).toBeNull();
  });

  it('fails to sum outputs that are not numbers', () => {
    // when
    const result = evaluate(drg, 'labelSum', { score: 60 });

    // then
    expect(result).toMatchObject({
      ok: false,
      failedDecisionId: 'labelSum',
      message:
        "Expected to evaluate decision 'labelSum', but hit policy COLLECT with aggregation SUM needs numbers, but rule 'Label_base' gave 'STRING'",
    });
  });

  it('lists objects for a table with several outputs', () => {
    // when
    const result = evaluate(drg, 'perks', { score: 60 });

    // then
    expect(outputOf(result)).toEqual([
      { perk: 'coffee', value: 2 },
      { perk: 'lunch', value: 12 },
    ]);
  });
});

describe('ordered multiple-hit policies', () => {
  let drg: CompiledDrg;
  beforeAll(async () => {
    drg = await compiledFixture('evaluateDecision.ordered');
  });

  it('PRIORITY takes the rule whose output stands first in the output values', () => {
    // when "vip" matches bronze (-), silver ("vip","regular") and gold ("vip")
    const result = evaluate(drg, 'offerPriority', { status: 'vip' });

    // then outputValues are "gold","silver","bronze"; every matching rule is reported
    expect(outputOf(result)).toBe('gold');
    expect(matchedRulesOf(result)).toEqual([
      'Priority_bronze#1',
      'Priority_silver#2',
      'Priority_gold#3',
    ]);
  });

  it('PRIORITY with a single match takes it', () => {
    // when
    const result = evaluate(drg, 'offerPriority', { status: 'new' });

    // then
    expect(outputOf(result)).toBe('bronze');
  });

  it('OUTPUT ORDER lists the outputs by priority', () => {
    // when
    const result = evaluate(drg, 'offerOutputOrder', { status: 'vip' });

    // then
    expect(outputOf(result)).toEqual(['gold', 'silver', 'bronze']);
  });

  it('RULE ORDER lists the outputs in rule order', () => {
    // when
    const result = evaluate(drg, 'offerRuleOrder', { status: 'vip' });

    // then
    expect(outputOf(result)).toEqual(['bronze', 'silver', 'gold']);
  });

  it('OUTPUT ORDER ranks by the first output, then the next; unlisted values last', () => {
    // given levels ranked 3, 2, 1 and channels "phone","mail"; level 7 is not listed
    // when
    const result = evaluate(drg, 'contactOrder', { status: 'vip' });

    // then
    expect(outputOf(result)).toEqual([
      { level: 3, channel: 'phone' },
      { level: 3, channel: 'mail' },
      { level: 1, channel: 'mail' },
      { level: 7, channel: 'phone' },
    ]);
  });
});
