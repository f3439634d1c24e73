/** Required decisions, literal expressions, and failures reported as data. */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateDecision, type CompiledDrg } from '../../../../runtime/src/dmn';
import { NOW, compiledFixture, evaluate, outputOf } from './fixtures';

describe('a decision requirements graph', () => {
  let drg: CompiledDrg;
  beforeAll(async () => {
    // beverages ← dish, guests; dish ← season (table), guests (literal expression `guestCount`)
    drg = await compiledFixture('evaluateDecision.drg');
  });

  it('evaluates the required decisions first and feeds their results to the decision', () => {
    // when
    const result = evaluate(drg, 'dish', { month: 10, adults: 3, children: 1 });

    // then
    expect(result).toEqual({
      ok: true,
      decisionId: 'dish',
      decisionName: 'Dish',
      decisionRequirementsId: 'dinner',
      output: 'Spareribs',
      evaluatedDecisions: [
        {
          decisionId: 'season',
          decisionName: 'Season',
          decisionType: 'DECISION_TABLE',
          output: 'Fall',
          evaluatedInputs: [{ inputId: 'Input_month', inputName: 'Month', inputValue: 10 }],
          matchedRules: [
            {
              ruleId: 'Rule_fall',
              ruleIndex: 3,
              evaluatedOutputs: [
                { outputId: 'Output_season', outputName: 'season', outputValue: 'Fall' },
              ],
            },
          ],
        },
        {
          decisionId: 'guests',
          decisionName: 'Guests',
          decisionType: 'LITERAL_EXPRESSION',
          output: 4,
          evaluatedInputs: [],
          matchedRules: [],
        },
        {
          decisionId: 'dish',
          decisionName: 'Dish',
          decisionType: 'DECISION_TABLE',
          output: 'Spareribs',
          evaluatedInputs: [
            { inputId: 'Input_season', inputName: 'Season', inputValue: 'Fall' },
            { inputId: 'Input_guestCount', inputName: 'How many guests', inputValue: 4 },
          ],
          matchedRules: [
            {
              ruleId: 'Rule_spareribs',
              ruleIndex: 1,
              evaluatedOutputs: [
                { outputId: 'Output_dish', outputName: 'Dish', outputValue: 'Spareribs' },
              ],
            },
          ],
        },
      ],
    });
  });

  it('evaluates a decision required twice only once, in depth-first order', () => {
    // when beverages requires dish and guests, and dish requires guests too
    const result = evaluate(drg, 'beverages', { month: 10, adults: 4, children: 2 });

    // then
    expect(result.evaluatedDecisions.map((decision) => decision.decisionId)).toEqual([
      'season',
      'guests',
      'dish',
      'beverages',
    ]);
    expect(outputOf(result)).toEqual(['Aecht Schlenkerla Rauchbier', 'Water']);
  });

  it("lets a required decision's result hide a variable of the same name", () => {
    // when the caller passes a `season` of its own
    const result = evaluate(drg, 'dish', { season: 'Summer', month: 1, adults: 1, children: 1 });

    // then the season decision's "Winter" wins
    expect(outputOf(result)).toBe('Roastbeef');
  });

  it('sees a missing variable as null in an input expression', () => {
    // when no month is given, season matches no rule, and dish's `null` rule matches
    const result = evaluate(drg, 'dish', { adults: 1, children: 1 });

    // then
    expect(outputOf(result)).toBe('Pizza');
    expect(result.evaluatedDecisions[0]).toMatchObject({ decisionId: 'season', output: null });
  });

  it('evaluates a literal expression decision with the clock it is given', () => {
    // when the clock says 2025-01-10
    const result = evaluate(drg, 'deadline');

    // then
    expect(outputOf(result)).toBe('2025-01-17');
    expect(result.evaluatedDecisions).toEqual([
      {
        decisionId: 'deadline',
        decisionName: 'Deadline',
        decisionType: 'LITERAL_EXPRESSION',
        output: '2025-01-17',
        evaluatedInputs: [],
        matchedRules: [],
      },
    ]);
  });

  it('gives the same result for the same inputs, also from a stored copy of the graph', () => {
    // given the graph as the server stores it
    const stored = JSON.parse(JSON.stringify(drg)) as CompiledDrg;
    const variables = { month: 4, adults: 2, children: 3 };

    // when
    const first = evaluateDecision(drg, 'beverages', variables, { now: NOW });
    const again = evaluateDecision(stored, 'beverages', variables, { now: NOW });

    // then
    expect(again).toEqual(first);
  });

  it('fails when the result does not have the type of the decision variable', () => {
    // when `answer` (typeRef number) gives "no idea"
    const result = evaluate(drg, 'answer', { question: 'the meaning of life' });

    // then
    expect(result).toEqual({
      ok: false,
      decisionId: 'answer',
      decisionRequirementsId: 'dinner',
      failedDecisionId: 'answer',
      message:
        "Expected to evaluate decision 'answer', but the result is a STRING, not of the decision variable's typeRef 'number'",
      evaluatedDecisions: [
        {
          decisionId: 'answer',
          decisionName: 'Answer',
          decisionType: 'LITERAL_EXPRESSION',
          output: null,
          evaluatedInputs: [],
          matchedRules: [],
        },
      ],
    });
    expect(outputOf(evaluate(drg, 'answer', { question: 'six times seven' }))).toBe(42);
  });

  it('names the required decision that failed, with what was evaluated up to it', () => {
    // when guests computes "two" + 1
    const result = evaluate(drg, 'dish', { month: 5, adults: 'two', children: 1 });

    // then
    expect(result).toMatchObject({ ok: false, decisionId: 'dish', failedDecisionId: 'guests' });
    expect(!result.ok && result.message).toMatch(
      /^Expected to evaluate decision 'dish', but the required decision 'guests' failed: failed to evaluate expression 'adults \+ children': the result is null\./,
    );
    expect(result.evaluatedDecisions.map((decision) => decision.decisionId)).toEqual([
      'season',
      'guests',
    ]);
  });

  it('fails for a decision id the graph does not have', () => {
    // when
    const result = evaluate(drg, 'dessert');

    // then
    expect(result).toEqual({
      ok: false,
      decisionId: 'dessert',
      decisionRequirementsId: 'dinner',
      failedDecisionId: 'dessert',
      message: "Expected to evaluate decision 'dessert', but no decision found for id 'dessert'",
      evaluatedDecisions: [],
    });
  });

  it('fails with the reason when an input expression fails', async () => {
    // given an input `matches(code, "[")`, an invalid pattern
    const singleHit = await compiledFixture('evaluateDecision.singleHit');

    // when
    const result = evaluate(singleHit, 'codeCheck', { code: 'abc' });

    // then
    expect(result).toMatchObject({
      ok: false,
      failedDecisionId: 'codeCheck',
      message: expect.stringMatching(
        /^Expected to evaluate decision 'codeCheck', but failed to evaluate input 'Input_code_codeCheck': failed to evaluate expression 'matches\(code, "\["\)': .*invalid pattern/,
      ),
    });
  });
});
