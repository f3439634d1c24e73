/**
 * The browser session cookie: `relata_session=<opaque id>; HttpOnly; SameSite=Strict;
 * Path=/`, plus `Secure` when the request came over https. No `Max-Age`: the server
 * enforces the idle timeout and the absolute lifetime itself.
 */
import type { Request } from 'express';
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'relata_session';

/** 32 random bytes in base64url. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/** A new cookie value: 256 random bits, base64url (43 characters). */
export function newSessionCookieValue(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The database key of a session: the SHA-256 of its cookie value (hex), so a leaked
 * `sessions` collection does not leak cookies.
 *
 * @example
 * await sessions.findOne({ _id: sessionIdOf(cookieValue) });
 */
export function sessionIdOf(cookieValue: string): string {
  return createHash('sha256').update(cookieValue).digest('hex');
}

/** The well-formed `relata_session` value the request carries, if any. */
export function readSessionCookie(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0 || part.slice(0, equals).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(equals + 1).trim();
    if (COOKIE_VALUE.test(value)) return value;
  }
  return undefined;
}

/**
 * Whether the request reached us over https: TLS on the socket, or a proxy saying so
 * in `X-Forwarded-Proto`. Trusting that header is harmless here: it only adds `Secure`.
 */
export function cameOverHttps(req: Request): boolean {
  const forwarded = req.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return req.secure || forwarded === 'https';
}

/**
 * The `Set-Cookie` value that stores a session, or clears it when `value` is null.
 *
 * @example
 * res.append('Set-Cookie', sessionCookieHeader(cookieValue, cameOverHttps(req)));
 */
export function sessionCookieHeader(value: string | null, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${value ?? ''}`, 'HttpOnly', 'SameSite=Strict', 'Path=/'];
  if (value === null) parts.push('Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
