/**
 * Browser sessions over the user store, in one bundle for createApp and startServer.
 *
 *   POST /api/session ──▶ SessionService.login ──▶ LoginThrottle, users, insert into `sessions`
 *   cookie on /v2, /api ──▶ authenticate → lookup ──▶ session + user (read per request) ──▶ principal
 *                        └─▶ csrf: a state-changing request needs X-CSRF-Token
 *   sweep (every minute) ──▶ delete expired sessions, forget old sign-in failures
 */
import type { Request, RequestHandler, Router } from 'express';
import type { Db } from 'mongodb';
import { sessionRoutes } from '../../routes/sessionRoutes';
import type { Principal } from '../Principal';
import type { UserRepository } from '../UserRepository';
import { csrfProtection } from './csrfProtection';
import { LoginThrottle, type LoginThrottleOptions } from './LoginThrottle';
import { readSessionCookie } from './sessionCookie';
import { SessionRepository } from './SessionRepository';
import { SessionService, type ActiveSession, type SessionPolicy } from './SessionService';

export interface SessionSweep {
  /** Deletes expired sessions now; returns how many. */
  run(): Promise<number>;
  /** Runs {@link run} every `intervalMs` (a minute by default) until {@link stop}. */
  start(intervalMs?: number): void;
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>;
}

export interface Sessions {
  /** `authenticate`'s `sessionLookup`: the principal of the request's session cookie. */
  lookup(req: Request): Promise<Principal | null>;
  /** CSRF check for requests {@link lookup} authenticated; mount after `authenticate`. */
  csrf: RequestHandler;
  /** The `/api/session` routes; mount before any authenticated `/api` middleware. */
  router: Router;
  sweep: SessionSweep;
  service: SessionService;
}

export interface SessionOptions {
  policy?: Partial<SessionPolicy>;
  throttle?: LoginThrottleOptions;
  /** Wall clock: sessions do not follow the engine's clock. */
  now?: () => Date;
}

/**
 * Opens the `sessions` collection and builds the lookup, the CSRF middleware, the
 * routes and the sweep.
 *
 * @example
 * const sessions = await sessionsFor(db, users);
 * app.use('/api/session', sessions.router);
 * app.use('/v2', authenticate({ users, required: true, sessionLookup: sessions.lookup }), sessions.csrf);
 * sessions.sweep.start();
 */
export async function sessionsFor(
  db: Db,
  users: UserRepository,
  options: SessionOptions = {},
): Promise<Sessions> {
  const now = options.now ?? (() => new Date());
  const throttle = new LoginThrottle({ now: () => now().getTime(), ...options.throttle });
  const service = new SessionService(await SessionRepository.open(db), users, throttle, {
    now,
    ...(options.policy ? { policy: options.policy } : {}),
  });

  const resolving = new WeakMap<Request, Promise<ActiveSession | null>>();
  const sessionOf = (req: Request) => {
    let session = resolving.get(req);
    if (!session) {
      session = service.resolve(readSessionCookie(req));
      resolving.set(req, session);
    }
    return session;
  };
  // Only requests that `authenticate` let in by their cookie are subject to CSRF checks.
  const authenticatedBy = new WeakMap<Request, ActiveSession>();
  const lookup = async (req: Request) => {
    const session = await sessionOf(req);
    if (!session) return null;
    authenticatedBy.set(req, session);
    return session.principal;
  };

  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | null = null;
  const sweep: SessionSweep = {
    run: () => service.sweep(),
    start(intervalMs = 60_000) {
      if (timer) return;
      timer = setInterval(() => {
        if (sweeping) return;
        sweeping = service
          .sweep()
          .catch((error) => console.error('session sweep failed', error))
          .finally(() => (sweeping = null));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await sweeping;
    },
  };

  return {
    lookup,
    csrf: csrfProtection((req) => authenticatedBy.get(req)),
    router: sessionRoutes({ service, sessionOf }),
    sweep,
    service,
  };
}
