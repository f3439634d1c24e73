import type { ProblemCollector } from '../compile/problemCollector';
import { elementProp, elementsProp, stringProp, type ModdleElement } from '../parse/moddleElement';
import type { CompiledDecision, LiteralExpression } from './CompiledDrg';
import { compileDecisionTable } from './compileDecisionTable';
import { addProblem, checkExpression, textOf } from './dmnExpressions';

/** What a `decision` needs before its requirements are checked against the whole graph. */
export interface DecisionDraft {
  decision: CompiledDecision;
  element: ModdleElement;
  /** the `informationRequirement` of each required decision, in order, for problems */
  requirementElements: ModdleElement[];
}

/**
 * Compiles one `decision`: id, name, version tag, required decisions and its logic, which must
 * be a decision table or a literal expression. Other logic (a context, an invocation of a
 * business knowledge model, …), imported decisions and knowledge requirements are rejected,
 * each problem naming its element.
 */
export function compileDecision(
  element: ModdleElement,
  collector: ProblemCollector,
): DecisionDraft {
  const id = element.id ?? '';
  const name = stringProp(element, 'name') || id;
  if (!id) addProblem(collector, element, `the decision '${name || '?'}' has no id`);
  const where = `decision '${id}'`;

  const requirementElements: ModdleElement[] = [];
  const requiredDecisions: string[] = [];
  for (const requirement of elementsProp(element, 'informationRequirement')) {
    const reference = elementProp(requirement, 'requiredDecision');
    if (!reference) continue; // a requiredInput: input data is only drawn
    const href = stringProp(reference, 'href') ?? '';
    if (!href.startsWith('#') || href.length === 1) {
      addProblem(
        collector,
        requirement,
        `${where} requires the decision '${href}', but only decisions of the same document ('#id') are supported`,
      );
      continue;
    }
    requiredDecisions.push(href.slice(1));
    requirementElements.push(requirement);
  }
  for (const requirement of elementsProp(element, 'knowledgeRequirement')) {
    addProblem(
      collector,
      requirement,
      `${where} requires a business knowledge model: business knowledge models are not supported`,
    );
  }

  const variable = elementProp(element, 'variable');
  const resultName = (variable && stringProp(variable, 'name')) || id;
  const resultType = variable && stringProp(variable, 'typeRef');
  const versionTag = versionTagOf(element);

  const decision: CompiledDecision = {
    id,
    name,
    ...(versionTag ? { versionTag } : {}),
    requiredDecisions,
    resultName,
    ...(resultType ? { resultType } : {}),
    logic: compileLogic(element, { id, resultName }, collector),
  };
  return { decision, element, requirementElements };
}

function versionTagOf(element: ModdleElement): string | undefined {
  const extensions = elementProp(element, 'extensionElements');
  const tag = extensions
    ? elementsProp(extensions, 'values').find((value) => value.$type === 'zeebe:VersionTag')
    : undefined;
  return tag ? stringProp(tag, 'value') : undefined;
}

function compileLogic(
  element: ModdleElement,
  { id, resultName }: { id: string; resultName: string },
  collector: ProblemCollector,
): CompiledDecision['logic'] {
  const logic = elementProp(element, 'decisionLogic');
  const where = `decision '${id}'`;
  if (logic?.$type === 'dmn:DecisionTable') return compileDecisionTable(logic, id, collector);
  if (logic?.$type === 'dmn:LiteralExpression') {
    return compileLiteralExpression(logic, where, resultName, collector);
  }
  if (logic) {
    const kind = logic.$type.replace(/^dmn:/, '');
    addProblem(
      collector,
      logic,
      `the logic of ${where} is a ${kind}, which is not supported: a decision needs a decision table or a literal expression`,
    );
  } else {
    addProblem(
      collector,
      element,
      `${where} has no decision logic; it needs a decision table or a literal expression`,
    );
  }
  return { type: 'LITERAL_EXPRESSION', id: '', variableName: resultName, expression: 'null' };
}

function compileLiteralExpression(
  logic: ModdleElement,
  where: string,
  variableName: string,
  collector: ProblemCollector,
): LiteralExpression {
  const expression = textOf(logic);
  const described = `the literal expression of ${where}`;
  if (expression === '') addProblem(collector, logic, `${described} is empty`);
  else checkExpression(collector, logic, described, expression);
  return { type: 'LITERAL_EXPRESSION', id: logic.id ?? '', variableName, expression };
}
