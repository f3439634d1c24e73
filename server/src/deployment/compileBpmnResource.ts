/** A `.bpmn` (or `.xml`) resource: every executable process it holds, or its problems. */
import { compileBpmn } from '../../../runtime/src/compile/compileBpmn';
import type { ProblemItem } from '../http/ProblemError';
import { resourceProblem, type ResourceCompiler } from './ResourceCompiler';

// Characters XML 1.0 forbids (U+0000 to U+001F except tab, newline and return; U+FFFE, U+FFFF).
export const XML_FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export const compileBpmnResource: ResourceCompiler = async (resourceName, xml, limits) => {
  // XML 1.0 forbids these characters outright (not even as references); the parser lets
  // them through, and the database must never see a NUL (D3).
  const forbidden = XML_FORBIDDEN_CHARACTERS.exec(xml);
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
    return {
      ok: false,
      problems: [
        resourceProblem(resourceName, `invalid XML: the character U+${code} is not allowed in XML`),
      ],
    };
  }
  const result = await compileBpmn(xml, { maxBytes: limits.maxXmlBytes });
  if (!result.ok) {
    const problems: ProblemItem[] = result.problems.map((problem) => ({
      // A problem of the document as a whole (not well-formed, a DTD) names the resource.
      ...(problem.elementId ? {} : { pointer: '/resources' }),
      elementId: problem.elementId,
      message: `${resourceName}: ${problem.elementId ? `'${problem.elementId}'${problem.elementType ? ` (${problem.elementType})` : ''}: ` : ''}${problem.message}`,
    }));
    return { ok: false, problems };
  }
  return {
    ok: true,
    deployable: {
      processes: result.definitions.map((definition) => ({ resourceName, xml, definition })),
    },
  };
};
