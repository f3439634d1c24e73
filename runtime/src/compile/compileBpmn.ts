import type { CompiledDefinition, ModelProblem } from '../model/CompiledDefinition';
import { booleanProp, elementsProp } from '../parse/moddleElement';
import { parseBpmn, type ParseBpmnOptions } from '../parse/parseBpmn';
import { compileProcess } from './compileProcess';
import { ProblemCollector } from './problemCollector';
import { validateProcess } from './validateProcess';

export type CompileOptions = ParseBpmnOptions;

export type CompileResult =
  | { ok: true; definitions: CompiledDefinition[]; warnings: string[] }
  | { ok: false; problems: ModelProblem[] };

/**
 * Turns a BPMN 2.0 document in the Camunda 8 (Zeebe) dialect into one CompiledDefinition
 * per executable process. Anything the runtime cannot execute rejects the whole document
 * with every problem found, each naming its element (D1, D7); non-executable pools are
 * drawn, not run, and may contain anything.
 *
 * @example
 * const result = await compileBpmn(xml);
 * if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
 * result.definitions[0]?.processId; // 'lead-to-loyalty'
 */
export async function compileBpmn(
  xml: string,
  options: CompileOptions = {},
): Promise<CompileResult> {
  const parsed = await parseBpmn(xml, options);
  if (!parsed.ok) return parsed;

  const { model } = parsed;
  const processes = elementsProp(model.definitions, 'rootElements').filter(
    (root) => root.$type === 'bpmn:Process' && booleanProp(root, 'isExecutable') === true,
  );
  if (processes.length === 0) {
    return {
      ok: false,
      problems: [...parsed.problems, { elementId: null, message: 'no executable process' }],
    };
  }

  const collector = new ProblemCollector();
  for (const process of processes) validateProcess(process, model, collector);

  const problems = [...parsed.problems, ...collector.problems];
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    definitions: processes.map(compileProcess),
    warnings: [...parsed.warnings, ...collector.warnings],
  };
}
