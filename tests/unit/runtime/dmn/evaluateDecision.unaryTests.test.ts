/** FEEL unary tests in input entries, and inputs whose variable is missing. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledDrg } from '../../../../runtime/src/dmn';
import { compiledFixture, evaluate, outputOf } from './fixtures';

describe('input entries (FEEL unary tests)', () => {
  let drg: CompiledDrg;
  beforeAll(async () => {
    // matchedTests is a COLLECT table: its result lists the label of every test that passed
    drg = await compiledFixture('evaluateDecision.unaryTests');
  });

  it('matches a number against ranges, comparisons, variables and expressions over ?', () => {
    // when
    const three = evaluate(drg, 'matchedTests', { value: 3, limit: 2 });
    const hundredFifty = evaluate(drg, 'matchedTests', { value: 150, limit: 1000 });

    // then
    expect(outputOf(three)).toEqual(['range 1..10', 'less than 5', 'not x', 'any', 'above limit']);
    expect(outputOf(hundredFifty)).toEqual(['not x', 'any', 'between 100 and 200']);
  });

  it('matches a string against lists, negations and functions of ?', () => {
    // when
    const ab = evaluate(drg, 'matchedTests', { value: 'abc' });
    const a = evaluate(drg, 'matchedTests', { value: 'a' });
    const x = evaluate(drg, 'matchedTests', { value: 'x' });

    // then a string is never in a number range (it is not comparable, as in Zeebe)
    expect(outputOf(ab)).toEqual(['not x', 'any', 'starts with ab']);
    expect(outputOf(a)).toEqual(['a or b', 'not x', 'any']);
    expect(outputOf(x)).toEqual(['any']);
  });

  it('treats a missing input variable as null', () => {
    // when `value` is not given at all, or given as null
    const missing = evaluate(drg, 'matchedTests', {});
    const nullValue = evaluate(drg, 'matchedTests', { value: null });

    // then only `-`, `null` and not("x") match: comparisons and `?` expressions do not
    expect(outputOf(missing)).toEqual(['not x', 'any', 'null']);
    expect(outputOf(nullValue)).toEqual(['not x', 'any', 'null']);
    expect(missing.evaluatedDecisions[0]?.evaluatedInputs).toEqual([
      { inputId: 'Input_value', inputName: 'Value', inputValue: null },
    ]);
  });

  it('compares dates with the clock of the evaluation', () => {
    // given the evaluation runs on 2025-01-10
    // when
    const overdue = evaluate(drg, 'dueCheck', { due: '2025-01-05' });
    const onTime = evaluate(drg, 'dueCheck', { due: '2025-02-01' });

    // then the input value is reported as JSON
    expect(outputOf(overdue)).toBe('overdue');
    expect(outputOf(onTime)).toBe('on time');
    expect(overdue.evaluatedDecisions[0]?.evaluatedInputs[0]?.inputValue).toBe('2025-01-05');
  });

  it('fails on a test that calls an unknown function instead of quietly not matching', () => {
    // when the rule says strts with(?, "A")
    const result = evaluate(drg, 'typoTest', { name: 'Anna' });

    // then
    expect(result).toMatchObject({ ok: false, failedDecisionId: 'typoTest' });
    expect(!result.ok && result.message).toMatch(
      /^Expected to evaluate decision 'typoTest', but failed to evaluate the input entry of rule 'Rule_typo' for input 'Input_name': failed to evaluate unary tests 'strts with\(\?, "A"\)' against STRING\. .*\[NO_FUNCTION_FOUND\]/s,
    );
  });
});
