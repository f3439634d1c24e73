import { describe, expect, it } from 'vitest';
import { parseSearchRequest } from '../../../../server/src/search';
import { expectSearchError, pointersOf, processInstanceSpec, userTaskSpec } from './searchFixtures';

function sortOf(sort: unknown) {
  return parseSearchRequest({ sort }, userTaskSpec);
}

describe('buildSort', () => {
  it('sorts by the tie breaker alone when no sort is given', () => {
    // given / when
    const plan = sortOf(undefined);

    // then
    expect(plan.sort).toEqual([{ field: 'userTaskKey', column: 'key', kind: 'key', direction: 1 }]);
    expect(plan.mongoSort).toEqual([['key', 1]]);
  });

  it('accepts orders in any casing, defaults to ASC and appends the tie breaker', () => {
    // given
    const sort = [
      { field: 'priority', order: 'desc' },
      { field: 'name' },
      { field: 'dueDate', order: 'Asc' },
    ];

    // when
    const plan = sortOf(sort);

    // then
    expect(plan.mongoSort).toEqual([
      ['priority', -1],
      ['name', 1],
      ['dueDate', 1],
      ['key', 1],
    ]);
    expect(plan.sort.map((key) => key.field)).toEqual([
      'priority',
      'name',
      'dueDate',
      'userTaskKey',
    ]);
  });

  it('keeps the first entry of a repeated field', () => {
    // given / when
    const plan = sortOf([
      { field: 'name', order: 'DESC' },
      { field: 'name', order: 'ASC' },
    ]);

    // then
    expect(plan.mongoSort).toEqual([
      ['name', -1],
      ['key', 1],
    ]);
  });

  it('drops keys after an explicit tie breaker, which already makes the order total', () => {
    // given / when
    const plan = parseSearchRequest(
      { sort: [{ field: 'processInstanceKey', order: 'DESC' }, { field: 'startDate' }] },
      processInstanceSpec,
    );

    // then
    expect(plan.mongoSort).toEqual([['processInstanceKey', -1]]);
  });

  it('rejects an unknown sort field naming /sort/i/field', () => {
    // given / when
    const error = expectSearchError(() => sortOf([{ field: 'name' }, { field: 'assignee' }]));

    // then
    expect(error.errors).toEqual([
      {
        pointer: '/sort/1/field',
        message:
          'Unknown sortBy: assignee. Sortable fields: creationDate, dueDate, priority, name.',
      },
    ]);
  });

  it('rejects an unknown sort order with the Camunda message', () => {
    // given / when
    const error = expectSearchError(() => sortOf([{ field: 'name', order: 'dsc' }]));

    // then
    expect(error.errors).toEqual([
      { pointer: '/sort/0/order', message: 'Unknown sortOrder: dsc.' },
    ]);
    expect(error.detail).toBe('Unknown sortOrder: dsc.');
  });

  it('rejects malformed sort entries', () => {
    // given / when / then
    expect(pointersOf(() => sortOf({ field: 'name' }))).toEqual(['/sort']);
    expect(
      pointersOf(() => sortOf(['name', {}, { field: { $gt: '' } }, { field: 'name', order: 1 }])),
    ).toEqual(['/sort/0', '/sort/1/field', '/sort/2/field', '/sort/3/order']);
    expect(pointersOf(() => sortOf(Array.from({ length: 11 }, () => ({ field: 'name' }))))).toEqual(
      ['/sort'],
    );
  });
});
