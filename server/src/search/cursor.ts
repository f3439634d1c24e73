import type { Document } from 'mongodb';
import type { ResolvedSearchSpec } from './SearchSpec';
import { fieldOf, readColumn } from './SearchSpec';
import { SearchIssues } from './SearchQueryError';
import type { SortKey } from './buildSort';
import { parseScalar, type ScalarValue } from './parseScalar';
import { isPlainObject } from './scanBody';

/** A sort value as a cursor carries it; null stands for a missing or null stored value. */
export type CursorValue = ScalarValue | null;

/**
 * The opaque cursor of a stored item: base64url of `{ f: sortFields, v: sortValues }`, the
 * values of every sort key (tie breaker last) read from the item's stored columns.
 *
 * @example
 * encodeCursor([{ field: 'userTaskKey', column: 'key', kind: 'key', direction: 1 }], { key: '7' });
 * // 'eyJmIjpbInVzZXJUYXNrS2V5Il0sInYiOlsiNyJdfQ'
 */
export function encodeCursor(sort: readonly SortKey[], item: Document): string {
  const payload = {
    f: sort.map((key) => key.field),
    v: sort.map((key) => cursorValueOf(readColumn(item, key.column))),
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function cursorValueOf(value: unknown): CursorValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return String(value);
}

/**
 * Reads a client's cursor back into sort values, checking that it belongs to the same sort and
 * that every value has its field's kind (a cursor is client input like any other). Reports one
 * problem at `pointer` and returns undefined when it does not.
 */
export function decodeCursor(
  raw: string,
  sort: readonly SortKey[],
  spec: ResolvedSearchSpec,
  pointer: string,
  issues: SearchIssues,
): CursorValue[] | undefined {
  const name = pointer.slice(pointer.lastIndexOf('/') + 1);
  const fail = (why: string): undefined => {
    issues.report(pointer, `page.${name} ${why}.`);
    return undefined;
  };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return fail('is not a cursor returned by an earlier search');
  }
  const fields = isPlainObject(payload) && Object.hasOwn(payload, 'f') ? payload.f : undefined;
  const values = isPlainObject(payload) && Object.hasOwn(payload, 'v') ? payload.v : undefined;
  if (!Array.isArray(fields) || !Array.isArray(values) || fields.length !== values.length) {
    return fail('is not a cursor returned by an earlier search');
  }
  const sameSort =
    fields.length === sort.length && sort.every((key, index) => fields[index] === key.field);
  if (!sameSort) return fail('was returned by a search with a different sort');
  const parsed: CursorValue[] = [];
  const scratch = new SearchIssues();
  sort.forEach((key, index) => {
    const value: unknown = values[index];
    const isTieBreaker = index === sort.length - 1;
    if (value === null && !isTieBreaker) {
      parsed.push(null);
      return;
    }
    const context = { pointer, label: 'Cursor', issues: scratch };
    const scalar = parseScalar(fieldOf(spec, key.field)!, value, context);
    if (scalar !== undefined) parsed.push(scalar);
  });
  return scratch.count > 0 ? fail('holds values that do not fit its sort fields') : parsed;
}
