import { KEY_PATTERN, shorten } from './parseScalar';
import { pointerTo, SearchQueryError } from './SearchQueryError';

/**
 * Validates a key taken from a request path (e.g. `/v2/user-tasks/{userTaskKey}`): a LongKey,
 * a string of digits (`^-?[0-9]+$`, at most 25 characters). Throws a {@link SearchQueryError}
 * whose pointer is `/<name>`.
 *
 * @example
 * parseKeyParam('2251799813685249', 'userTaskKey'); // '2251799813685249'
 * parseKeyParam('abc', 'userTaskKey'); // throws: "The userTaskKey 'abc' is not a valid key…"
 */
export function parseKeyParam(raw: unknown, name: string): string {
  if (typeof raw === 'string' && KEY_PATTERN.test(raw)) return raw;
  const shown = typeof raw === 'string' ? ` '${shorten(raw)}'` : '';
  throw new SearchQueryError([
    {
      pointer: pointerTo('', name),
      message: `The ${name}${shown} is not a valid key: expected a string of up to 25 digits.`,
    },
  ]);
}
