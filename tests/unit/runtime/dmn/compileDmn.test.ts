/** Compiling DMN 1.3 documents: the plain-JSON graph, and every problem named by its element. */
import { describe, expect, it } from 'vitest';
import { compileDmn } from '../../../../runtime/src/dmn';
import { compiledFixture, dmnFixture, dmnProblemsOf } from './fixtures';

describe('compileDmn', () => {
  it('compiles a decision requirements graph to plain JSON', async () => {
    // when
    const drg = await compiledFixture('evaluateDecision.drg');

    // then
    expect(JSON.parse(JSON.stringify(drg))).toEqual(drg);
    expect(drg).toMatchObject({
      decisionRequirementsId: 'dinner',
      decisionRequirementsName: 'Dinner',
      namespace: 'http://camunda.org/schema/1.0/dmn',
    });
    expect(drg.decisions.map((decision) => decision.id)).toEqual([
      'season',
      'guests',
      'dish',
      'beverages',
      'deadline',
      'answer',
    ]);
  });

  it('keeps id, name, version tag, required decisions and the table of a decision', async () => {
    // when
    const drg = await compiledFixture('evaluateDecision.drg');
    const dish = drg.decisions.find((decision) => decision.id === 'dish');

    // then
    expect(dish).toMatchObject({
      id: 'dish',
      name: 'Dish',
      versionTag: 'v2.1',
      requiredDecisions: ['season', 'guests'],
      resultName: 'dish',
      logic: {
        type: 'DECISION_TABLE',
        id: 'DecisionTable_dish',
        hitPolicy: 'UNIQUE',
        inputs: [
          {
            id: 'Input_season',
            name: 'Season',
            label: 'Season',
            inputExpression: 'season',
            typeRef: 'string',
            inputValues: '"Spring","Summer","Fall","Winter"',
          },
          {
            id: 'Input_guestCount',
            name: 'How many guests',
            label: 'How many guests',
            inputExpression: 'guestCount',
            typeRef: 'number',
          },
        ],
        outputs: [
          { id: 'Output_dish', name: 'dish', label: 'Dish', typeRef: 'string', priorities: [] },
        ],
      },
    });
    // `-` and an empty cell both match anything
    expect(dish?.logic.type === 'DECISION_TABLE' && dish.logic.rules.slice(-2)).toEqual([
      {
        id: 'Rule_salad',
        inputEntries: ['"Summer"', null],
        outputEntries: ['"Light Salad and nice Steak"'],
      },
      { id: 'Rule_pizza', inputEntries: ['null', null], outputEntries: ['"Pizza"'] },
    ]);
  });

  it('names a literal expression decision by its variable', async () => {
    // when
    const drg = await compiledFixture('evaluateDecision.drg');

    // then
    expect(drg.decisions.find((decision) => decision.id === 'guests')).toEqual({
      id: 'guests',
      name: 'Guests',
      requiredDecisions: [],
      resultName: 'guestCount',
      resultType: 'number',
      logic: {
        type: 'LITERAL_EXPRESSION',
        id: 'LiteralExpression_guests',
        variableName: 'guestCount',
        expression: 'adults + children',
      },
    });
  });

  it('reads the output values of each output as its priority list', async () => {
    // when
    const drg = await compiledFixture('evaluateDecision.ordered');
    const contact = drg.decisions.find((decision) => decision.id === 'contactOrder');

    // then
    expect(contact?.logic).toMatchObject({
      hitPolicy: 'OUTPUT ORDER',
      outputs: [
        { name: 'level', outputValues: '3, 2, 1', priorities: ['3', '2', '1'] },
        { name: 'channel', outputValues: '"phone","mail"', priorities: ['phone', 'mail'] },
      ],
    });
  });

  it('keeps the hit policy and aggregation of COLLECT tables', async () => {
    // when
    const drg = await compiledFixture('evaluateDecision.collect');

    // then
    expect(
      drg.decisions.map((decision) =>
        decision.logic.type === 'DECISION_TABLE'
          ? [decision.id, decision.logic.hitPolicy, decision.logic.aggregation]
          : [],
      ),
    ).toEqual([
      ['bonusList', 'COLLECT', undefined],
      ['bonusSum', 'COLLECT', 'SUM'],
      ['bonusMin', 'COLLECT', 'MIN'],
      ['bonusMax', 'COLLECT', 'MAX'],
      ['bonusCount', 'COLLECT', 'COUNT'],
      ['labelSum', 'COLLECT', 'SUM'],
      ['perks', 'COLLECT', undefined],
    ]);
  });
});

describe('compileDmn rejects what it cannot evaluate', () => {
  it('reports every problem of a document, each naming its element', async () => {
    // given
    const xml = dmnFixture('compileDmn.problems');

    // when
    const problems = (await dmnProblemsOf(xml)).map((p) => `${p.elementId}: ${p.message}`);

    // then
    expect(problems).toEqual([
      'DecisionTable_misspelt: unknown attribute hitpolicy',
      'Rule_misspelt: unknown element <rulee>',
      "DecisionTable_badHitPolicy: the decision table of decision 'badHitPolicy' has the unknown hit policy 'SOMETIMES' (expected one of UNIQUE, FIRST, PRIORITY, ANY, COLLECT, RULE ORDER, OUTPUT ORDER)",
      "DecisionTable_aggregateFirst: the decision table of decision 'aggregateFirst' aggregates (SUM), but only hit policy COLLECT can aggregate, not FIRST",
      "InputExpression_badFeel: the input expression of input 'Input_badFeel' of decision 'badFeel' is not valid FEEL: the expression ends too early",
      "UnaryTests_badFeel: the input entry for input 'Input_badFeel' of rule 1 ('Rule_badFeel') of decision 'badFeel' is not valid FEEL: the expression ends too early",
      `LiteralExpression_badFeel: the output entry for output 'Output_badFeel' of rule 1 ('Rule_badFeel') of decision 'badFeel' is not valid FEEL: unexpected '"unclosed' at position 1`,
      "noLogic: decision 'noLogic' has no decision logic; it needs a decision table or a literal expression",
      "Context_contextLogic: the logic of decision 'contextLogic' is a Context, which is not supported: a decision needs a decision table or a literal expression",
      "KnowledgeRequirement_usesBkm: decision 'usesBkm' requires a business knowledge model: business knowledge models are not supported",
      'discountRules: business knowledge models are not supported',
      "Rule_wrongEntries: rule 1 ('Rule_wrongEntries') of decision 'wrongEntries' has 1 input entries, but the table has 2 inputs",
      "Output_sumTwoOutputs_2: output 'Output_sumTwoOutputs_2' of decision 'sumTwoOutputs' has no name; a table with several outputs needs a name for each",
      "DecisionTable_sumTwoOutputs: the decision table of decision 'sumTwoOutputs' aggregates (SUM) 2 outputs, but an aggregation needs exactly one",
      "InputExpression_emptyInput: the input expression of input 'Input_emptyInput' of decision 'emptyInput' is empty",
      "LiteralExpression_javaScript: the literal expression of decision 'javaScript' uses the expression language 'javascript'; only FEEL is supported",
      "InformationRequirement_ghost: decision 'needsGhost' requires the decision 'ghost', which does not exist",
    ]);
  });

  it('gives each problem the type of its element', async () => {
    // when
    const problems = await dmnProblemsOf(dmnFixture('compileDmn.problems'));

    // then
    expect(problems.find((p) => p.elementId === 'UnaryTests_badFeel')?.elementType).toBe(
      'dmn:UnaryTests',
    );
    expect(problems.find((p) => p.elementId === 'noLogic')?.elementType).toBe('dmn:Decision');
  });

  it('rejects required decisions that depend on each other in a cycle', async () => {
    // when approval → risk → limit → approval
    const problems = await dmnProblemsOf(dmnFixture('compileDmn.cycle'));

    // then
    expect(problems).toEqual([
      {
        elementId: 'approval',
        elementType: 'dmn:Decision',
        message:
          "decisions 'approval' → 'risk' → 'limit' → 'approval' require each other in a cycle; required decisions must not loop",
      },
    ]);
  });

  it('rejects a DTD before parsing, as for BPMN', async () => {
    // given
    const xml = dmnFixture('evaluateDecision.drg').replace(
      '<definitions',
      '<!DOCTYPE definitions [<!ENTITY x "y">]><definitions',
    );

    // when / then
    expect(await dmnProblemsOf(xml)).toEqual([
      {
        elementId: null,
        message: 'DTDs and entity declarations are not allowed (found <!DOCTYPE)',
      },
    ]);
  });

  it('rejects XML larger than the configured limit', async () => {
    // when
    const problems = await dmnProblemsOf(dmnFixture('evaluateDecision.drg'), { maxBytes: 1024 });

    // then
    expect(problems).toEqual([
      { elementId: null, message: 'the XML is larger than the limit of 1024 bytes' },
    ]);
  });

  it('rejects a document that is not DMN 1.3', async () => {
    // given a DMN 1.1 root
    const xml =
      '<definitions xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd" id="old" name="Old" />';

    // when / then
    expect(await dmnProblemsOf(xml)).toEqual([
      {
        elementId: null,
        message:
          'not a DMN 1.3 document: the root must be a definitions element in the namespace https://www.omg.org/spec/DMN/20191111/MODEL/',
      },
    ]);
  });

  it('rejects XML that is not well-formed, with the position', async () => {
    // given
    const xml = dmnFixture('evaluateDecision.drg').replace('</decision>', '</decisio>');

    // when
    const problems = await dmnProblemsOf(xml);

    // then
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^invalid XML: .* at line \d+, column \d+$/);
  });

  it('rejects a document without decisions', async () => {
    // given
    const xml = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="empty" name="Empty" namespace="x">
  <inputData id="InputData_1" name="Input" />
</definitions>`;

    // when / then
    expect(await dmnProblemsOf(xml)).toEqual([
      { elementId: null, message: 'the document has no decision' },
    ]);
  });
});

describe('compileDmn warnings', () => {
  it('warns when PRIORITY has no output values to rank by, and about diagram findings', async () => {
    // given a PRIORITY table without outputValues, and a shape pointing nowhere
    const xml = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" id="warn" name="Warnings" namespace="x">
  <decision id="pick" name="Pick">
    <decisionTable id="DecisionTable_pick" hitPolicy="PRIORITY">
      <input id="Input_pick"><inputExpression id="InputExpression_pick"><text>x</text></inputExpression></input>
      <output id="Output_pick" name="y" />
      <rule id="Rule_pick"><inputEntry id="UnaryTests_pick"><text>-</text></inputEntry><outputEntry id="LiteralExpression_pick"><text>1</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI><dmndi:DMNDiagram id="DMNDiagram_1"><dmndi:DMNShape id="DMNShape_gone" dmnElementRef="gone"><dc:Bounds height="80" width="180" x="0" y="0" /></dmndi:DMNShape></dmndi:DMNDiagram></dmndi:DMNDI>
</definitions>`;

    // when
    const result = await compileDmn(xml);

    // then it compiles
    expect(result.ok && result.warnings).toEqual([
      "unresolved reference <gone> (element 'DMNShape_gone', dmndi:DMNShape)",
      "hit policy PRIORITY ranks rules by the output values of the outputs, but none has any: the rules keep their order (element 'DecisionTable_pick', dmn:DecisionTable)",
    ]);
  });
});
