import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  csrfProtection,
  csrfTokenMatches,
  csrfTokenRequired,
} from '../../../../../server/src/auth/sessions/csrfProtection';
import { problemHandler } from '../../../../../server/src/http/sendProblem';

describe('csrfTokenRequired', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])('requires the token for %s', (method) => {
    expect(csrfTokenRequired(method, '/user-tasks/1/completion')).toBe(true);
  });

  it.each(['GET', 'HEAD', 'OPTIONS'])('requires no token for %s', (method) => {
    expect(csrfTokenRequired(method, '/user-tasks/1')).toBe(false);
  });

  it('requires no token for a search, which only reads', () => {
    expect(csrfTokenRequired('POST', '/process-instances/search')).toBe(false);
    expect(csrfTokenRequired('POST', '/user-tasks/1/variables/search/')).toBe(false);
  });

  it('still requires it for other methods on a search path and for look-alike paths', () => {
    expect(csrfTokenRequired('DELETE', '/process-instances/search')).toBe(true);
    expect(csrfTokenRequired('POST', '/searches')).toBe(true);
    expect(csrfTokenRequired('POST', '/search/extra')).toBe(true);
  });
});

describe('csrfTokenMatches', () => {
  it('matches only the exact token', () => {
    expect(csrfTokenMatches('abc123', 'abc123')).toBe(true);
    expect(csrfTokenMatches('abc123', 'abc124')).toBe(false);
    expect(csrfTokenMatches('abc123', 'abc')).toBe(false);
    expect(csrfTokenMatches('abc123', '')).toBe(false);
    expect(csrfTokenMatches('abc123', undefined)).toBe(false);
    expect(csrfTokenMatches('abc123', ['abc123', 'abc123'])).toBe(false);
  });
});

describe('csrfProtection', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    // Stands in for `authenticate` + session lookup: `x-test-session` says the cookie did it.
    app.use(
      csrfProtection((req) => (req.get('x-test-session') ? { csrfToken: 'token-1' } : undefined)),
    );
    app.all('/{*path}', (_req, res) => void res.status(204).end());
    app.use(problemHandler);
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  const send = (method: string, path: string, headers: Record<string, string>) =>
    fetch(`${base}${path}`, { method, headers });

  it('refuses a session request that changes state without the token, naming the header', async () => {
    // when
    const response = await send('POST', '/clock/reset', { 'x-test-session': '1' });

    // then
    expect(response.status).toBe(403);
    const problem: any = await response.json();
    expect(problem).toMatchObject({ status: 403, title: 'FORBIDDEN' });
    expect(problem.detail).toContain('X-CSRF-Token');
  });

  it('refuses a wrong token', async () => {
    const response = await send('PATCH', '/jobs/1', {
      'x-test-session': '1',
      'x-csrf-token': 'token-2',
    });
    expect(response.status).toBe(403);
  });

  it('lets a session request with the right token through', async () => {
    const response = await send('DELETE', '/user-tasks/1/assignee', {
      'x-test-session': '1',
      'x-csrf-token': 'token-1',
    });
    expect(response.status).toBe(204);
  });

  it('lets session reads and searches through without a token', async () => {
    const read = await send('GET', '/topology', { 'x-test-session': '1' });
    const search = await send('POST', '/jobs/search', { 'x-test-session': '1' });
    expect([read.status, search.status]).toEqual([204, 204]);
  });

  it('asks nothing of requests the session did not authenticate (basic auth)', async () => {
    const response = await send('POST', '/clock/reset', { authorization: 'Basic ZGVtbzpkZW1v' });
    expect(response.status).toBe(204);
  });
});
