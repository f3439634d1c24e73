import type { ModdleElement } from '../parse/moddleElement';
import { isFeel } from './expressions';
import { feelSyntaxError } from './feelSyntax';
import type { ProblemCollector } from './problemCollector';

/**
 * Checks an attribute value that may be FEEL: a value starting with `=` must hold an
 * expression that parses. `label` names the attribute in the problem, e.g.
 * `zeebe:taskDefinition type`. Returns whether the value passed.
 */
export function validateExpression(
  collector: ProblemCollector,
  element: ModdleElement,
  label: string,
  raw: string | undefined,
): boolean {
  if (raw === undefined || !isFeel(raw)) return true;
  const body = raw.slice(1).trim();
  if (body === '') {
    collector.add(element, `${label} is an empty FEEL expression`);
    return false;
  }
  const error = feelSyntaxError(body);
  if (error) {
    collector.add(element, `${label} is not valid FEEL: ${error}`);
    return false;
  }
  return true;
}
