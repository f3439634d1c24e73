// The client search spec turns the /v2 grammar into MongoDB filters on stored columns,
// custom fields as dotted paths into `custom`.
import { describe, expect, it } from 'vitest';
import type { CustomFieldDefinition } from '../../../../schemas/crm';
import { clientModelOf } from '../../../../server/src/crm/clientModel';
import { prefixFilter } from '../../../../server/src/crm/clientSearchSpec';
import { parseSearchRequest, SearchQueryError } from '../../../../server/src/search';

const FIELDS: CustomFieldDefinition[] = [
  { name: 'tier', label: 'Tier', type: 'enum', required: false, options: ['gold'] },
  { name: 'score', label: 'Score', type: 'number', required: false },
  { name: 'renewal', label: 'Renewal', type: 'date', required: false },
];
const model = clientModelOf(FIELDS);
const plan = (body: unknown) =>
  parseSearchRequest(body, model.searchSpec, { extraFilter: model.extraFilter });

function pointersOf(body: unknown): string[] {
  try {
    plan(body);
  } catch (error) {
    if (error instanceof SearchQueryError) return error.errors.map((issue) => issue.pointer);
    throw error;
  }
  return [];
}

describe('client search spec', () => {
  it('filters custom fields by their dotted path', () => {
    expect(plan({ filter: { 'custom.tier': 'gold' } }).filter).toEqual({
      'custom.tier': { $eq: 'gold' },
    });
    expect(
      plan({ filter: { 'custom.renewal': { $lt: '2026-01-01T00:00:00+01:00' } } }).filter,
    ).toEqual({
      'custom.renewal': { $lt: '2025-12-31T23:00:00.000Z' },
    });
  });

  it('filters number fields with decimal operands', () => {
    expect(plan({ filter: { 'custom.score': { $gte: 2.5, $neq: 3 } } }).filter).toEqual({
      $and: [{ 'custom.score': { $gte: 2.5 } }, { 'custom.score': { $ne: 3 } }],
    });
    expect(plan({ filter: { 'custom.score': { $exists: true } } }).filter).toEqual({
      'custom.score': { $ne: null },
    });
  });

  it('maps id to _id and sorts with id as the tie breaker', () => {
    const sorted = plan({ filter: { id: '42' }, sort: [{ field: 'custom.tier', order: 'desc' }] });
    expect(sorted.filter).toEqual({ _id: { $eq: '42' } });
    expect(sorted.mongoSort).toEqual([
      ['custom.tier', -1],
      ['_id', 1],
    ]);
  });

  it('reports unknown fields, bad number operands and unsortable fields', () => {
    expect(pointersOf({ filter: { nickname: 'x' } })).toEqual(['/filter/nickname']);
    expect(pointersOf({ filter: { 'custom.gone': 'x' } })).toEqual(['/filter/custom.gone']);
    expect(pointersOf({ filter: { 'custom.score': { $gt: 'x', $like: '1' } } })).toEqual([
      '/filter/custom.score/$gt',
      '/filter/custom.score/$like',
    ]);
    expect(pointersOf({ filter: { $or: [{ 'custom.score': [1] }] } })).toEqual([
      '/filter/$or/0/custom.score',
    ]);
    expect(pointersOf({ sort: [{ field: 'custom.score' }] })).toEqual(['/sort/0/field']);
  });

  it('compiles one model per set of definitions', () => {
    expect(clientModelOf([...FIELDS])).toBe(model);
    expect(clientModelOf(FIELDS.slice(1))).not.toBe(model);
  });
});

describe('prefixFilter', () => {
  it('is an anchored, escaped, case-insensitive prefix of name or email', () => {
    const regex = { $regex: '^a\\.b\\(\\*', $options: 'i' };
    expect(prefixFilter('a.b(*')).toEqual({ $or: [{ name: regex }, { email: regex }] });
    const source = new RegExp(regex.$regex, regex.$options);
    expect(source.test('A.B(* Ltd')).toBe(true);
    expect(source.test('axb(* Ltd')).toBe(false);
    expect(source.test('the a.b(*')).toBe(false);
  });
});
