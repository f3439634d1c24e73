/**
 * Browser sign-in under `/api/session`; mount it before the authenticated `/api` routes.
 *
 *   POST   /   { username, password } → 200 { user, csrfToken } + Set-Cookie relata_session
 *   GET    /   → 200 { user, csrfToken } for a valid cookie, else 401
 *   DELETE /   → 204, the session deleted and the cookie cleared (needs X-CSRF-Token)
 */
import { Router, type Request, type Response } from 'express';
import { assertCsrfToken } from '../auth/sessions/csrfProtection';
import {
  cameOverHttps,
  readSessionCookie,
  sessionCookieHeader,
} from '../auth/sessions/sessionCookie';
import type { ActiveSession, SessionService } from '../auth/sessions/SessionService';
import { ProblemError } from '../http/ProblemError';
import { validateBody } from '../http/validateBody';

export interface SessionRouteDeps {
  service: SessionService;
  /** The session of the request's cookie, resolved once per request. */
  sessionOf(req: Request): Promise<ActiveSession | null>;
}

const loginSchema = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 256 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
} as const;

function answer(res: Response, session: ActiveSession) {
  res.json({ user: session.user, csrfToken: session.csrfToken });
}

function clearCookie(req: Request, res: Response) {
  res.append('Set-Cookie', sessionCookieHeader(null, cameOverHttps(req)));
}

/**
 * @example
 * app.use('/api/session', sessionRoutes({ service, sessionOf }));
 */
export function sessionRoutes(deps: SessionRouteDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.post('/', async (req, res) => {
    const body = validateBody<{ username: string; password: string }>(loginSchema, req.body);
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const result = await deps.service.login(body.username, body.password, address);
    if (result.outcome === 'throttled') {
      const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
      res.setHeader('Retry-After', String(seconds));
      throw new ProblemError(429, `Too many failed sign-ins; try again in ${seconds} s.`);
    }
    if (result.outcome === 'wrongCredentials') {
      throw ProblemError.unauthorized('The username or password is wrong.');
    }
    // A new id on every sign-in; the session the browser had before ends.
    const previous = await deps.sessionOf(req);
    if (previous) await deps.service.logout(previous);
    res.append('Set-Cookie', sessionCookieHeader(result.cookieValue, cameOverHttps(req)));
    answer(res, result.session);
  });

  router.get('/', async (req, res) => {
    const session = await deps.sessionOf(req);
    if (!session) {
      if (readSessionCookie(req)) clearCookie(req, res);
      throw ProblemError.unauthorized('There is no valid session; sign in with POST /api/session.');
    }
    answer(res, session);
  });

  router.delete('/', async (req, res) => {
    const session = await deps.sessionOf(req);
    if (session) {
      assertCsrfToken(req, session.csrfToken);
      await deps.service.logout(session);
    }
    clearCookie(req, res);
    res.status(204).end();
  });
  return router;
}
