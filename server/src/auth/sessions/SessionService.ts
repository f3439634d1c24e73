import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../passwords';
import { USER_ROLES, type Principal, type UserRole } from '../Principal';
import type { User, UserRepository } from '../UserRepository';
import type { LoginThrottle } from './LoginThrottle';
import { newSessionCookieValue, sessionIdOf } from './sessionCookie';
import type { SessionRecord, SessionRepository } from './SessionRepository';

/** How long sessions live, on the wall clock. */
export interface SessionPolicy {
  /** Sliding: a session unused this long ends. */
  idleTimeoutMs: number;
  /** A session ends this long after sign-in however busy it is. */
  absoluteLifetimeMs: number;
  /** `lastSeenAt` is written at most this often, so reads stay reads. */
  touchIntervalMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleTimeoutMs: 8 * 60 * 60_000,
  absoluteLifetimeMs: 7 * 24 * 60 * 60_000,
  touchIntervalMs: 60_000,
};

/** The signed-in person as `POST /api/session` and `GET /api/session` show them. */
export interface SessionUser {
  username: string;
  displayName: string | null;
  email: string | null;
  roles: UserRole[];
  groups: string[];
}

/** A valid session with its user as they are now. */
export interface ActiveSession {
  id: string;
  csrfToken: string;
  user: SessionUser;
  principal: Principal;
}

export type LoginResult =
  | { outcome: 'signedIn'; cookieValue: string; session: ActiveSession }
  | { outcome: 'wrongCredentials' }
  | { outcome: 'throttled'; retryAfterMs: number };

let dummyHash: Promise<string> | undefined;

/**
 * Signs people in and out and resolves session cookies. The user is read on every
 * request, so role and group changes (and deletions) apply at once.
 *
 * @example
 * const result = await service.login('ada', 's3cret', req.ip ?? '');
 * if (result.outcome === 'signedIn') setCookie(result.cookieValue);
 */
export class SessionService {
  private readonly policy: SessionPolicy;
  private readonly now: () => Date;

  constructor(
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly throttle: LoginThrottle,
    options: { policy?: Partial<SessionPolicy>; now?: () => Date } = {},
  ) {
    this.policy = { ...DEFAULT_SESSION_POLICY, ...options.policy };
    this.now = options.now ?? (() => new Date());
  }

  /** Checks a user's password (API clients cannot sign in here) and opens a session. */
  async login(username: string, password: string, address: string): Promise<LoginResult> {
    const verdict = this.throttle.check(username, address);
    if (!verdict.allowed) return { outcome: 'throttled', retryAfterMs: verdict.retryAfterMs };
    const user = await this.verify(username, password);
    if (!user) return { outcome: 'wrongCredentials' };
    verdict.succeeded();

    const cookieValue = newSessionCookieValue();
    const now = this.now();
    const record: SessionRecord = {
      id: sessionIdOf(cookieValue),
      username: user.username,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: this.expiresAt(now, now),
    };
    await this.sessions.insert(record);
    return { outcome: 'signedIn', cookieValue, session: activeSession(record, user) };
  }

  /** The session a cookie value stands for, or null; an expired one is deleted. */
  async resolve(cookieValue: string | undefined): Promise<ActiveSession | null> {
    if (!cookieValue) return null;
    const record = await this.sessions.find(sessionIdOf(cookieValue));
    if (!record) return null;
    const now = this.now();
    // Checked against the policy as well as `expiresAt`, so a shorter policy applies at once.
    if (this.expiresAt(record.createdAt, record.lastSeenAt) <= now || record.expiresAt <= now) {
      await this.sessions.delete(record.id);
      return null;
    }
    const user = await this.users.findUser(record.username);
    if (!user) {
      await this.sessions.delete(record.id);
      return null;
    }
    if (now.getTime() - record.lastSeenAt.getTime() >= this.policy.touchIntervalMs) {
      await this.sessions.touch(record.id, now, this.expiresAt(record.createdAt, now));
    }
    return activeSession(record, user);
  }

  async logout(session: ActiveSession): Promise<void> {
    await this.sessions.delete(session.id);
  }

  /** Deletes the sessions that expired and forgets old sign-in failures; returns how many sessions. */
  async sweep(): Promise<number> {
    this.throttle.prune();
    return this.sessions.deleteExpired(this.now());
  }

  private expiresAt(createdAt: Date, lastSeenAt: Date): Date {
    return new Date(
      Math.min(
        lastSeenAt.getTime() + this.policy.idleTimeoutMs,
        createdAt.getTime() + this.policy.absoluteLifetimeMs,
      ),
    );
  }

  /** The user when the password matches; an unknown name still costs one scrypt run. */
  private async verify(username: string, password: string): Promise<User | null> {
    const found = await this.users.findUserCredentials(username);
    if (!found) {
      dummyHash ??= hashPassword('relata-timing-equaliser');
      await verifyPassword(password, await dummyHash);
      return null;
    }
    return (await verifyPassword(password, found.passwordHash)) ? found.user : null;
  }
}

function activeSession(record: SessionRecord, user: User): ActiveSession {
  const { username, displayName, email, groups } = user;
  const roles = user.roles.filter((role) => USER_ROLES.includes(role));
  return {
    id: record.id,
    csrfToken: record.csrfToken,
    user: { username, displayName, email, roles, groups: [...groups] },
    principal: { kind: 'user', username, displayName, email, roles, groups: [...groups] },
  };
}
