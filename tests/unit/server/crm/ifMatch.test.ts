import { describe, expect, it } from 'vitest';
import { etagOf, parseIfMatch } from '../../../../server/src/crm/ifMatch';

describe('parseIfMatch', () => {
  it('reads strong ETags, lists of them and *', () => {
    expect(parseIfMatch(etagOf(3))).toEqual([3]);
    expect(parseIfMatch('"3", "4"')).toEqual([3, 4]);
    expect(parseIfMatch(' * ')).toBe('*');
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('')).toBeUndefined();
  });

  it('refuses weak, bare and malformed tags with 400', () => {
    for (const header of ['W/"3"', '3', '"0"', '"abc"', '"3', '"3",']) {
      expect(() => parseIfMatch(header), header).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});
