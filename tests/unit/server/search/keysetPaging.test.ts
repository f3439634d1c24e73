import type { Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  buildKeysetFilter,
  buildPageResult,
  parseSearchRequest,
  valueOf,
} from '../../../../server/src/search';
import { runPlan } from './evaluateFilter';
import { userTaskSpec } from './searchFixtures';

// Keys have equal length, as Zeebe-style keys do, so string order is numeric order.
const tasks: Document[] = [
  { key: '1001', priority: 50, dueDate: '2024-05-02T00:00:00.000Z', name: 'b', state: 'CREATED' },
  { key: '1002', priority: 10, dueDate: null, name: 'a', state: 'CREATED' },
  { key: '1003', priority: 50, name: 'c', state: 'COMPLETED' },
  { key: '1004', priority: 90, dueDate: '2024-05-01T00:00:00.000Z', name: 'a', state: 'CREATED' },
  { key: '1005', priority: 50, dueDate: '2024-05-02T00:00:00.000Z', name: 'b', state: 'CREATED' },
  { key: '1006', priority: 10, dueDate: '2024-04-30T00:00:00.000Z', name: 'd', state: 'CANCELED' },
  { key: '1007', priority: 90, dueDate: null, name: 'a', state: 'CREATED' },
];

type Body = { filter?: unknown; sort?: unknown; page?: Record<string, unknown> };

function search(body: Body) {
  const plan = parseSearchRequest(body, userTaskSpec);
  const total = runPlan(tasks, { ...plan, filter: plan.countFilter, skip: 0, limit: 1e6 }).length;
  return buildPageResult(runPlan(tasks, plan), plan, total);
}

function keys(items: Document[]): string[] {
  return items.map((item) => item.key as string);
}

/** Pages forward with `after`, then back with `before`; returns both walks. */
function walk(body: Body, limit: number) {
  const forward: string[][] = [];
  let result = search({ ...body, page: { limit } });
  while (result.items.length > 0) {
    forward.push(keys(result.items));
    result = search({ ...body, page: { limit, after: result.page.endCursor } });
  }
  const backward: string[][] = [];
  let cursor = search({ ...body, page: { limit, from: (forward.length - 1) * limit } }).page
    .startCursor;
  for (;;) {
    const page = search({ ...body, page: { limit, before: cursor } });
    if (page.items.length === 0) break;
    backward.unshift(keys(page.items));
    cursor = page.page.startCursor;
  }
  return { forward, backward };
}

const sorts: Array<[string, unknown]> = [
  ['the tie breaker alone', undefined],
  ['one field ascending', [{ field: 'priority' }]],
  ['one field descending', [{ field: 'priority', order: 'DESC' }]],
  ['a nullable field ascending', [{ field: 'dueDate', order: 'ASC' }]],
  ['a nullable field descending', [{ field: 'dueDate', order: 'DESC' }]],
  [
    'mixed directions',
    [
      { field: 'priority', order: 'DESC' },
      { field: 'name', order: 'ASC' },
    ],
  ],
  [
    'three fields with nulls',
    [{ field: 'name' }, { field: 'dueDate', order: 'desc' }, { field: 'priority', order: 'asc' }],
  ],
];

describe('keyset paging', () => {
  it.each(sorts)('walks every item exactly once, forward and back, sorted by %s', (_, sort) => {
    // given
    const everything = keys(search({ sort, page: { limit: 50 } }).items);

    // when
    const { forward, backward } = walk({ sort }, 2);

    // then
    expect(everything).toHaveLength(tasks.length);
    expect(forward.flat()).toEqual(everything);
    expect(forward.slice(0, -1).every((page) => page.length === 2)).toBe(true);
    expect(backward.slice(0, forward.length - 1)).toEqual(forward.slice(0, -1));
  });

  it('orders nulls first ascending and last descending, as MongoDB does', () => {
    // given / when
    const ascending = keys(search({ sort: [{ field: 'dueDate' }] }).items);
    const descending = keys(search({ sort: [{ field: 'dueDate', order: 'DESC' }] }).items);

    // then
    expect(ascending).toEqual(['1002', '1003', '1007', '1006', '1004', '1001', '1005']);
    expect(descending).toEqual(['1001', '1005', '1004', '1006', '1002', '1003', '1007']);
  });

  it('applies the cursor together with the filter and counts without the cursor', () => {
    // given
    const filter = { state: 'created' };
    const first = search({ filter, sort: [{ field: 'priority' }], page: { limit: 2 } });

    // when
    const second = search({
      filter,
      sort: [{ field: 'priority' }],
      page: { limit: 2, after: first.page.endCursor },
    });

    // then
    expect(keys(first.items)).toEqual(['1002', '1001']);
    expect(keys(second.items)).toEqual(['1005', '1004']);
    expect(second.page.totalItems).toBe(5);
  });

  it('builds the lexicographic $or for a multi-field sort, respecting each direction', () => {
    // given
    const sort = parseSearchRequest(
      { sort: [{ field: 'priority', order: 'DESC' }, { field: 'name' }] },
      userTaskSpec,
    ).sort;

    // when
    const after = buildKeysetFilter(sort, [50, 'b', '1001'], 'after');
    const before = buildKeysetFilter(sort, [50, 'b', '1001'], 'before');

    // then
    expect(after).toEqual({
      $or: [
        { $or: [{ priority: { $lt: 50 } }, { priority: { $eq: null } }] },
        { $and: [{ priority: { $eq: 50 } }, { name: { $gt: 'b' } }] },
        { $and: [{ priority: { $eq: 50 } }, { name: { $eq: 'b' } }, { key: { $gt: '1001' } }] },
      ],
    });
    expect(before).toEqual({
      $or: [
        { priority: { $gt: 50 } },
        {
          $and: [
            { priority: { $eq: 50 } },
            { $or: [{ name: { $lt: 'b' } }, { name: { $eq: null } }] },
          ],
        },
        { $and: [{ priority: { $eq: 50 } }, { name: { $eq: 'b' } }, { key: { $lt: '1001' } }] },
      ],
    });
  });

  it('handles a null boundary value: only later nulls, then every value', () => {
    // given
    const sort = parseSearchRequest({ sort: [{ field: 'dueDate' }] }, userTaskSpec).sort;

    // when
    const after = buildKeysetFilter(sort, [null, '1003'], 'after');
    const before = buildKeysetFilter(sort, [null, '1003'], 'before');

    // then
    expect(after).toEqual({
      $or: [
        { dueDate: { $ne: null } },
        { $and: [{ dueDate: { $eq: null } }, { key: { $gt: '1003' } }] },
      ],
    });
    expect(before).toEqual({ $and: [{ dueDate: { $eq: null } }, { key: { $lt: '1003' } }] });
  });
});

describe('buildPageResult', () => {
  it('gives null cursors for an empty page and keeps the count', () => {
    // given
    const plan = parseSearchRequest({}, userTaskSpec);

    // when
    const result = buildPageResult([], plan, 12);

    // then
    expect(result).toEqual({
      items: [],
      page: { totalItems: 12, hasMoreTotalItems: false, startCursor: null, endCursor: null },
    });
  });

  it('encodes the first and last items as opaque base64url cursors', () => {
    // given
    const plan = parseSearchRequest({ sort: [{ field: 'creationDate' }] }, userTaskSpec);
    const items = [
      { key: '1', creationDate: new Date('2024-01-01T00:00:00Z') },
      { key: '2', creationDate: '2024-01-02T00:00:00.000Z' },
    ];

    // when
    const { page } = buildPageResult(items, plan, 2);

    // then
    expect(page.startCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(page.startCursor).not.toBe(page.endCursor);
    const next = parseSearchRequest(
      { sort: [{ field: 'creationDate' }], page: { after: page.startCursor } },
      userTaskSpec,
    );
    expect(next.cursor?.values).toEqual(['2024-01-01T00:00:00.000Z', '1']);
  });

  it('reads an item value by API field through its stored column', () => {
    // given
    const item = { key: '1001', candidateGroups: ['sales'] };

    // when / then
    expect(valueOf(item, 'userTaskKey', userTaskSpec)).toBe('1001');
    expect(valueOf(item, 'candidateGroup', userTaskSpec)).toEqual(['sales']);
    expect(valueOf(item, 'dueDate', userTaskSpec)).toBeUndefined();
    expect(() => valueOf(item, 'constructor', userTaskSpec)).toThrow(/no field/);
  });
});
