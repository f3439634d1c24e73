import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { ModelProblem } from '../model/CompiledDefinition';
import { classifyWarnings } from './classifyWarnings';
import type { ModdleElement, ModdleReference, ModdleWarning } from './moddleElement';
import { checkXmlSafety, type XmlLimits } from './xmlSafety';

/** A BPMN document read by bpmn-moddle with the Zeebe extensions. */
export interface BpmnModel {
  /** the `bpmn:Definitions` root */
  definitions: ModdleElement;
  elementsById: Record<string, ModdleElement>;
  /** every reference as written, including those that did not resolve */
  references: ModdleReference[];
}

export type ParseBpmnResult =
  | {
      ok: true;
      model: BpmnModel;
      /** import findings that reject a deployment; the model is still complete enough to validate */
      problems: ModelProblem[];
      warnings: string[];
    }
  | { ok: false; problems: ModelProblem[] };

export type ParseBpmnOptions = Partial<XmlLimits>;

const UNPARSABLE =
  /^unparsable content .*?detected\s+line: (\d+)\s+column: (\d+)\s+nested error: (.*)$/s;

function syntaxProblem(error: unknown): ModelProblem {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('failed to parse document as')) {
    return {
      elementId: null,
      message: 'not a BPMN 2.0 document: the root must be bpmn:definitions',
    };
  }
  const match = UNPARSABLE.exec(message);
  if (!match) return { elementId: null, message: `invalid XML: ${message}` };
  const [, line, column, nested] = match;
  // saxen counts from 0; editors count from 1
  const where = `line ${Number(line) + 1}, column ${Number(column) + 1}`;
  return { elementId: null, message: `invalid XML: ${nested?.trim()} at ${where}` };
}

/**
 * Reads a BPMN 2.0 document with bpmn-moddle and the Zeebe descriptor, after the XML
 * safety checks. A document that is unsafe or not well-formed XML gives `ok: false`;
 * otherwise the model is returned with the import findings sorted into problems and warnings.
 *
 * @example
 * const parsed = await parseBpmn(xml);
 * if (parsed.ok) console.log(parsed.model.elementsById['Process_1']?.$type); // 'bpmn:Process'
 */
export async function parseBpmn(
  xml: string,
  options: ParseBpmnOptions = {},
): Promise<ParseBpmnResult> {
  const unsafe = checkXmlSafety(xml, options);
  if (unsafe.length > 0) return { ok: false, problems: unsafe };

  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  let result;
  try {
    result = await moddle.fromXML(xml);
  } catch (error) {
    return { ok: false, problems: [syntaxProblem(error)] };
  }

  const definitions = result.rootElement as ModdleElement;
  const elementsById = result.elementsById as Record<string, ModdleElement>;
  const { problems, warnings } = classifyWarnings(
    result.warnings as ModdleWarning[],
    xml,
    elementsById,
  );
  return {
    ok: true,
    model: { definitions, elementsById, references: result.references as ModdleReference[] },
    problems,
    warnings,
  };
}
