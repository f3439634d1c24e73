import { DmnModdle } from 'dmn-moddle';
import type { ModelProblem } from '../model/CompiledDefinition';
import type { ModdleElement, ModdleWarning } from '../parse/moddleElement';
import { checkXmlSafety, type XmlLimits } from '../parse/xmlSafety';
import { classifyDmnWarnings } from './classifyDmnWarnings';

/** The DMN 1.3 namespace: the one Camunda Modeler writes, and the only one dmn-moddle reads. */
export const DMN13_NAMESPACE = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

/**
 * The one Zeebe extension a DMN model carries, `<zeebe:versionTag value="…"/>` in a decision's
 * `extensionElements` (as zeebe-dmn-moddle declares it). Declaring it lets moddle recognise
 * the namespace whatever prefix a document binds to it.
 */
const ZEEBE_DMN_DESCRIPTOR = {
  name: 'Zeebe',
  prefix: 'zeebe',
  uri: 'http://camunda.org/schema/zeebe/1.0',
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    {
      name: 'VersionTag',
      superClass: ['Element'],
      meta: { allowedIn: ['dmn:Decision'] },
      properties: [{ name: 'value', type: 'String', isAttr: true }],
    },
  ],
};

export type ParseDmnResult =
  | {
      ok: true;
      definitions: ModdleElement;
      /** import findings that reject the document (see `classifyDmnWarnings`) */
      problems: ModelProblem[];
      warnings: string[];
    }
  | { ok: false; problems: ModelProblem[] };

export type ParseDmnOptions = Partial<XmlLimits>;

const UNPARSABLE =
  /^unparsable content .*?detected\s+line: (\d+)\s+column: (\d+)\s+nested error: (.*)$/s;

/**
 * Reads a DMN 1.3 document with dmn-moddle after the same XML safety checks as BPMN (size, no
 * DTD or entity declarations, nesting depth). A document that is unsafe, not well-formed, or
 * not DMN 1.3 gives `ok: false`; otherwise moddle's import findings come sorted into problems
 * (an unknown DMN element or attribute, a duplicate id) and warnings (diagram findings).
 *
 * @example
 * const parsed = await parseDmn(xml);
 * if (parsed.ok) parsed.definitions.$type; // 'dmn:Definitions'
 */
export async function parseDmn(
  xml: string,
  options: ParseDmnOptions = {},
): Promise<ParseDmnResult> {
  const unsafe = checkXmlSafety(xml, options);
  if (unsafe.length > 0) return { ok: false, problems: unsafe };

  const moddle = new DmnModdle({ zeebe: ZEEBE_DMN_DESCRIPTOR });
  let result;
  try {
    result = await moddle.fromXML(xml, 'dmn:Definitions');
  } catch (error) {
    return { ok: false, problems: [syntaxProblem(error)] };
  }
  const { problems, warnings } = classifyDmnWarnings(result.warnings as ModdleWarning[], xml);
  return { ok: true, definitions: result.rootElement as ModdleElement, problems, warnings };
}

function syntaxProblem(error: unknown): ModelProblem {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('failed to parse document as')) {
    return {
      elementId: null,
      message: `not a DMN 1.3 document: the root must be a definitions element in the namespace ${DMN13_NAMESPACE}`,
    };
  }
  return { elementId: null, message: `invalid XML: ${describe(message)}` };
}

/** moddle's "unparsable content … detected\n\tline: 0 …" as one line, counted from 1. */
function describe(message: string): string {
  const match = UNPARSABLE.exec(message);
  if (!match) return message;
  const [, line, column, nested] = match;
  // saxen counts from 0; editors count from 1
  return `${nested?.trim()} at line ${Number(line) + 1}, column ${Number(column) + 1}`;
}
