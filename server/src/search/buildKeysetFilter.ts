import type { Document, Filter } from 'mongodb';
import type { SortKey } from './buildSort';
import type { CursorValue } from './cursor';

/**
 * The keyset condition "strictly after the boundary item in this order" for a cursor's sort
 * values: for keys k1..kn, the lexicographic
 * `(k1 beyond v1) OR (k1 = v1 AND k2 beyond v2) OR ...`, where "beyond" is `$gt` for an
 * ascending key and `$lt` for a descending one. `before` is "after" in the reversed order.
 *
 * Nulls sort first in MongoDB (a missing field counts as null), so beyond null ascending is
 * `$ne: null`, and beyond a value descending also takes the nulls (except for the last key,
 * the tie breaker, which is never null).
 *
 * @example
 * buildKeysetFilter([{ field: 'priority', column: 'priority', kind: 'int', direction: -1 },
 *   { field: 'userTaskKey', column: 'key', kind: 'key', direction: 1 }], [50, '7'], 'after');
 * // { $or: [ { $or: [{ priority: { $lt: 50 } }, { priority: { $eq: null } }] },
 * //          { $and: [{ priority: { $eq: 50 } }, { key: { $gt: '7' } }] } ] }
 */
export function buildKeysetFilter(
  sort: readonly SortKey[],
  values: readonly CursorValue[],
  mode: 'after' | 'before',
): Filter<Document> {
  const branches: Filter<Document>[] = [];
  sort.forEach((key, index) => {
    const value = values[index] ?? null;
    const direction = mode === 'after' ? key.direction : -key.direction;
    // The last key is the tie breaker, which is never null.
    const beyond = beyondCondition(key.column, value, direction, index < sort.length - 1);
    if (!beyond) return;
    const equalities = sort.slice(0, index).map((previous, previousIndex) => ({
      [previous.column]: { $eq: values[previousIndex] ?? null },
    }));
    branches.push(equalities.length === 0 ? beyond : { $and: [...equalities, beyond] });
  });
  // Only when every value is null, which a tie breaker never is: nothing comes after.
  if (branches.length === 0) return { _id: { $exists: false } };
  return branches.length === 1 ? branches[0]! : { $or: branches };
}

function beyondCondition(
  column: string,
  value: CursorValue,
  direction: number,
  nullable: boolean,
): Filter<Document> | undefined {
  if (direction === 1) {
    return value === null ? { [column]: { $ne: null } } : { [column]: { $gt: value } };
  }
  // Nothing sorts below null.
  if (value === null) return undefined;
  const below = { [column]: { $lt: value } };
  return nullable ? { $or: [below, { [column]: { $eq: null } }] } : below;
}
