import type { ModelProblem } from '../model/CompiledDefinition';
import { nearestWithId, prefixOf, type ModdleWarning } from '../parse/moddleElement';
import { ancestorsOf, elementAt, offsetOf, scanXml, type XmlOutline } from '../parse/scanXml';

/** Import warnings split into those that reject a document and those that are only reported. */
export interface ClassifiedDmnWarnings {
  problems: ModelProblem[];
  warnings: string[];
}

/** Namespaces whose content is evaluated: an element moddle skipped there changes a decision. */
const EVALUATED_PREFIXES = new Set(['dmn', 'zeebe']);

const UNPARSABLE = /^unparsable content ([\s\S]*?) ?detected\s+line: (\d+)\s+column: (\d+)/;

/**
 * Sorts dmn-moddle's import warnings. What moddle skipped in the DMN or Zeebe namespace would
 * silently change a decision (a misspelt `<rule>` loses the rule, a misspelt `hitPolicy`
 * falls back to UNIQUE), and a duplicate id drops its element: those are problems naming the
 * nearest element with an id. Diagram (DMNDI) findings are warnings.
 *
 * @example
 * classifyDmnWarnings(result.warnings, xml).problems;
 * // [{ elementId: 'DecisionTable_1', message: "unknown element <rulee>" }]
 */
export function classifyDmnWarnings(
  moddleWarnings: ModdleWarning[],
  xml: string,
): ClassifiedDmnWarnings {
  const result: ClassifiedDmnWarnings = { problems: [], warnings: [] };
  let cached: XmlOutline | undefined;
  const outline = (): XmlOutline => (cached ??= scanXml(xml));

  for (const warning of moddleWarnings) {
    const { element, property } = warning;
    if (element && property !== undefined && warning.message.startsWith('unknown attribute')) {
      const prefix = prefixOf(property) ?? prefixOf(element.$type);
      const named = nearestWithId(element);
      const problem = {
        elementId: named?.id ?? null,
        ...(named ? { elementType: named.$type } : {}),
        message: `unknown attribute ${property}`,
      };
      if (prefix !== undefined && EVALUATED_PREFIXES.has(prefix)) result.problems.push(problem);
      else result.warnings.push(describe(problem));
      continue;
    }
    const match = UNPARSABLE.exec(warning.message);
    if (!match) {
      const named = element && nearestWithId(element);
      const where = named ? ` (element '${named.id}', ${named.$type})` : '';
      result.warnings.push(`${warning.message.replace(/\s+/g, ' ')}${where}`);
      continue;
    }
    const nested = warning.error?.message ?? '';
    const duplicate = /^duplicate ID <(.*)>$/.exec(nested);
    const unknown = /^(?:unknown type|unrecognized element) <([^:>]+):/.exec(nested);
    const located = elementAt(outline(), offsetOf(xml, Number(match[2]), Number(match[3])));
    const tag = located?.name ?? match[1]?.replace(/^<\/?|\/?>$/g, '') ?? '?';
    if (duplicate) {
      result.problems.push({
        elementId: duplicate[1] ?? null,
        message: `duplicate id '${duplicate[1]}'`,
      });
      continue;
    }
    const owner = located && [located, ...ancestorsOf(outline(), located)].find((node) => node.id);
    const problem = {
      elementId: owner?.id ?? null,
      ...(owner ? { elementType: owner.name } : {}),
      message: unknown ? `unknown element <${tag}>` : `cannot read <${tag}>: ${nested}`,
    };
    if (unknown && EVALUATED_PREFIXES.has(unknown[1] ?? '')) result.problems.push(problem);
    else result.warnings.push(describe(problem));
  }
  return result;
}

function describe(problem: ModelProblem): string {
  return problem.elementId
    ? `${problem.message} (element '${problem.elementId}')`
    : problem.message;
}
