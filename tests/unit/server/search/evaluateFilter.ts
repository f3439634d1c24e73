/**
 * A tiny in-memory MongoDB query evaluator for the operators FerretDB 1.24 supports, so tests
 * can check what a produced filter selects. It throws on any other operator.
 */
import type { Document } from 'mongodb';
import type { SearchPlan } from '../../../../server/src/search';

const FERRETDB_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$regex',
  '$and',
  '$or',
  '$elemMatch',
]);

/** Every `$` key of a filter, at any depth. */
export function operatorsOf(filter: unknown): string[] {
  if (Array.isArray(filter)) return filter.flatMap(operatorsOf);
  if (typeof filter !== 'object' || filter === null) return [];
  return Object.entries(filter).flatMap(([key, value]) => [
    ...(key.startsWith('$') ? [key] : []),
    ...operatorsOf(value),
  ]);
}

/** Throws when a filter uses an operator FerretDB 1.24 lacks or an unanchored regex. */
export function assertFerretDbCompatible(filter: unknown): void {
  for (const operator of operatorsOf(filter)) {
    if (!FERRETDB_OPERATORS.has(operator)) throw new Error(`unsupported operator ${operator}`);
  }
  JSON.stringify(filter, (key, value: unknown) => {
    if (key === '$regex' && !(typeof value === 'string' && /^\^.*\$$/s.test(value))) {
      throw new Error(`unanchored regex ${String(value)}`);
    }
    return value;
  });
}

type Value = unknown;

export function matches(doc: Document, filter: Document): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Document[]).every((part) => matches(doc, part));
    if (key === '$or') return (condition as Document[]).some((part) => matches(doc, part));
    if (key.startsWith('$')) throw new Error(`unsupported top-level operator ${key}`);
    return matchesField(doc[key], condition);
  });
}

function isOperatorObject(condition: Value): condition is Record<string, Value> {
  return (
    typeof condition === 'object' &&
    condition !== null &&
    !Array.isArray(condition) &&
    Object.keys(condition).every((key) => key.startsWith('$'))
  );
}

function matchesField(value: Value, condition: Value): boolean {
  if (!isOperatorObject(condition)) return equals(value, condition);
  return Object.entries(condition).every(([operator, operand]) =>
    applyOperator(value, operator, operand),
  );
}

function applyOperator(value: Value, operator: string, operand: Value): boolean {
  const elements = Array.isArray(value) ? value : [value];
  switch (operator) {
    case '$eq':
      return equals(value, operand);
    case '$ne':
      return !equals(value, operand);
    case '$in':
      return (operand as Value[]).some((item) => equals(value, item));
    case '$nin':
      return !(operand as Value[]).some((item) => equals(value, item));
    case '$exists':
      return (value !== undefined) === operand;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return elements.some((element) => compareOperator(element, operator, operand));
    case '$regex':
      return elements.some(
        (element) => typeof element === 'string' && new RegExp(operand as string).test(element),
      );
    case '$elemMatch':
      return (
        Array.isArray(value) &&
        value.some((element) => matchesField(element, operand as Record<string, Value>))
      );
    default:
      throw new Error(`unsupported operator ${operator}`);
  }
}

function equals(value: Value, operand: Value): boolean {
  if (operand === null) return value === null || value === undefined;
  if (Array.isArray(value)) return value.some((element) => element === operand);
  return value === operand;
}

function compareOperator(value: Value, operator: string, operand: Value): boolean {
  // MongoDB compares only within a type bracket.
  if (value === null || value === undefined || typeof value !== typeof operand) return false;
  const order = compareValues(value, operand);
  if (operator === '$gt') return order > 0;
  if (operator === '$gte') return order >= 0;
  if (operator === '$lt') return order < 0;
  return order <= 0;
}

const TYPE_RANK: Record<string, number> = {
  undefined: 0,
  object: 0,
  number: 1,
  string: 2,
  boolean: 3,
};

/** MongoDB's order for the scalar types used here: null/missing < numbers < strings < booleans. */
export function compareValues(a: Value, b: Value): number {
  const rankA = TYPE_RANK[a === null ? 'object' : typeof a] ?? 9;
  const rankB = TYPE_RANK[b === null ? 'object' : typeof b] ?? 9;
  if (rankA !== rankB) return rankA - rankB;
  if (rankA === 0) return 0;
  return (a as number | string) < (b as number | string) ? -1 : a === b ? 0 : 1;
}

/** Runs a plan against documents as a repository would: find, sort, skip, limit, reverse. */
export function runPlan(docs: Document[], plan: SearchPlan): Document[] {
  assertFerretDbCompatible(plan.filter);
  const found = docs.filter((doc) => matches(doc, plan.filter));
  found.sort((a, b) => {
    for (const [column, direction] of plan.mongoSort) {
      const order = compareValues(a[column], b[column]);
      if (order !== 0) return order * direction;
    }
    return 0;
  });
  const page = found.slice(plan.skip, plan.skip + plan.limit);
  return plan.reverseItems ? page.reverse() : page;
}
