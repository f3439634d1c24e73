import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createHash } from 'node:crypto';
import { ProblemError } from '../http/ProblemError';
import { hashPassword, verifyPassword } from './passwords';
import { can, USER_ROLES, type Permission, type Principal } from './Principal';
import type { UserRepository } from './UserRepository';

export interface AuthenticateOptions {
  users: UserRepository;
  /** When false, a request without credentials goes on without a principal. */
  required: boolean;
  /** Hook for browser sessions: consulted when the request has no Authorization header. */
  sessionLookup?: (req: Request) => Promise<Principal | null>;
  /** How long a successful verification is reused; 60 s by default. */
  cacheTtlMs?: number;
  /** Wall-clock milliseconds (not the engine's clock: pinning that must not freeze the cache). */
  now?: () => number;
}

export type AuthenticateMiddleware = RequestHandler & {
  /** Forgets cached verifications of one user or client, or of everyone. */
  invalidate(name?: string): void;
};

/** A successful verification: the principal and the user or client name it came from. */
interface Verified {
  principal: Principal;
  name: string;
}
interface CacheEntry extends Verified {
  expiresAt: number;
}

const REALM = 'Basic realm="Relata"';
const MAX_CACHE_ENTRIES = 10_000;
const utf8 = new TextDecoder('utf-8', { fatal: true });
let dummyHash: Promise<string> | undefined;

/**
 * Authenticates requests by HTTP basic credentials of a user or an API client and sets
 * `res.locals.principal`. scrypt is slow on purpose, so successful verifications are
 * cached for a minute under a hash of the header (never the password itself), which
 * keeps job workers polling fast; a change to a user or client drops its entries.
 * Failures are 401 problems; `WWW-Authenticate` is sent only to non-browser clients so
 * the app never triggers the browser's login box.
 *
 * @example
 * app.use('/v2', authenticate({ users, required: true }));
 * app.post('/v2/deployments', requirePermission('deployment.create'), deploy);
 */
export function authenticate(options: AuthenticateOptions): AuthenticateMiddleware {
  const { users, required, sessionLookup } = options;
  const ttl = options.cacheTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const pending = new Map<string, Promise<Verified | null>>();

  // Bumped by every invalidation, so a verification that read the user before a change
  // and finishes after it is used once but not cached.
  let generation = 0;

  const invalidate = (name?: string) => {
    generation += 1;
    pending.clear();
    for (const [key, entry] of cache) {
      if (name === undefined || entry.name === name) cache.delete(key);
    }
  };
  users.onChange((name) => invalidate(name));

  const verifyOnce = (key: string, name: string, secret: string) => {
    let verification = pending.get(key);
    if (!verification) {
      const current = verify(users, name, secret).finally(() => {
        if (pending.get(key) === current) pending.delete(key);
      });
      verification = current;
      pending.set(key, verification);
    }
    return verification;
  };

  const middleware: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization?.trim() ?? '';
    if (header === '') {
      const principal = sessionLookup ? await sessionLookup(req) : null;
      if (principal) res.locals.principal = principal;
      else if (required) throw unauthorized(req, res, 'Credentials are missing.');
      return next();
    }
    const credentials = parseBasic(header);
    if (typeof credentials === 'string') throw unauthorized(req, res, credentials);

    const key = createHash('sha256').update(header).digest('base64url');
    let entry = cache.get(key);
    if (entry && entry.expiresAt <= now()) {
      cache.delete(key);
      entry = undefined;
    }
    if (!entry) {
      const started = generation;
      const verified = await verifyOnce(key, credentials.name, credentials.secret);
      if (!verified) throw unauthorized(req, res, 'The username or password is wrong.');
      entry = { ...verified, expiresAt: now() + ttl };
      if (started === generation) {
        if (cache.size >= MAX_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
        cache.set(key, entry);
      }
    }
    res.locals.principal = entry.principal;
    next();
  };
  return Object.assign(middleware, { invalidate });
}

/**
 * Lets the request through when its principal has the permission: 401 without a
 * principal, 403 (`FORBIDDEN`) without the permission.
 *
 * @example
 * router.post('/jobs/activation', requirePermission('job.work'), activateJobs);
 */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, res, next) => {
    const principal = principalOf(res);
    if (!principal) throw unauthorized(req, res, 'Credentials are missing.');
    if (!can(principal, permission)) {
      throw ProblemError.forbidden(`Missing permission '${permission}'.`);
    }
    next();
  };
}

/**
 * Lets the request through when `authenticate` found a principal, else 401; for routes
 * open to every signed-in caller.
 *
 * @example
 * router.get('/authentication/me', requirePrincipal(), me);
 */
export function requirePrincipal(): RequestHandler {
  return (req, res, next) => {
    if (!principalOf(res)) throw unauthorized(req, res, 'Credentials are missing.');
    next();
  };
}

/** The principal `authenticate` set, if any. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

/**
 * Whether the request comes from a page's script or navigation, by headers only
 * browsers send. Node's fetch sends `Sec-Fetch-Mode: cors` as well, so that header
 * alone does not count; browsers add `Sec-Fetch-Site` and `Sec-Fetch-Dest`.
 */
export function looksLikeBrowser(req: Request): boolean {
  return (
    req.get('x-requested-with')?.toLowerCase() === 'xmlhttprequest' ||
    req.get('sec-fetch-site') !== undefined ||
    req.get('sec-fetch-dest') !== undefined ||
    (req.get('accept') ?? '').toLowerCase().includes('text/html')
  );
}

function unauthorized(req: Request, res: Response, detail: string): ProblemError {
  if (!looksLikeBrowser(req)) res.setHeader('WWW-Authenticate', REALM);
  return ProblemError.unauthorized(detail);
}

/** `{ name, secret }`, or a message saying what is wrong with the header. */
function parseBasic(header: string): { name: string; secret: string } | string {
  const [scheme = '', encoded = '', ...rest] = header.split(/\s+/);
  if (scheme.toLowerCase() !== 'basic') return 'Only HTTP basic authentication is supported.';
  const malformed = 'The Authorization header is not valid HTTP basic credentials.';
  if (rest.length > 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1)
    return malformed;
  let decoded: string;
  try {
    decoded = utf8.decode(Buffer.from(encoded, 'base64'));
  } catch {
    return malformed;
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) return malformed;
  return { name: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** Users first, then API clients; an unknown name still costs one scrypt run. */
async function verify(
  users: UserRepository,
  name: string,
  secret: string,
): Promise<Verified | null> {
  const user = await users.findUserCredentials(name);
  if (user && (await verifyPassword(secret, user.passwordHash))) {
    const { username, displayName, email, groups } = user.user;
    const roles = user.user.roles.filter((role) => USER_ROLES.includes(role));
    const principal: Principal = { kind: 'user', username, displayName, email, roles, groups };
    return { principal, name: username };
  }
  const client = await users.findApiClientCredentials(name);
  if (client && (await verifyPassword(secret, client.secretHash))) {
    const { clientId } = client.client;
    return {
      principal: { kind: 'client', clientId, roles: ['worker'], groups: [] },
      name: clientId,
    };
  }
  if (!user && !client) {
    dummyHash ??= hashPassword('relata-timing-equaliser');
    await verifyPassword(secret, await dummyHash);
  }
  return null;
}
