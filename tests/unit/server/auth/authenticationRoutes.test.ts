import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../../../server/src/auth/basicAuth';
import type { Principal } from '../../../../server/src/auth/Principal';
import { problemHandler } from '../../../../server/src/http/sendProblem';
import {
  authenticationRoutes,
  toCamundaUser,
} from '../../../../server/src/routes/v2/authenticationRoutes';
import { InMemoryUserRepository } from './InMemoryUserRepository';

describe('toCamundaUser', () => {
  it('describes a staff member in the CamundaUserResult shape', () => {
    // given
    const staff: Principal = {
      kind: 'user',
      username: 'staff',
      displayName: 'Staff',
      email: null,
      roles: ['staff'],
      groups: ['sales', 'service'],
    };

    // then
    expect(toCamundaUser(staff)).toEqual({
      username: 'staff',
      displayName: 'Staff',
      email: null,
      authorizedComponents: ['tasks', 'clients'],
      tenants: [{ tenantId: '<default>', name: 'Default', description: null }],
      groups: ['sales', 'service'],
      roles: ['staff'],
      salesPlanType: null,
      c8Links: {},
      canLogout: true,
    });
  });

  it('gives admins every component', () => {
    const admin: Principal = {
      kind: 'user',
      username: 'a',
      displayName: null,
      email: null,
      roles: ['admin', 'staff'],
      groups: [],
    };
    expect(toCamundaUser(admin).authorizedComponents).toEqual(['*']);
  });

  it('names an API client by its id and lets it not log out', () => {
    const worker: Principal = { kind: 'client', clientId: 'w', roles: ['worker'], groups: [] };
    expect(toCamundaUser(worker)).toMatchObject({
      username: 'w',
      displayName: 'w',
      authorizedComponents: [],
      roles: ['worker'],
      canLogout: false,
    });
  });
});

describe('GET /v2/authentication/me', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const repo = new InMemoryUserRepository();
    await repo.createUser({
      username: 'ada',
      password: 'pw',
      roles: ['analyst'],
      displayName: 'Ada',
      email: 'ada@example.com',
    });
    const app = express();
    app.use('/v2', authenticate({ users: repo, required: false }), authenticationRoutes());
    app.use(problemHandler);
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/authentication/me`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it('answers the signed-in user', async () => {
    // when
    const response = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from('ada:pw').toString('base64')}` },
    });

    // then
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      username: 'ada',
      displayName: 'Ada',
      email: 'ada@example.com',
      roles: ['analyst'],
      groups: [],
    });
  });

  it('answers 401 to an anonymous caller', async () => {
    // when
    const response = await fetch(url);

    // then
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ title: 'UNAUTHORIZED' });
  });
});
