/**
 * A DMN 1.3 decision requirements graph (one `.dmn` document) compiled to plain data: what
 * {@link evaluateDecision} runs. It is JSON, so the server can store and cache it, and it holds
 * FEEL as text: nothing in it is code.
 */
export interface CompiledDrg {
  /** the `definitions` id: Camunda's `decisionRequirementsId` */
  decisionRequirementsId: string;
  /** the `definitions` name (its id when it has none): Camunda's `decisionRequirementsName` */
  decisionRequirementsName: string;
  /** the `definitions` namespace, if written */
  namespace?: string;
  /** every decision of the document, in document order */
  decisions: CompiledDecision[];
}

/** One `decision` element. */
export interface CompiledDecision {
  id: string;
  /** its name, or its id when it has none */
  name: string;
  /** `zeebe:versionTag value`, if present */
  versionTag?: string;
  /** ids of the decisions it requires (`informationRequirement/requiredDecision`), in order */
  requiredDecisions: string[];
  /**
   * The name under which its result is visible to the decisions that require it: the name of
   * its `variable` when it has one, else its id (dmn-scala, Zeebe's DMN engine, does the same).
   */
  resultName: string;
  /** the `typeRef` of its `variable`, checked against the result (`number`, `string`, …) */
  resultType?: string;
  logic: DecisionTable | LiteralExpression;
}

/** How a decision table turns its matched rules into a result. */
export type HitPolicy =
  'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

/** What hit policy COLLECT reduces the matched outputs to; absent: the list itself. */
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export interface DecisionTable {
  type: 'DECISION_TABLE';
  /** the `decisionTable` element's id */
  id: string;
  hitPolicy: HitPolicy;
  /** only with hit policy COLLECT */
  aggregation?: Aggregation;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
}

/** One `input` column. */
export interface DecisionInput {
  id: string;
  /** what Zeebe reports as `inputName`: the label, else the expression cut at 30 characters */
  name: string;
  label?: string;
  /** FEEL text of `inputExpression` */
  inputExpression: string;
  typeRef?: string;
  /** FEEL unary tests of `inputValues` (the allowed values), as written; not enforced */
  inputValues?: string;
}

/** One `output` column. */
export interface DecisionOutput {
  id: string;
  /** the key of this output in a result of several outputs */
  name?: string;
  label?: string;
  typeRef?: string;
  /** FEEL unary tests of `outputValues`, as written */
  outputValues?: string;
  /**
   * `outputValues` read as a priority list, highest first (`"high","low"` → `['high', 'low']`;
   * numbers as written): how PRIORITY and OUTPUT ORDER rank the rules. Empty without values.
   */
  priorities: string[];
  /** FEEL text of `defaultOutputEntry`: the value when no rule matches */
  defaultOutputEntry?: string;
}

/** One `rule` row. */
export interface DecisionRule {
  id: string;
  /** FEEL unary tests per input, in column order; `null` matches anything (`-` or empty) */
  inputEntries: (string | null)[];
  /** FEEL expression per output, in column order; `null` (an empty cell) gives `null` */
  outputEntries: (string | null)[];
}

/** A decision whose logic is one FEEL expression. */
export interface LiteralExpression {
  type: 'LITERAL_EXPRESSION';
  /** the `literalExpression` element's id */
  id: string;
  /** the decision's `variable` name, else its id */
  variableName: string;
  /** FEEL text */
  expression: string;
}
