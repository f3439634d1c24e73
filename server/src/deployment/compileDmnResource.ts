/**
 * A `.dmn` resource: one DMN 1.3 decision requirements graph (as Camunda Modeler writes it),
 * compiled by the runtime's `compileDmn`, or its problems, each naming the resource and, where
 * there is one, the element (`dish.dmn: 'Rule_2' (dmn:UnaryTests): …`).
 *
 * @example
 * const result = await compileDmnResource('dish.dmn', xml, { maxXmlBytes: 4 << 20 });
 * if (result.ok) result.deployable.decisions?.[0]?.drg.decisions.map((d) => d.id);
 */
import { compileDmn } from '../../../runtime/src/dmn';
import type { ProblemItem } from '../http/ProblemError';
import { XML_FORBIDDEN_CHARACTERS } from './compileBpmnResource';
import { resourceProblem, type ResourceCompiler } from './ResourceCompiler';

export const compileDmnResource: ResourceCompiler = async (resourceName, xml, limits) => {
  // As for BPMN: XML 1.0 forbids these outright, and the database must never see a NUL (D3).
  const forbidden = XML_FORBIDDEN_CHARACTERS.exec(xml);
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
    const message = `invalid XML: the character U+${code} is not allowed in XML`;
    return { ok: false, problems: [resourceProblem(resourceName, message)] };
  }
  const result = await compileDmn(xml, { maxBytes: limits.maxXmlBytes });
  if (!result.ok) {
    const problems: ProblemItem[] = result.problems.map(({ elementId, elementType, message }) => ({
      // A problem of the document as a whole (not well-formed, no decision) names the resource.
      ...(elementId ? {} : { pointer: '/resources' }),
      elementId,
      message: `${resourceName}: ${elementId ? `'${elementId}'${elementType ? ` (${elementType})` : ''}: ` : ''}${message}`,
    }));
    return { ok: false, problems };
  }
  return {
    ok: true,
    deployable: { decisions: [{ resourceName, xml, drg: result.decisionRequirements }] },
  };
};
