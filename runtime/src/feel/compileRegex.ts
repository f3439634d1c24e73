import { RE2JS } from 're2js';

/** Longest pattern accepted by `matches`, `replace` and `split` (D7: everything is bounded). */
export const MAX_PATTERN_LENGTH = 10_000;

const CACHE_SIZE = 256;
const cache = new Map<string, RE2JS>();

/** A pattern or flags that cannot be compiled; carries a message fit for an incident. */
export class RegexError extends Error {
  override name = 'RegexError';
}

/**
 * Compiles a FEEL (XPath-style) regular expression on re2js, which matches in linear time, so
 * no pattern can stall the thread that evaluates it (D6). Patterns use RE2 syntax: no
 * backreferences and no lookaround.
 *
 * Flags are those of XPath's `fn:matches`: `i` (case-insensitive), `s` (dot matches newline),
 * `m` (multi-line anchors) and `q` (the pattern is a literal string). `x` is not supported.
 *
 * @throws {RegexError} when the pattern or the flags are invalid
 *
 * @example
 * compileRegex('^ab+', 'i').test('ABBA'); // true
 */
export function compileRegex(pattern: string, flags = ''): RE2JS {
  const key = `${flags}/${pattern}`;
  const cached = cache.get(key);
  if (cached) {
    return cached;
  }
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new RegexError(
      `the pattern is longer than ${MAX_PATTERN_LENGTH} characters (${pattern.length})`,
    );
  }
  let re2Flags = 0;
  let literal = false;
  for (const flag of flags) {
    if (flag === 'i') re2Flags |= RE2JS.CASE_INSENSITIVE;
    else if (flag === 's') re2Flags |= RE2JS.DOTALL;
    else if (flag === 'm') re2Flags |= RE2JS.MULTILINE;
    else if (flag === 'q') literal = true;
    else throw new RegexError(`unsupported regular expression flag '${flag}' (use i, s, m or q)`);
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(literal ? RE2JS.quote(pattern) : pattern, re2Flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RegexError(`invalid pattern '${pattern}': ${reason}`);
  }
  if (cache.size >= CACHE_SIZE) {
    // Map keeps insertion order: drop the oldest entry.
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, compiled);
  return compiled;
}
