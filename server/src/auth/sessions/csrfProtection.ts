/**
 * CSRF protection for requests authenticated by the session cookie: every request that
 * may change state carries `X-CSRF-Token` equal to the session's token (the answer of
 * `POST /api/session` holds it). Requests with HTTP basic credentials need none: a page
 * on another site cannot make the browser send them. Searches (`POST …/search`) only
 * read and need none either.
 */
import type { Request, RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ProblemError } from '../../http/ProblemError';

export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * Whether a cookie-authenticated request needs the token: any method but GET, HEAD,
 * OPTIONS and TRACE, except a POST to a `/search` path.
 *
 * @example
 * csrfTokenRequired('PATCH', '/user-tasks/1'); // true
 * csrfTokenRequired('POST', '/user-tasks/search'); // false
 */
export function csrfTokenRequired(method: string, path: string): boolean {
  const upper = method.toUpperCase();
  if (SAFE_METHODS.has(upper)) return false;
  return !(upper === 'POST' && /\/search\/?$/.test(path));
}

/** Compares in constant time; a missing or repeated header never matches. */
export function csrfTokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Throws the 403 problem unless the request carries the session's token.
 *
 * @example
 * if (session) assertCsrfToken(req, session.csrfToken);
 */
export function assertCsrfToken(req: Request, csrfToken: string): void {
  if (csrfTokenMatches(csrfToken, req.headers['x-csrf-token'])) return;
  throw new ProblemError(
    403,
    `The ${CSRF_HEADER} header is missing or does not match the session.`,
    [{ message: `header ${CSRF_HEADER} must equal the csrfToken of the session` }],
  );
}

/**
 * The middleware; mount it after `authenticate`. `sessionOf` answers the session that
 * authenticated the request, and nothing for basic auth or no credentials.
 *
 * @example
 * app.use('/v2', authenticate({ users, required: true, sessionLookup }), csrfProtection(sessionOf));
 */
export function csrfProtection(
  sessionOf: (req: Request) => { csrfToken: string } | undefined,
): RequestHandler {
  return (req, _res, next) => {
    const session = sessionOf(req);
    if (session && csrfTokenRequired(req.method, req.path)) assertCsrfToken(req, session.csrfToken);
    next();
  };
}
