/** ETags of clients are their revision, `"<rev>"`; `If-Match` names the revisions a write expects. */
import { ProblemError } from '../http/ProblemError';
import type { IfMatch } from './ClientService';

const ENTITY_TAG = /^"([1-9][0-9]{0,14})"$/;

/** The ETag of a revision. */
export function etagOf(rev: number): string {
  return `"${rev}"`;
}

/**
 * Reads an `If-Match` header: undefined when absent, `'*'`, or the revisions of a list of
 * strong entity tags. Weak tags never match (RFC 9110 compares strongly), so they are refused.
 *
 * @example
 * parseIfMatch('"3"'); // [3]
 * parseIfMatch('"3", "4"'); // [3, 4]
 */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (header.trim() === '*') return '*';
  const revisions: number[] = [];
  for (const part of header.split(',')) {
    const match = ENTITY_TAG.exec(part.trim());
    if (!match) {
      throw ProblemError.badRequest(
        `If-Match must list ETags as the server sends them, such as "3"; got ${JSON.stringify(header.slice(0, 80))}.`,
        [{ message: 'If-Match is not a list of strong entity tags' }],
      );
    }
    revisions.push(Number(match[1]));
  }
  return revisions;
}
