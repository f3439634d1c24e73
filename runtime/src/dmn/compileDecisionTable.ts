import type { ProblemCollector } from '../compile/problemCollector';
import { elementProp, elementsProp, stringProp, type ModdleElement } from '../parse/moddleElement';
import type {
  Aggregation,
  DecisionInput,
  DecisionOutput,
  DecisionRule,
  DecisionTable,
  HitPolicy,
} from './CompiledDrg';
import { addProblem, checkExpression, checkUnaryTests, textOf } from './dmnExpressions';
import { priorityList } from './priorityList';

const HIT_POLICIES: readonly HitPolicy[] = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

/** Zeebe names an input without a label by its expression, cut to this many characters. */
const INPUT_NAME_LENGTH = 30;

/**
 * Compiles a `decisionTable` of the decision `decisionId`: its hit policy, inputs, outputs and
 * rules, checking every FEEL cell. Problems go to the collector, each naming its element;
 * the table is returned either way, so every problem of a document is found in one pass.
 */
export function compileDecisionTable(
  table: ModdleElement,
  decisionId: string,
  collector: ProblemCollector,
): DecisionTable {
  const where = `decision '${decisionId}'`;
  const hitPolicy = stringProp(table, 'hitPolicy') ?? 'UNIQUE';
  if (!isHitPolicy(hitPolicy)) {
    addProblem(
      collector,
      table,
      `the decision table of ${where} has the unknown hit policy '${hitPolicy}' (expected one of ${HIT_POLICIES.join(', ')})`,
    );
  }
  const aggregation = stringProp(table, 'aggregation');
  if (aggregation !== undefined && !isAggregation(aggregation)) {
    addProblem(
      collector,
      table,
      `the decision table of ${where} has the unknown aggregation '${aggregation}' (expected one of ${AGGREGATIONS.join(', ')})`,
    );
  } else if (aggregation !== undefined && hitPolicy !== 'COLLECT') {
    addProblem(
      collector,
      table,
      `the decision table of ${where} aggregates (${aggregation}), but only hit policy COLLECT can aggregate, not ${hitPolicy}`,
    );
  }

  const inputs = elementsProp(table, 'input').map((input) => compileInput(input, where, collector));
  const outputs = compileOutputs(table, where, collector);
  if (aggregation !== undefined && outputs.length > 1) {
    addProblem(
      collector,
      table,
      `the decision table of ${where} aggregates (${aggregation}) ${outputs.length} outputs, but an aggregation needs exactly one`,
    );
  }
  if (
    (hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') &&
    outputs.every((output) => output.priorities.length === 0)
  ) {
    collector.warn(
      table,
      `hit policy ${hitPolicy} ranks rules by the output values of the outputs, but none has any: the rules keep their order`,
    );
  }
  const rules = elementsProp(table, 'rule').map((rule, index) =>
    compileRule(rule, index, { where, inputs, outputs }, collector),
  );

  return {
    type: 'DECISION_TABLE',
    id: table.id ?? '',
    hitPolicy: isHitPolicy(hitPolicy) ? hitPolicy : 'UNIQUE',
    ...(aggregation !== undefined && isAggregation(aggregation) ? { aggregation } : {}),
    inputs,
    outputs,
    rules,
  };
}

function compileInput(
  input: ModdleElement,
  where: string,
  collector: ProblemCollector,
): DecisionInput {
  if (!input.id) addProblem(collector, input, `an input of ${where} has no id`);
  const label = stringProp(input, 'label');
  const expressionElement = elementProp(input, 'inputExpression');
  const inputExpression = textOf(expressionElement);
  const described = `the input expression of input '${input.id ?? '?'}' of ${where}`;
  if (!expressionElement || inputExpression === '') {
    addProblem(collector, expressionElement ?? input, `${described} is empty`);
  } else {
    checkExpression(collector, expressionElement, described, inputExpression);
  }
  const inputValues = elementProp(input, 'inputValues');
  const typeRef = expressionElement && stringProp(expressionElement, 'typeRef');
  return {
    id: input.id ?? '',
    name: label || inputExpression.slice(0, INPUT_NAME_LENGTH),
    ...(label ? { label } : {}),
    inputExpression,
    ...(typeRef ? { typeRef } : {}),
    ...(inputValues && textOf(inputValues) ? { inputValues: textOf(inputValues) } : {}),
  };
}

function compileOutputs(
  table: ModdleElement,
  where: string,
  collector: ProblemCollector,
): DecisionOutput[] {
  const elements = elementsProp(table, 'output');
  if (elements.length === 0) {
    addProblem(collector, table, `the decision table of ${where} has no output`);
  }
  const seen = new Set<string>();
  return elements.map((output) => {
    if (!output.id) addProblem(collector, output, `an output of ${where} has no id`);
    const name = stringProp(output, 'name') || undefined;
    const described = `output '${output.id ?? '?'}' of ${where}`;
    if (elements.length > 1 && !name) {
      addProblem(
        collector,
        output,
        `${described} has no name; a table with several outputs needs a name for each`,
      );
    } else if (name !== undefined && seen.has(name)) {
      addProblem(collector, output, `${described} has the name '${name}' of another output`);
    }
    if (name !== undefined) seen.add(name);
    const label = stringProp(output, 'label');
    const typeRef = stringProp(output, 'typeRef');
    const outputValues = textOf(elementProp(output, 'outputValues'));
    const defaultElement = elementProp(output, 'defaultOutputEntry');
    const defaultOutputEntry = textOf(defaultElement);
    if (defaultElement && defaultOutputEntry !== '') {
      checkExpression(
        collector,
        defaultElement,
        `the default output entry of ${described}`,
        defaultOutputEntry,
      );
    }
    return {
      id: output.id ?? '',
      ...(name !== undefined ? { name } : {}),
      ...(label ? { label } : {}),
      ...(typeRef ? { typeRef } : {}),
      ...(outputValues ? { outputValues } : {}),
      priorities: priorityList(outputValues),
      ...(defaultOutputEntry ? { defaultOutputEntry } : {}),
    };
  });
}

interface TableColumns {
  where: string;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
}

function compileRule(
  rule: ModdleElement,
  index: number,
  { where, inputs, outputs }: TableColumns,
  collector: ProblemCollector,
): DecisionRule {
  const ruleName = `rule ${index + 1}${rule.id ? ` ('${rule.id}')` : ''} of ${where}`;
  if (!rule.id) addProblem(collector, rule, `${ruleName} has no id`);
  const inputEntries = elementsProp(rule, 'inputEntry');
  const outputEntries = elementsProp(rule, 'outputEntry');
  if (inputEntries.length !== inputs.length) {
    addProblem(
      collector,
      rule,
      `${ruleName} has ${inputEntries.length} input entries, but the table has ${inputs.length} inputs`,
    );
  }
  if (outputEntries.length !== outputs.length) {
    addProblem(
      collector,
      rule,
      `${ruleName} has ${outputEntries.length} output entries, but the table has ${outputs.length} outputs`,
    );
  }
  return {
    id: rule.id ?? '',
    inputEntries: inputEntries.map((entry, column) => {
      const text = textOf(entry);
      if (text === '' || text === '-') return null;
      const input = inputs[column]?.id ?? String(column + 1);
      checkUnaryTests(
        collector,
        entry,
        `the input entry for input '${input}' of ${ruleName}`,
        text,
      );
      return text;
    }),
    outputEntries: outputEntries.map((entry, column) => {
      const text = textOf(entry);
      if (text === '') return null;
      const output = outputs[column]?.id ?? String(column + 1);
      checkExpression(
        collector,
        entry,
        `the output entry for output '${output}' of ${ruleName}`,
        text,
      );
      return text;
    }),
  };
}

function isHitPolicy(value: string): value is HitPolicy {
  return (HIT_POLICIES as readonly string[]).includes(value);
}

function isAggregation(value: string): value is Aggregation {
  return (AGGREGATIONS as readonly string[]).includes(value);
}
