/**
 * The one door to the server. Requests go with the session cookie; every request that
 * may change state carries the session's CSRF token in `X-CSRF-Token`. A 401 on any
 * call (but a sign-in) tells the listeners that the session has ended.
 */
import { ApiProblem } from './ApiProblem';

export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

let csrfToken: string | null = null;
const sessionEndListeners = new Set<() => void>();

/** Remembers the token of the current session (null after sign-out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Calls `listener` whenever the server answers 401 to a signed-in request. */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

export interface RequestOptions {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is (FormData, text). */
  body?: BodyInit;
  accept?: string;
  /** More request headers, such as `If-Match`. */
  headers?: Readonly<Record<string, string>>;
  /** A 401 is an answer, not the end of the session (sign-in, session probe). */
  expectUnauthorized?: boolean;
}

/**
 * Sends a request to the server; resolves with the answer when it is 2xx and rejects
 * with an {@link ApiProblem} otherwise.
 *
 * @example
 * const response = await request('POST', '/v2/deployments', { body: form });
 */
export async function request(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  const headers = new Headers({ ...options.headers, accept: options.accept ?? 'application/json' });
  let body = options.body;
  if (options.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(options.json);
  }
  if (!SAFE_METHODS.has(method) && csrfToken) headers.set(CSRF_HEADER, csrfToken);

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiProblem(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (response.ok) return response;
  const problem = await ApiProblem.fromResponse(response);
  if (problem.status === 401 && !options.expectUnauthorized) {
    for (const listener of sessionEndListeners) listener();
  }
  throw problem;
}

/** {@link request}, reading the answer as JSON. */
export async function requestJson<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const response = await request(method, path, options);
  return (await response.json()) as T;
}
