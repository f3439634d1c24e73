import { describe, expect, it } from 'vitest';
import { parseKeyParam } from '../../../../server/src/search';
import { expectSearchError } from './searchFixtures';

describe('parseKeyParam', () => {
  it('returns a valid key unchanged', () => {
    // given / when / then
    expect(parseKeyParam('2251799813685249', 'userTaskKey')).toBe('2251799813685249');
    expect(parseKeyParam('-1', 'userTaskKey')).toBe('-1');
  });

  it.each(['', 'abc', '12a', '1'.repeat(26), '+1', ' 1', '1\u0000'])(
    'rejects %j with a pointer naming the parameter',
    (raw) => {
      // given / when
      const error = expectSearchError(() => parseKeyParam(raw, 'userTaskKey'));

      // then
      expect(error.errors).toHaveLength(1);
      expect(error.errors[0]?.pointer).toBe('/userTaskKey');
      expect(error.detail).toContain('userTaskKey');
    },
  );

  it('rejects values that are not strings', () => {
    // given / when / then
    expect(expectSearchError(() => parseKeyParam(undefined, 'jobKey')).detail).toBe(
      'The jobKey is not a valid key: expected a string of up to 25 digits.',
    );
  });
});
