import { describe, expect, it } from 'vitest';
import { parseSearchRequest } from '../../../../server/src/search';
import { filterOf, pointersOf, processInstanceSpec, userTaskSpec } from './searchFixtures';

describe('buildMongoFilter: $or and unknown fields', () => {
  it('parses each $or branch with the same rules', () => {
    // given
    const filter = {
      hasIncident: true,
      $or: [{ state: 'active' }, { processDefinitionId: { $like: 'order-*' }, state: 'completed' }],
    };

    // when / then
    expect(filterOf(filter, processInstanceSpec)).toEqual({
      $and: [
        { hasIncident: { $eq: true } },
        {
          $or: [
            { state: { $eq: 'ACTIVE' } },
            {
              $and: [
                { processDefinitionId: { $regex: '^order-[\\s\\S]*$' } },
                { state: { $eq: 'COMPLETED' } },
              ],
            },
          ],
        },
      ],
    });
  });

  it('reports problems inside $or branches with their pointers', () => {
    // given
    const filter = { $or: [{ state: 'nope' }, { $or: [] }, 'x'] };

    // when / then
    expect(pointersOf(() => filterOf(filter, processInstanceSpec))).toEqual([
      '/filter/$or/0/state',
      '/filter/$or/1/$or',
      '/filter/$or/2',
    ]);
  });

  it('rejects $or where the resource does not take it, and too many branches', () => {
    // given / when / then
    expect(pointersOf(() => filterOf({ $or: [{ state: 'created' }] }))).toEqual(['/filter/$or']);
    const branches = Array.from({ length: 51 }, () => ({ state: 'active' }));
    expect(pointersOf(() => filterOf({ $or: branches }, processInstanceSpec))).toEqual([
      '/filter/$or',
    ]);
  });

  it('ignores unknown fields', () => {
    // given / when / then
    expect(filterOf({ unknownField: { $gt: '' }, 'a.b': 1, assignee: 'anna' })).toEqual({
      assignee: { $eq: 'anna' },
    });
  });

  it('hands undeclared fields to extraFilter', () => {
    // given
    const seen: string[] = [];
    const extraFilter = (field: string, value: unknown) => {
      seen.push(field);
      return field === 'tags' ? { tags: { $in: value as string[] } } : undefined;
    };

    // when
    const plan = parseSearchRequest({ filter: { tags: ['vip'], other: 1 } }, userTaskSpec, {
      extraFilter,
    });

    // then
    expect(seen).toEqual(['tags', 'other']);
    expect(plan.filter).toEqual({ tags: { $in: ['vip'] } });
  });

  it('ANDs a server-side base filter into both the filter and the count filter', () => {
    // given / when
    const plan = parseSearchRequest({ filter: { state: 'created' } }, userTaskSpec, {
      baseFilter: { processInstanceKey: '7' },
    });

    // then
    expect(plan.countFilter).toEqual({
      $and: [{ processInstanceKey: '7' }, { state: { $eq: 'CREATED' } }],
    });
    expect(plan.filter).toEqual(plan.countFilter);
  });
});
