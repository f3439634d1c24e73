/**
 * The browser session (contract of `/api/session`): sign in with a username and
 * password, ask who is signed in, sign out. The answer's `csrfToken` goes to
 * {@link setCsrfToken}, so later state-changing requests carry it.
 *
 *   POST   /api/session {username, password} → 200 { user, csrfToken } + HttpOnly cookie
 *   GET    /api/session                      → 200 { user, csrfToken } | 401
 *   DELETE /api/session                      → 204
 */
import { ApiProblem } from './ApiProblem';
import { request, requestJson, setCsrfToken } from './http';

export interface SessionUser {
  username: string;
  displayName: string | null;
  email: string | null;
  roles: string[];
  groups: string[];
}

interface SessionAnswer {
  user: SessionUser;
  csrfToken: string;
}

const SESSION_PATH = '/api/session';

/**
 * Signs in; rejects with a 401 {@link ApiProblem} when the credentials are wrong.
 *
 * @example
 * const user = await signIn('analyst', 'demo');
 */
export async function signIn(username: string, password: string): Promise<SessionUser> {
  const answer = await requestJson<SessionAnswer>('POST', SESSION_PATH, {
    json: { username, password },
    expectUnauthorized: true,
  });
  setCsrfToken(answer.csrfToken);
  return answer.user;
}

/** The signed-in user, or null when the browser has no valid session. */
export async function currentUser(): Promise<SessionUser | null> {
  try {
    const answer = await requestJson<SessionAnswer>('GET', SESSION_PATH, {
      expectUnauthorized: true,
    });
    setCsrfToken(answer.csrfToken);
    return answer.user;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) return null;
    throw error;
  }
}

/** Signs out; a session that has already ended counts as signed out. */
export async function signOut(): Promise<void> {
  try {
    await request('DELETE', SESSION_PATH, { expectUnauthorized: true });
  } catch (error) {
    if (!(error instanceof ApiProblem && error.status === 401)) throw error;
  } finally {
    setCsrfToken(null);
  }
}
