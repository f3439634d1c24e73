// Basic authentication end to end: an express app with `authenticate` and
// `requirePermission` over the user store on a real FerretDB, called with fetch.
import express from 'express';
import { MongoClient, type Db } from 'mongodb';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, requirePermission } from '../../../server/src/auth/basicAuth';
import { seedDemoUsers } from '../../../server/src/auth/seedDemo';
import { MongoUserRepository } from '../../../server/src/auth/UserRepository';
import { problemHandler } from '../../../server/src/http/sendProblem';
import { authenticationRoutes } from '../../../server/src/routes/v2/authenticationRoutes';
import { backends, freshDbName } from '../../support/backends';

const basic = (name: string, secret: string) =>
  `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;

describe.each(backends())('authenticate on $name', ({ uri }) => {
  let client: MongoClient;
  let db: Db;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    client = await MongoClient.connect(uri);
    db = client.db(freshDbName('auth_http'));
    const users = await MongoUserRepository.open(db);
    await seedDemoUsers(users);
    const app = express();
    app.use('/v2', authenticate({ users, required: true }), authenticationRoutes());
    app.post('/v2/deployments', requirePermission('deployment.create'), (_req, res) => {
      res.json({ deployed: true });
    });
    app.post('/v2/jobs/activation', requirePermission('job.work'), (_req, res) => {
      res.json({ jobs: [] });
    });
    app.put('/v2/clock', requirePermission('clock.manage'), (_req, res) => {
      res.status(204).end();
    });
    app.use(problemHandler);
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
    await db?.dropDatabase();
    await client?.close();
  });

  const post = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers });

  it('answers a request without credentials with 401 and a basic challenge', async () => {
    // when
    const response = await post('/deployments');

    // then
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="Relata"');
    expect(await response.json()).toMatchObject({ status: 401, title: 'UNAUTHORIZED' });
  });

  it('treats an empty Authorization header as no credentials', async () => {
    const response = await post('/deployments', { authorization: '' });
    expect(response.status).toBe(401);
  });

  it('sends no challenge to a browser, so no login box opens', async () => {
    // when
    const response = await post('/deployments', {
      'x-requested-with': 'XMLHttpRequest',
      'sec-fetch-site': 'same-origin',
    });

    // then
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  it('refuses a wrong password', async () => {
    const response = await post('/deployments', { authorization: basic('demo', 'wrong') });
    expect(response.status).toBe(401);
  });

  it('lets demo/demo deploy', async () => {
    // when
    const response = await post('/deployments', { authorization: basic('demo', 'demo') });

    // then
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deployed: true });
  });

  it('answers 403 FORBIDDEN when staff use an admin-only endpoint', async () => {
    // when
    const response = await fetch(`${base}/clock`, {
      method: 'PUT',
      headers: { authorization: basic('staff', 'demo') },
    });

    // then
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ status: 403, title: 'FORBIDDEN' });
  });

  it('lets the demo worker client work jobs but not deploy', async () => {
    // given
    const authorization = basic('demo-worker', 'demo-secret');

    // when
    const jobs = await post('/jobs/activation', { authorization });
    const deploy = await post('/deployments', { authorization });

    // then
    expect(jobs.status).toBe(200);
    expect(deploy.status).toBe(403);
  });

  it('answers GET /authentication/me for the signed-in user', async () => {
    // when
    const response = await fetch(`${base}/authentication/me`, {
      headers: { authorization: basic('staff', 'demo') },
    });

    // then
    expect(await response.json()).toMatchObject({
      username: 'staff',
      roles: ['staff'],
      groups: ['sales', 'service'],
      tenants: [{ tenantId: '<default>', name: 'Default', description: null }],
      canLogout: true,
    });
  });
});
