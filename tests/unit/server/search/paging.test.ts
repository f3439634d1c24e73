import { describe, expect, it } from 'vitest';
import { encodeCursor, parseSearchRequest } from '../../../../server/src/search';
import { expectSearchError, pointersOf, userTaskSpec } from './searchFixtures';

function pageOf(page: unknown, sort?: unknown) {
  return parseSearchRequest({ page, sort }, userTaskSpec);
}

const defaultSort = [{ field: 'userTaskKey', column: 'key', kind: 'key', direction: 1 }] as const;
const cursorOf101 = encodeCursor([...defaultSort], { key: '101' });

describe('parsePage', () => {
  it('defaults to the first 100 items, capped at the spec maximum', () => {
    // given / when
    const plan = pageOf(undefined);
    const defaults = parseSearchRequest({}, { ...userTaskSpec, maxLimit: undefined });

    // then
    expect(plan).toMatchObject({
      skip: 0,
      limit: 50,
      mode: 'offset',
      reverseItems: false,
      cursor: null,
    });
    expect(defaults.limit).toBe(100);
  });

  it('takes from and limit', () => {
    // given / when
    const plan = pageOf({ from: 20, limit: 10 });

    // then
    expect(plan).toMatchObject({ skip: 20, limit: 10, mode: 'offset' });
  });

  it('rejects limits outside 1..maxLimit and negative or fractional from', () => {
    // given / when / then
    expect(pointersOf(() => pageOf({ limit: 0 }))).toEqual(['/page/limit']);
    expect(pointersOf(() => pageOf({ limit: 51 }))).toEqual(['/page/limit']);
    expect(pointersOf(() => pageOf({ limit: '10' }))).toEqual(['/page/limit']);
    expect(pointersOf(() => pageOf({ from: -1 }))).toEqual(['/page/from']);
    expect(pointersOf(() => pageOf({ from: 1.5, limit: 2.5 }))).toEqual([
      '/page/limit',
      '/page/from',
    ]);
    expect(pageOf({ limit: 50 }).limit).toBe(50);
    expect(pageOf({ limit: 1 }).limit).toBe(1);
  });

  it('rejects mixing from with a cursor, and after with before', () => {
    // given / when / then
    expect(pointersOf(() => pageOf({ from: 0, after: cursorOf101 }))).toEqual(['/page/from']);
    expect(pointersOf(() => pageOf({ after: cursorOf101, before: cursorOf101 }))).toEqual([
      '/page/before',
    ]);
  });

  it('decodes an after cursor into a keyset condition', () => {
    // given / when
    const plan = pageOf({ after: cursorOf101, limit: 5 });

    // then
    expect(plan).toMatchObject({ mode: 'after', skip: 0, limit: 5, reverseItems: false });
    expect(plan.cursor).toEqual({ mode: 'after', values: ['101'] });
    expect(plan.filter).toEqual({ key: { $gt: '101' } });
    expect(plan.countFilter).toEqual({});
  });

  it('reverses the query order for a before cursor', () => {
    // given / when
    const plan = pageOf({ before: cursorOf101 });

    // then
    expect(plan).toMatchObject({ mode: 'before', reverseItems: true });
    expect(plan.filter).toEqual({ key: { $lt: '101' } });
    expect(plan.mongoSort).toEqual([['key', -1]]);
    expect(plan.sort[0]?.direction).toBe(1);
  });

  it('rejects cursors that are not ours', () => {
    // given
    const notJson = Buffer.from('hello').toString('base64url');
    const wrongShape = Buffer.from('{"f":"x","v":[]}').toString('base64url');
    const badValue = Buffer.from('{"f":["userTaskKey"],"v":[{"$gt":""}]}').toString('base64url');
    const nullKey = Buffer.from('{"f":["userTaskKey"],"v":[null]}').toString('base64url');

    // when / then
    for (const after of [
      notJson,
      wrongShape,
      badValue,
      nullKey,
      'not a cursor!',
      42,
      'a'.repeat(5000),
    ]) {
      expect(pointersOf(() => pageOf({ after }))).toEqual(['/page/after']);
    }
  });

  it('rejects a cursor from a search with a different sort', () => {
    // given
    const cursor = encodeCursor([...defaultSort], { key: '101' });

    // when
    const error = expectSearchError(() => pageOf({ before: cursor }, [{ field: 'name' }]));

    // then
    expect(error.errors).toEqual([
      {
        pointer: '/page/before',
        message: 'page.before was returned by a search with a different sort.',
      },
    ]);
  });
});
