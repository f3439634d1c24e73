/**
 * Reads the FEEL text of DMN elements (`literalExpression`, `inputEntry`, …) and checks it at
 * compile time: the language, the length, the syntax. Problems name the element itself when it
 * has an id (Camunda Modeler gives every cell one), else its nearest ancestor with an id.
 */
import { feelSyntaxError, feelUnaryTestsSyntaxError } from '../compile/feelSyntax';
import type { ProblemCollector } from '../compile/problemCollector';
import { MAX_EXPRESSION_LENGTH } from '../feel';
import { nearestWithId, stringProp, type ModdleElement } from '../parse/moddleElement';

// `feel`, or a FEEL namespace URI of any DMN version (…/FEEL/20140401, …/20191111/FEEL/).
const FEEL_LANGUAGE = /^feel$|\/feel(\/|$)/i;

/** The text of an expression element, trimmed; '' when it has none. */
export function textOf(element: ModdleElement | undefined): string {
  return element ? (stringProp(element, 'text') ?? '').trim() : '';
}

/** Records a problem on the element, or on its nearest ancestor that has an id. */
export function addProblem(
  collector: ProblemCollector,
  element: ModdleElement,
  message: string,
): void {
  collector.add(nearestWithId(element) ?? element, message);
}

/**
 * Checks a FEEL expression element (an input expression, an output entry, a literal
 * expression); `label` says what it is in the message. Returns whether it passed.
 */
export function checkExpression(
  collector: ProblemCollector,
  element: ModdleElement,
  label: string,
  text: string,
): boolean {
  return check(collector, element, label, text, feelSyntaxError);
}

/** {@link checkExpression} for FEEL unary tests (an input entry). */
export function checkUnaryTests(
  collector: ProblemCollector,
  element: ModdleElement,
  label: string,
  text: string,
): boolean {
  return check(collector, element, label, text, feelUnaryTestsSyntaxError);
}

function check(
  collector: ProblemCollector,
  element: ModdleElement,
  label: string,
  text: string,
  syntaxError: (text: string) => string | undefined,
): boolean {
  const language = stringProp(element, 'expressionLanguage');
  if (language !== undefined && !FEEL_LANGUAGE.test(language)) {
    addProblem(
      collector,
      element,
      `${label} uses the expression language '${language}'; only FEEL is supported`,
    );
    return false;
  }
  if (text.length > MAX_EXPRESSION_LENGTH) {
    addProblem(
      collector,
      element,
      `${label} is ${text.length} characters long, more than the limit of ${MAX_EXPRESSION_LENGTH}`,
    );
    return false;
  }
  const error = syntaxError(text);
  if (error) {
    addProblem(collector, element, `${label} is not valid FEEL: ${error}`);
    return false;
  }
  return true;
}
