import { readFileSync } from 'node:fs';
import { compileBpmn, type CompileOptions } from '../../../../runtime/src/compile/compileBpmn';
import type {
  CompiledDefinition,
  ModelProblem,
} from '../../../../runtime/src/model/CompiledDefinition';

/** Reads `compileBpmn.<variant>.bpmn` from beside the specs. */
export function fixture(variant: string): string {
  return readFileSync(new URL(`./compileBpmn.${variant}.bpmn`, import.meta.url), 'utf8');
}

/** Compiles and returns the problems; fails the test when the model compiled. */
export async function problemsOf(xml: string, options?: CompileOptions): Promise<ModelProblem[]> {
  const result = await compileBpmn(xml, options);
  if (result.ok) throw new Error('expected the model to be rejected, but it compiled');
  return result.problems;
}

/** Compiles and returns definitions and warnings; fails the test when the model was rejected. */
export async function compiled(
  xml: string,
): Promise<{ definitions: CompiledDefinition[]; warnings: string[] }> {
  const result = await compileBpmn(xml);
  if (!result.ok)
    throw new Error(`expected the model to compile: ${JSON.stringify(result.problems)}`);
  return result;
}
