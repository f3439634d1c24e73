/**
 * What `POST /api/clients/search` may filter and sort on: the built-in fields and the
 * defined custom fields as `custom.<name>` (a dotted query path into the nested `custom`
 * document; FerretDB 1.24 runs those on both backends, as the integration tests check).
 */
import type { Document, Filter } from 'mongodb';
import { BUILT_IN_CLIENT_FIELDS, type CustomFieldDefinition } from '../../../schemas/crm';
import {
  andFilters,
  escapeRegex,
  pointerTo,
  SEARCH_LIMITS,
  type ExtraFilter,
  type ExtraFilterContext,
  type FieldSpec,
  type SearchSpec,
} from '../search';

const string = { kind: 'string' } as const;
const date = { kind: 'date' } as const;
const boolean = { kind: 'boolean' } as const;

const KIND_BY_TYPE: Record<CustomFieldDefinition['type'], FieldSpec | null> = {
  text: string,
  email: string,
  phone: string,
  enum: string,
  date,
  boolean,
  // The shared grammar knows integers only; decimal numbers are filtered by numberFilter.
  number: null,
};

/**
 * The search spec over built-in and custom fields; number fields are filtered (not sorted)
 * through {@link clientExtraFilter}.
 *
 * @example
 * clientSearchSpec([{ name: 'tier', label: 'Tier', type: 'text', required: false }]).fields['custom.tier'];
 * // { kind: 'string' }
 */
export function clientSearchSpec(customFields: readonly CustomFieldDefinition[]): SearchSpec {
  const fields: Record<string, FieldSpec> = { id: { kind: 'key', column: '_id' } };
  for (const name of BUILT_IN_CLIENT_FIELDS) fields[name] = string;
  Object.assign(fields, {
    archived: boolean,
    createdAt: date,
    createdBy: string,
    updatedAt: date,
    updatedBy: string,
  });
  const sortable = [...BUILT_IN_CLIENT_FIELDS, 'createdAt', 'updatedAt', 'id'];
  for (const field of customFields) {
    const spec = KIND_BY_TYPE[field.type];
    if (!spec) continue;
    fields[`custom.${field.name}`] = spec;
    sortable.push(`custom.${field.name}`);
  }
  return { fields, sortable, tieBreaker: 'id', allowOr: true, maxLimit: 1000, defaultLimit: 100 };
}

const NUMBER_OPERATORS = {
  $eq: '$eq',
  $neq: '$ne',
  $gt: '$gt',
  $gte: '$gte',
  $lt: '$lt',
  $lte: '$lte',
} as const;

/**
 * Filters on custom number fields (`{ 'custom.score': { $gte: 2.5 } }`), and a 400 for any
 * other field the spec does not know: a misspelt filter must not match everything.
 */
export function clientExtraFilter(customFields: readonly CustomFieldDefinition[]): ExtraFilter {
  const numbers = new Set(customFields.filter((f) => f.type === 'number').map((f) => f.name));
  return (field, value, context) => {
    const name = field.startsWith('custom.') ? field.slice('custom.'.length) : undefined;
    if (name !== undefined && numbers.has(name)) return numberFilter(field, value, context);
    context.issues.report(
      context.pointer,
      `Unknown filter field '${field.slice(0, 80)}': use a built-in field or 'custom.<name>' of a field under /api/fields.`,
    );
    return undefined;
  };
}

function numberFilter(
  column: string,
  raw: unknown,
  context: ExtraFilterContext,
): Filter<Document> | undefined {
  const label = `Filter '${column}'`;
  const isNumber = (value: unknown): value is number =>
    typeof value === 'number' && Number.isFinite(value);
  if (isNumber(raw)) return { [column]: { $eq: raw } };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    context.issues.report(context.pointer, `${label}: expected a number or an operator object.`);
    return undefined;
  }
  const clauses: Filter<Document>[] = [];
  for (const [operator, operand] of Object.entries(raw as Record<string, unknown>)) {
    const at = pointerTo(context.pointer, operator);
    if (operand === null || operand === undefined) continue;
    if (operator === '$exists') {
      if (typeof operand !== 'boolean')
        context.issues.report(at, `${label}: $exists takes a boolean.`);
      else clauses.push({ [column]: operand ? { $ne: null } : { $eq: null } });
    } else if (operator === '$in') {
      const valid =
        Array.isArray(operand) &&
        operand.length <= SEARCH_LIMITS.maxInValues &&
        operand.every(isNumber);
      if (!valid)
        context.issues.report(
          at,
          `${label}: $in takes an array of at most ${SEARCH_LIMITS.maxInValues} numbers.`,
        );
      else clauses.push({ [column]: { $in: operand } });
    } else if (Object.hasOwn(NUMBER_OPERATORS, operator)) {
      if (!isNumber(operand)) context.issues.report(at, `${label}: ${operator} takes a number.`);
      else {
        const mongo = NUMBER_OPERATORS[operator as keyof typeof NUMBER_OPERATORS];
        clauses.push({ [column]: { [mongo]: operand } });
      }
    } else {
      context.issues.report(
        at,
        `${label}: operator '${operator}' is not supported here; use one of $eq, $neq, $exists, $gt, $gte, $lt, $lte, $in.`,
      );
    }
  }
  return andFilters(...clauses);
}

/**
 * The free-text `q`: a case-insensitive prefix of the name or the email, as an anchored,
 * escaped regex (FerretDB has no text indexes, D3).
 *
 * @example
 * prefixFilter('Acme (');
 * // { $or: [{ name: { $regex: '^Acme \\(', $options: 'i' } }, { email: { … } }] }
 */
export function prefixFilter(q: string): Filter<Document> {
  const regex = { $regex: `^${escapeRegex(q)}`, $options: 'i' };
  return { $or: [{ name: regex }, { email: regex }] };
}
