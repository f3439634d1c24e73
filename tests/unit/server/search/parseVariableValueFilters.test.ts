import { describe, expect, it } from 'vitest';
import {
  parseSearchRequest,
  parseVariableValueFilters,
  SearchIssues,
} from '../../../../server/src/search';
import { assertFerretDbCompatible, matches } from './evaluateFilter';
import { expectSearchError, pointersOf, userTaskSpec } from './searchFixtures';

describe('parseVariableValueFilters', () => {
  it('turns name and JSON-text value pairs into lookups on the value column', () => {
    // given
    const raw = [
      { name: 'region', value: '"EU"' },
      { name: 'amount', value: { $in: ['100', '200'] } },
    ];

    // when
    const filters = parseVariableValueFilters(raw, '/filter/processInstanceVariables');

    // then
    expect(filters).toEqual([
      { name: 'region', valueFilter: { value: { $eq: '"EU"' } } },
      { name: 'amount', valueFilter: { value: { $in: ['100', '200'] } } },
    ]);
  });

  it('matches JSON text with $like, metacharacters literal', () => {
    // given
    const [filter] = parseVariableValueFilters([{ name: 'note', value: { $like: '"1.5*' } }], '/v');

    // when / then
    assertFerretDbCompatible(filter?.valueFilter);
    expect(matches({ value: '"1.5 kg"' }, filter!.valueFilter)).toBe(true);
    expect(matches({ value: '"175 kg"' }, filter!.valueFilter)).toBe(false);
  });

  it('stores variable filters in a custom value column', () => {
    // given / when
    const filters = parseVariableValueFilters([{ name: 'x', value: '1' }], '/v', undefined, {
      valueColumn: 'json',
    });

    // then
    expect(filters).toEqual([{ name: 'x', valueFilter: { json: { $eq: '1' } } }]);
  });

  it('reports every malformed entry with its pointer', () => {
    // given
    const raw = [
      { value: '"a"' },
      { name: 'ok', value: { $gt: '1' } },
      { name: 3, value: '"a"' },
      { name: 'n' },
      'x',
      { name: 'nul', value: 'a\u0000' },
    ];

    // when / then
    expect(pointersOf(() => parseVariableValueFilters(raw, '/filter/variables'))).toEqual([
      '/filter/variables/0/name',
      '/filter/variables/1/value/$gt',
      '/filter/variables/2/name',
      '/filter/variables/3/value',
      '/filter/variables/4',
      '/filter/variables/5/value',
    ]);
  });

  it('rejects a non-array, too many entries and prototype keys', () => {
    // given
    const tooMany = Array.from({ length: 51 }, () => ({ name: 'a', value: '1' }));
    const withProto = JSON.parse('[{"name":"a","value":{"__proto__":{"$eq":"1"}}}]') as unknown;

    // when / then
    expect(pointersOf(() => parseVariableValueFilters({ name: 'a' }, '/v'))).toEqual(['/v']);
    expect(pointersOf(() => parseVariableValueFilters(tooMany, '/v'))).toEqual(['/v']);
    expect(pointersOf(() => parseVariableValueFilters(withProto, '/v'))).toEqual([
      '/v/0/value/__proto__',
    ]);
  });

  it('reports into a request-wide collector from an extraFilter instead of throwing', () => {
    // given
    let lookups: unknown[] = [];
    const extraFilter = (
      field: string,
      value: unknown,
      context: { pointer: string; issues: SearchIssues },
    ) => {
      if (field === 'processInstanceVariables') {
        lookups = parseVariableValueFilters(value, context.pointer, context.issues);
      }
      return undefined;
    };
    const body = { filter: { processInstanceVariables: [{ name: 'a' }], state: 'nope' } };

    // when
    const error = expectSearchError(() => parseSearchRequest(body, userTaskSpec, { extraFilter }));

    // then
    expect(error.errors.map((issue) => issue.pointer)).toEqual([
      '/filter/processInstanceVariables/0/value',
      '/filter/state',
    ]);
    expect(lookups).toEqual([]);
  });
});
