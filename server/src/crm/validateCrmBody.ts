/**
 * Validation of CRM writes (D7): the structural scan of `validateBody` (NUL characters,
 * non-finite or unsafe numbers, depth, prototype keys), then ajv against a schema from
 * `schemas/crm`. Each problem names its field by JSON pointer, an unknown field included
 * (`/custom/tier: is not a custom field of clients`); nothing is stored on failure.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DATE_FORMAT, SERVER_CLIENT_FIELDS } from '../../../schemas/crm';
import { ProblemError, type ProblemItem } from '../http/ProblemError';
import { scanValue } from '../http/validateBody';
import { normaliseDateTime } from '../search';

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A UTC instant (`YYYY-MM-DDTHH:mm:ss.sssZ`) for an ISO date (taken as midnight UTC) or
 * an RFC 3339 date-time, or undefined when it is neither (February 30 included).
 *
 * @example
 * toInstant('2025-03-01'); // '2025-03-01T00:00:00.000Z'
 * toInstant('2025-03-01T12:00:00+02:00'); // '2025-03-01T10:00:00.000Z'
 */
export function toInstant(value: string): string | undefined {
  return FULL_DATE.test(value) ? normaliseDateTime(`${value}T00:00:00Z`) : normaliseDateTime(value);
}

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, verbose: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
ajv.addFormat(DATE_FORMAT, { type: 'string', validate: (value: string) => !!toInstant(value) });

const compiled = new WeakMap<object, ValidateFunction>();
const serverFields: readonly string[] = SERVER_CLIENT_FIELDS;

/**
 * Validates a body against a schema and returns it typed, or throws a 400 problem whose
 * `errors` list every bad field. Compiled validators are kept per schema object, so pass
 * the same object again (the client model cache does).
 *
 * @example
 * const purchase = validateCrmBody<NewPurchase>(purchaseSchema, req.body);
 */
export function validateCrmBody<T>(schema: object, body: unknown, what = 'request body'): T {
  const value = body === undefined ? null : body;
  const problems: ProblemItem[] = [];
  scanValue(value, '', problems);
  if (problems.length === 0) {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    if (!validate(value)) problems.push(...describeErrors(validate.errors ?? []));
  }
  if (problems.length) throw invalid(what, problems);
  return value as T;
}

/** A 400 problem listing each field's problem. */
export function invalid(what: string, problems: ProblemItem[]): ProblemError {
  const detail = problems.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; ');
  return ProblemError.badRequest(`Invalid ${what}. ${detail}`, problems);
}

/** ajv errors as `{ pointer, message }`, one per field and message. */
function describeErrors(errors: ErrorObject[]): ProblemItem[] {
  const seen = new Set<string>();
  const out: ProblemItem[] = [];
  for (const error of errors) {
    const item = describeError(error);
    const id = `${item.pointer}\u0000${item.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(item);
  }
  return out;
}

function describeError(error: ErrorObject): ProblemItem {
  const at = error.instancePath;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { pointer: `${at}/${escape(missing)}`, message: 'is required' };
    }
    case 'additionalProperties': {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      const pointer = `${at}/${escape(name)}`;
      if (at === '' && serverFields.includes(name))
        return { pointer, message: 'is set by the server' };
      if (at === '/custom')
        return { pointer, message: 'is not a custom field of clients (see /api/fields)' };
      return { pointer, message: 'is not a known field' };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const shown = allowed.filter((value) => value !== null).map((value) => String(value));
      return { pointer: at, message: `must be one of: ${shown.join(', ')}` };
    }
    case 'pattern':
    case 'format':
      if (typeof parent['x-message'] === 'string')
        return { pointer: at, message: parent['x-message'] };
      break;
  }
  return { pointer: at, message: error.message ?? 'is invalid' };
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
