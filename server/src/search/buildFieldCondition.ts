import type { Document, Filter } from 'mongodb';
import type { FieldKind, FieldSpec } from './SearchSpec';
import { SEARCH_LIMITS } from './SearchSpec';
import { pointerTo, type SearchIssues } from './SearchQueryError';
import { likeToRegex } from './likeToRegex';
import { parseScalar, stringProblem, type ScalarValue } from './parseScalar';
import { describeJson, isPlainObject } from './scanBody';

/** The Camunda filter operators. */
export type FilterOperator =
  '$eq' | '$neq' | '$exists' | '$gt' | '$gte' | '$lt' | '$lte' | '$in' | '$notIn' | '$like';

/** Which operators each kind takes (the Advanced*Filter schemas of the 8.9 spec). */
export const OPERATORS_BY_KIND: Readonly<Record<FieldKind, readonly FilterOperator[]>> = {
  string: ['$eq', '$neq', '$exists', '$in', '$notIn', '$like'],
  stringArray: ['$eq', '$neq', '$exists', '$in', '$notIn', '$like'],
  key: ['$eq', '$neq', '$exists', '$in', '$notIn'],
  int: ['$eq', '$neq', '$exists', '$gt', '$gte', '$lt', '$lte', '$in'],
  date: ['$eq', '$neq', '$exists', '$gt', '$gte', '$lt', '$lte', '$in'],
  enum: ['$eq', '$neq', '$exists', '$in', '$like'],
  boolean: [],
};

const RANGE = { $gt: '$gt', $gte: '$gte', $lt: '$lt', $lte: '$lte' } as const;

/** Where a filter property is: its JSON Pointer and a label for messages. */
export interface ConditionContext {
  pointer: string;
  label: string;
  issues: SearchIssues;
}

/**
 * Translates one filter property (a plain value or an operator object) into MongoDB clauses
 * on `column`, to be AND-ed. Every value is type-checked against the field's kind, so no client
 * value can carry an operator of its own.
 */
export function buildFieldCondition(
  field: FieldSpec,
  column: string,
  raw: unknown,
  context: ConditionContext,
): Filter<Document>[] {
  if (raw === null || raw === undefined) return [];
  const allowed = OPERATORS_BY_KIND[field.kind];
  if (Array.isArray(raw) || (isPlainObject(raw) && allowed.length === 0)) {
    const operators = allowed.length > 0 ? ' or an operator object' : '';
    context.issues.report(
      context.pointer,
      `${context.label}: expected a single value${operators}, got ${describeJson(raw)}.`,
    );
    return [];
  }
  if (!isPlainObject(raw)) {
    const value = parseScalar(field, raw, context);
    return value === undefined ? [] : [equals(field, column, value)];
  }
  const clauses: Filter<Document>[] = [];
  for (const [operator, operand] of Object.entries(raw)) {
    const at = pointerTo(context.pointer, operator);
    if (!(allowed as readonly string[]).includes(operator)) {
      context.issues.report(
        at,
        `${context.label}: operator '${operator}' is not supported here; use one of ${allowed.join(', ')}.`,
      );
      continue;
    }
    if (operand === null || operand === undefined) continue;
    const clause = buildOperatorClause(field, column, operator as FilterOperator, operand, {
      ...context,
      pointer: at,
    });
    if (clause) clauses.push(clause);
  }
  return clauses;
}

function buildOperatorClause(
  field: FieldSpec,
  column: string,
  operator: FilterOperator,
  operand: unknown,
  context: ConditionContext,
): Filter<Document> | undefined {
  const contains = field.kind === 'stringArray';
  switch (operator) {
    case '$exists':
      if (typeof operand !== 'boolean') {
        context.issues.report(
          context.pointer,
          `${context.label}: $exists takes a boolean, got ${describeJson(operand)}.`,
        );
        return undefined;
      }
      // A stored null means "no value" just as a missing field does.
      return { [column]: operand ? { $ne: null } : { $eq: null } };
    case '$in':
    case '$notIn': {
      const values = parseList(field, operand, context);
      if (!values) return undefined;
      if (operator === '$notIn') return { [column]: { $nin: values } };
      return { [column]: contains ? { $elemMatch: { $in: values } } : { $in: values } };
    }
    case '$like': {
      const regex = parseLike(field, operand, context);
      if (regex === undefined) return undefined;
      return { [column]: contains ? { $elemMatch: { $regex: regex } } : { $regex: regex } };
    }
    default: {
      const value = parseScalar(field, operand, context);
      if (value === undefined) return undefined;
      if (operator === '$eq') return equals(field, column, value);
      if (operator === '$neq') return { [column]: { $ne: value } };
      return { [column]: { [RANGE[operator]]: value } };
    }
  }
}

function equals(field: FieldSpec, column: string, value: ScalarValue): Filter<Document> {
  return {
    [column]: field.kind === 'stringArray' ? { $elemMatch: { $eq: value } } : { $eq: value },
  };
}

function parseList(
  field: FieldSpec,
  operand: unknown,
  context: ConditionContext,
): ScalarValue[] | undefined {
  const operator = context.pointer.slice(context.pointer.lastIndexOf('/') + 1);
  if (!Array.isArray(operand)) {
    context.issues.report(
      context.pointer,
      `${context.label}: ${operator} takes an array, got ${describeJson(operand)}.`,
    );
    return undefined;
  }
  if (operand.length > SEARCH_LIMITS.maxInValues) {
    context.issues.report(
      context.pointer,
      `${context.label}: ${operator} takes at most ${SEARCH_LIMITS.maxInValues} values.`,
    );
    return undefined;
  }
  const values: ScalarValue[] = [];
  operand.forEach((item: unknown, index) => {
    const value = parseScalar(field, item, {
      ...context,
      pointer: pointerTo(context.pointer, index),
    });
    if (value !== undefined) values.push(value);
  });
  return values.length === operand.length ? values : undefined;
}

function parseLike(
  field: FieldSpec,
  operand: unknown,
  context: ConditionContext,
): string | undefined {
  const fail = (problem: string): undefined => {
    context.issues.report(context.pointer, `${context.label}: ${problem}.`);
    return undefined;
  };
  if (typeof operand !== 'string')
    return fail(`$like takes a string, got ${describeJson(operand)}`);
  const problem = stringProblem(operand);
  if (problem) return fail(problem);
  // Enum values are stored in canonical upper case and matched in any casing.
  const { source, anyRuns } = likeToRegex(field.kind === 'enum' ? operand.toUpperCase() : operand);
  if (anyRuns > SEARCH_LIMITS.maxLikeWildcards) {
    return fail(`$like takes at most ${SEARCH_LIMITS.maxLikeWildcards} '*' wildcards`);
  }
  return source;
}
