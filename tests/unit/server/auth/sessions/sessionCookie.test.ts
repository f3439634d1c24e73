import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import {
  newSessionCookieValue,
  readSessionCookie,
  sessionCookieHeader,
  sessionIdOf,
} from '../../../../../server/src/auth/sessions/sessionCookie';

const requestWithCookie = (cookie: string) => ({ headers: { cookie } }) as unknown as Request;

describe('session cookie', () => {
  it('stores a session with HttpOnly, SameSite=Strict and Path=/, Secure only over https', () => {
    expect(sessionCookieHeader('v', false)).toBe(
      'relata_session=v; HttpOnly; SameSite=Strict; Path=/',
    );
    expect(sessionCookieHeader('v', true)).toBe(
      'relata_session=v; HttpOnly; SameSite=Strict; Path=/; Secure',
    );
  });

  it('clears the cookie with Max-Age=0', () => {
    expect(sessionCookieHeader(null, false)).toContain('relata_session=; ');
    expect(sessionCookieHeader(null, false)).toContain('Max-Age=0');
  });

  it('reads the cookie among others and ignores a malformed value', () => {
    // given
    const value = newSessionCookieValue();

    // then
    expect(readSessionCookie(requestWithCookie(`theme=dark; relata_session=${value}`))).toBe(value);
    expect(readSessionCookie(requestWithCookie('relata_session=short'))).toBeUndefined();
    expect(readSessionCookie(requestWithCookie(''))).toBeUndefined();
  });

  it('keys a session by a hash that does not reveal the cookie', () => {
    // given
    const value = newSessionCookieValue();

    // then
    expect(sessionIdOf(value)).toMatch(/^[0-9a-f]{64}$/);
    expect(sessionIdOf(value)).not.toContain(value);
    expect(sessionIdOf(value)).toBe(sessionIdOf(value));
  });
});
