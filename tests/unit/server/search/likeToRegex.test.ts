import { describe, expect, it } from 'vitest';
import { likeToRegex } from '../../../../server/src/search';

function likeMatches(pattern: string, text: string): boolean {
  return new RegExp(likeToRegex(pattern).source).test(text);
}

describe('likeToRegex', () => {
  it('anchors the pattern at both ends', () => {
    // given
    const pattern = 'abc';

    // when
    const { source } = likeToRegex(pattern);

    // then
    expect(source).toBe('^abc$');
    expect(likeMatches(pattern, 'xabc')).toBe(false);
    expect(likeMatches(pattern, 'abcx')).toBe(false);
  });

  it('lets * match any run of characters, including none and newlines', () => {
    // given
    const pattern = 'Review*';

    // when / then
    expect(likeMatches(pattern, 'Review')).toBe(true);
    expect(likeMatches(pattern, 'Review contract\nfor ACME')).toBe(true);
    expect(likeMatches(pattern, 'A Review')).toBe(false);
  });

  it('lets ? match exactly one character', () => {
    // given
    const pattern = 'task-?';

    // when / then
    expect(likeMatches(pattern, 'task-1')).toBe(true);
    expect(likeMatches(pattern, 'task-')).toBe(false);
    expect(likeMatches(pattern, 'task-12')).toBe(false);
  });

  it('treats escaped wildcards and backslashes as literals', () => {
    // given
    const star = '50\\*';
    const question = 'why\\?';
    const backslash = 'a\\\\b';

    // when / then
    expect(likeMatches(star, '50*')).toBe(true);
    expect(likeMatches(star, '500')).toBe(false);
    expect(likeMatches(question, 'why?')).toBe(true);
    expect(likeMatches(question, 'whyX')).toBe(false);
    expect(likeMatches(backslash, 'a\\b')).toBe(true);
  });

  it('keeps a trailing backslash literal', () => {
    // given / when / then
    expect(likeMatches('path\\', 'path\\')).toBe(true);
  });

  it('treats regex metacharacters in the input as literal text', () => {
    // given
    const pattern = 'a.b(c)[d]{2}|e+^$';

    // when / then
    expect(likeMatches(pattern, 'a.b(c)[d]{2}|e+^$')).toBe(true);
    expect(likeMatches(pattern, 'aXb(c)[d]{2}|e+^$')).toBe(false);
    expect(likeMatches('1.5*', '1x5')).toBe(false);
    expect(likeToRegex('(a)').source).toBe('^\\(a\\)$');
  });

  it('collapses runs of * into one wildcard and counts them', () => {
    // given / when
    const result = likeToRegex('a**b*c');

    // then
    expect(result.source).toBe('^a[\\s\\S]*b[\\s\\S]*c$');
    expect(result.anyRuns).toBe(2);
  });
});
