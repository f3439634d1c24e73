const REGEX_METACHARACTERS = /[\\^$.*+?()[\]{}|]/g;

/** Escapes every regex metacharacter of a literal string. */
export function escapeRegex(literal: string): string {
  return literal.replace(REGEX_METACHARACTERS, '\\$&');
}

/** A `$like` pattern translated: the regex source and how many `*` runs it has. */
export interface LikeRegex {
  source: string;
  /** Runs of `*`; each is a backtracking point for MongoDB's regex engine, so callers bound them. */
  anyRuns: number;
}

/**
 * Turns a Camunda `$like` pattern into an anchored regular expression source: `*` matches any
 * run of characters, `?` exactly one, `\` makes the next character literal; everything else is
 * literal. Only anchored patterns are used, as FerretDB and MongoDB both run them (D3).
 *
 * @example
 * likeToRegex('a.b*').source; // '^a\\.b[\\s\\S]*$'
 * likeToRegex('50\\*').source; // '^50\\*$'
 */
export function likeToRegex(pattern: string): LikeRegex {
  let source = '^';
  let anyRuns = 0;
  let previous = '';
  const characters = Array.from(pattern);
  for (let index = 0; index < characters.length; index += 1) {
    const character = characters[index]!;
    if (character === '\\') {
      // A trailing backslash escapes nothing and stands for itself.
      source += escapeRegex(characters[index + 1] ?? '\\');
      index += 1;
      previous = 'literal';
    } else if (character === '*') {
      // `**` means the same as `*`; one quantifier instead of two keeps backtracking down.
      if (previous !== '*') {
        source += '[\\s\\S]*';
        anyRuns += 1;
      }
      previous = '*';
    } else {
      source += character === '?' ? '[\\s\\S]' : escapeRegex(character);
      previous = character === '?' ? '?' : 'literal';
    }
  }
  return { source: `${source}$`, anyRuns };
}
