/**
 * DMN 1.3 for the runtime: `compileDmn` turns a `.dmn` document into a plain-JSON
 * {@link CompiledDrg}; `evaluateDecision` evaluates one of its decisions (required decisions
 * first) into data from which a business rule task's result and Camunda's
 * `EvaluateDecisionResult` are built. No I/O; failures are data.
 *
 * @example
 * import { compileDmn, evaluateDecision } from '../dmn';
 * const compiled = await compileDmn(xml);
 * if (compiled.ok) {
 *   const result = evaluateDecision(compiled.decisionRequirements, 'dish', { season: 'Fall' }, { now });
 * }
 */
export { compileDmn, type CompileDmnOptions, type CompileDmnResult } from './compileDmn';
export { evaluateDecision, type DecisionOptions } from './evaluateDecision';
export type * from './CompiledDrg';
export type * from './DecisionEvaluation';
