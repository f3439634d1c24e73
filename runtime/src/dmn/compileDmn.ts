import { ProblemCollector } from '../compile/problemCollector';
import type { ModelProblem } from '../model/CompiledDefinition';
import { elementsProp, stringProp } from '../parse/moddleElement';
import type { CompiledDrg } from './CompiledDrg';
import { checkRequirements } from './checkRequirements';
import { compileDecision, type DecisionDraft } from './compileDecision';
import { addProblem } from './dmnExpressions';
import { parseDmn, type ParseDmnOptions } from './parseDmn';

export type CompileDmnOptions = ParseDmnOptions;

export type CompileDmnResult =
  | { ok: true; decisionRequirements: CompiledDrg; warnings: string[] }
  | { ok: false; problems: ModelProblem[] };

/** DRG elements that are drawn but take no part in an evaluation. */
const DRAWN_ONLY = new Set(['dmn:InputData', 'dmn:KnowledgeSource']);

/**
 * Turns a DMN 1.3 document (as Camunda Modeler writes it) into a {@link CompiledDrg}: plain
 * JSON the server can store, cache and hand to {@link evaluateDecision}. Anything that could
 * not be evaluated rejects the whole document with every problem found, each naming its
 * element (the decision, the rule, the input entry, …): unknown hit policies, aggregations
 * outside COLLECT, FEEL syntax errors, missing or cyclic required decisions, and logic other
 * than decision tables and literal expressions (business knowledge models, contexts, …).
 * The XML passes the same safety limits as BPMN first.
 *
 * @example
 * const result = await compileDmn(xml);
 * if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
 * result.decisionRequirements.decisions.map((d) => d.id); // ['season', 'dish']
 */
export async function compileDmn(
  xml: string,
  options: CompileDmnOptions = {},
): Promise<CompileDmnResult> {
  const parsed = await parseDmn(xml, options);
  if (!parsed.ok) return parsed;
  const { definitions } = parsed;
  const collector = new ProblemCollector();

  const decisionRequirementsId = definitions.id ?? '';
  if (!decisionRequirementsId) {
    collector.add(null, 'the definitions element has no id (the decision requirements id)');
  }

  const drafts: DecisionDraft[] = [];
  const seen = new Set<string>();
  for (const element of elementsProp(definitions, 'drgElement')) {
    if (element.$type === 'dmn:Decision') {
      const draft = compileDecision(element, collector);
      const { id } = draft.decision;
      if (id && seen.has(id))
        addProblem(collector, element, `the decision id '${id}' is not unique`);
      seen.add(id);
      drafts.push(draft);
    } else if (element.$type === 'dmn:BusinessKnowledgeModel') {
      addProblem(collector, element, 'business knowledge models are not supported');
    } else if (!DRAWN_ONLY.has(element.$type)) {
      addProblem(collector, element, `${element.$type.replace(/^dmn:/, '')} is not supported`);
    }
  }
  if (drafts.length === 0) collector.add(null, 'the document has no decision');
  checkRequirements(drafts, collector);

  const problems = [...parsed.problems, ...collector.problems];
  if (problems.length > 0) return { ok: false, problems };
  const name = stringProp(definitions, 'name');
  const namespace = stringProp(definitions, 'namespace');
  return {
    ok: true,
    decisionRequirements: {
      decisionRequirementsId,
      decisionRequirementsName: name || decisionRequirementsId,
      ...(namespace ? { namespace } : {}),
      decisions: drafts.map((draft) => draft.decision),
    },
    warnings: [...parsed.warnings, ...collector.warnings],
  };
}
