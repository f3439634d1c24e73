/**
 * FEEL for the runtime (D6): expressions are data, evaluated by feelin against plain JSON
 * variables plus our own deterministic, linear-time functions; results come back as JSON
 * or as a message for an incident, never as a throw.
 *
 * @example
 * import { evaluateCondition } from '../feel';
 * const taken = evaluateCondition('score >= 50', variables, { now: command.now });
 * if (!taken.ok) raiseIncident(element.id, taken.message);
 */
export {
  MAX_EXPRESSION_LENGTH,
  MISSING_VALUE_WARNINGS,
  evaluateCondition,
  evaluateExpression,
  evaluateFeelValue,
  type FeelConditionResult,
  type FeelOptions,
  type FeelResult,
} from './evaluateFeel';
export {
  evaluateDateTime,
  evaluateInteger,
  evaluateNumber,
  evaluateString,
  evaluateStringList,
  type ExpressionInput,
  type TypedResult,
} from './typedEvaluators';
export { evaluateUnaryTests } from './evaluateUnaryTests';
export { toJsonValue, type JsonConversion, type JsonValue } from './toJsonValue';
export { feelTypeName } from './feelTypeName';
export { FeelFunctionError, createFeelFunctions } from './feelFunctions';
export { MAX_PATTERN_LENGTH, RegexError, compileRegex } from './compileRegex';
