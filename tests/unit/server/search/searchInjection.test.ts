import { describe, expect, it } from 'vitest';
import { parseSearchRequest } from '../../../../server/src/search';
import { expectSearchError, pointersOf, processInstanceSpec, userTaskSpec } from './searchFixtures';

function search(body: unknown, spec = userTaskSpec) {
  return parseSearchRequest(body, spec);
}

describe('parseSearchRequest: injection attempts', () => {
  it('rejects an operator object where the field does not take that operator', () => {
    // given
    const body = { filter: { assignee: { $gt: '' } } };

    // when
    const error = expectSearchError(() => search(body));

    // then
    expect(error.errors).toEqual([
      {
        pointer: '/filter/assignee/$gt',
        message:
          "Filter 'assignee': operator '$gt' is not supported here; use one of $eq, $neq, $exists, $in, $notIn, $like.",
      },
    ]);
  });

  it('rejects Mongo operators smuggled inside operator values', () => {
    // given
    const body = {
      filter: {
        assignee: { $eq: { $ne: null } },
        name: { $in: [{ $regex: '.*' }] },
        priority: { $gte: { $where: 'sleep(1000)' } },
        state: { $like: ['*'] },
      },
    };

    // when / then
    expect(pointersOf(() => search(body))).toEqual([
      '/filter/assignee/$eq',
      '/filter/name/$in/0',
      '/filter/priority/$gte',
      '/filter/state/$like',
    ]);
  });

  it('rejects $where, $expr and other operators at the filter level, also inside $or', () => {
    // given
    const body = {
      filter: {
        $where: 'this.a == 1',
        $expr: { $eq: ['$a', '$b'] },
        $or: [{ $and: [{ state: 'active' }] }],
      },
    };

    // when / then
    expect(pointersOf(() => search(body, processInstanceSpec))).toEqual([
      '/filter/$where',
      '/filter/$expr',
      '/filter/$or/0/$and',
    ]);
  });

  it('rejects operators that are not Camunda operators, like $regex or $ne', () => {
    // given
    const body = { filter: { name: { $regex: '^a', $options: 'i', $ne: 'x' } } };

    // when / then
    expect(pointersOf(() => search(body))).toEqual([
      '/filter/name/$regex',
      '/filter/name/$options',
      '/filter/name/$ne',
    ]);
  });

  it('rejects an object or an array where a plain value belongs', () => {
    // given
    const body = { filter: { assignee: ['anna'], userTaskKey: { key: '1' }, state: [] } };

    // when / then
    expect(pointersOf(() => search(body))).toEqual([
      '/filter/assignee',
      '/filter/userTaskKey/key',
      '/filter/state',
    ]);
  });

  it('rejects __proto__, constructor and prototype keys anywhere in the body', () => {
    // given
    const body = JSON.parse(
      '{"filter":{"__proto__":{"assignee":"x"},"name":{"constructor":1}},' +
        '"page":{"prototype":1},"extra":[{"__proto__":null}]}',
    ) as unknown;

    // when
    const error = expectSearchError(() => search(body));

    // then
    expect(error.errors.map((issue) => issue.pointer)).toEqual([
      '/filter/__proto__',
      '/filter/name/constructor',
      '/page/prototype',
      '/extra/0/__proto__',
    ]);
    expect(({} as Record<string, unknown>).assignee).toBeUndefined();
  });

  it('rejects NUL characters in strings', () => {
    // given
    const body = {
      filter: {
        assignee: 'an\u0000na',
        name: { $like: 'a\u0000*' },
        state: { $in: ['CREATED\u0000'] },
      },
    };

    // when
    const error = expectSearchError(() => search(body));

    // then
    expect(error.errors.map((issue) => issue.pointer)).toEqual([
      '/filter/assignee',
      '/filter/name/$like',
      '/filter/state/$in/0',
    ]);
    expect(error.errors[0]?.message).toContain('NUL');
  });

  it('rejects huge and non-finite numbers', () => {
    // given
    const body = JSON.parse(
      '{"filter":{"priority":9007199254740993,"processInstanceKey":1e400},"page":{"limit":1e400}}',
    ) as unknown;

    // when / then
    expect(pointersOf(() => search(body))).toEqual([
      '/filter/priority',
      '/filter/processInstanceKey',
      '/page/limit',
    ]);
  });

  it('rejects bodies nested deeper than the limit', () => {
    // given
    let deep: unknown = 'x';
    for (let level = 0; level < 20; level += 1) deep = { a: deep };
    const body = { filter: { unknown: deep } };

    // when
    const error = expectSearchError(() => search(body));

    // then
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]?.message).toContain('nested');
  });

  it('rejects a body that is not an object', () => {
    // given / when / then
    expect(pointersOf(() => search([]))).toEqual(['']);
    expect(pointersOf(() => search({ filter: 'state=ACTIVE' }))).toEqual(['/filter']);
  });

  it('reports every problem in one error with a detail sentence', () => {
    // given
    const body = {
      filter: { state: 'nope' },
      sort: [{ field: 'name', order: 'dsc' }],
      page: { limit: 0 },
    };

    // when
    const error = expectSearchError(() => search(body));

    // then
    expect(error.status).toBe(400);
    expect(error.title).toBe('INVALID_ARGUMENT');
    expect(error.errors.map((issue) => issue.pointer)).toEqual([
      '/filter/state',
      '/sort/0/order',
      '/page/limit',
    ]);
    expect(error.detail).toBe(
      "Filter 'state': 'nope' is not one of CREATED, COMPLETED, CANCELED, FAILED. " +
        'Unknown sortOrder: dsc. page.limit must be an integer from 1 to 50.',
    );
  });

  it('caps the number of listed problems', () => {
    // given
    const body = { filter: { priority: { $in: Array.from({ length: 80 }, () => 'x') } } };

    // when
    const error = expectSearchError(() => search(body));

    // then
    expect(error.errors).toHaveLength(50);
    expect(error.detail).toMatch(/30 more problems are not listed\.$/);
  });
});
