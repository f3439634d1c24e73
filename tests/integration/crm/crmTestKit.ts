/**
 * Shared pieces of the `/api` tests: a server per backend on a database of its own, a
 * small client for `/api` (the `/v2` Api prefixes its paths), and problem checks (D7).
 */
import { expect } from 'vitest';
import { freshDbName } from '../../support/backends';
import { databaseUri, startTestServer, type TestServer } from '../../support/testServer';

export interface CrmResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Demo logins (DEMO mode seeds them): password `demo`, the worker's secret `demo-secret`. */
export const LOGINS = {
  admin: ['admin', 'demo'],
  analyst: ['analyst', 'demo'],
  staff: ['staff', 'demo'],
  worker: ['demo-worker', 'demo-secret'],
} as const;

/** A `/api` client over real HTTP with basic auth; `null` credentials send none. */
export class CrmApi {
  constructor(
    readonly url: string,
    private readonly credentials: readonly [string, string] | null = LOGINS.admin,
  ) {}

  as(login: keyof typeof LOGINS | null): CrmApi {
    return new CrmApi(this.url, login === null ? null : LOGINS[login]);
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<CrmResponse<T>> {
    const auth: Record<string, string> = this.credentials
      ? { authorization: `Basic ${Buffer.from(this.credentials.join(':')).toString('base64')}` }
      : {};
    const text =
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${this.url}/api${path}`, {
      method,
      headers: {
        ...auth,
        ...(text === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(text === undefined ? {} : { body: text }),
    });
    const raw = await response.text();
    return {
      status: response.status,
      body: raw ? JSON.parse(raw) : null,
      headers: response.headers,
    };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body: unknown) {
    return this.request<T>('POST', path, body);
  }

  patch<T = any>(path: string, body: unknown, ifMatch?: string) {
    return this.request<T>('PATCH', path, body, ifMatch ? { 'if-match': ifMatch } : {});
  }

  delete<T = any>(path: string, ifMatch?: string) {
    return this.request<T>('DELETE', path, undefined, ifMatch ? { 'if-match': ifMatch } : {});
  }

  /** Creates a client and returns it; fails the test on anything but 201. */
  async createClient(body: Record<string, unknown>): Promise<any> {
    const response = await this.post('/clients', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  /** Defines a custom field; fails the test on anything but 201. */
  async defineField(body: Record<string, unknown>): Promise<any> {
    const response = await this.post('/fields', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }
}

export interface CrmServer {
  server: TestServer;
  api: CrmApi;
}

/** A server with the demo users on a fresh database of the backend. */
export async function startCrmServer(backendUri: string, name: string): Promise<CrmServer> {
  const server = await startTestServer(databaseUri(backendUri, freshDbName(`crm_${name}`)));
  return { server, api: new CrmApi(server.url) };
}

/** Checks a 4xx problem detail and that its `errors` name exactly these pointers. */
export function expectProblem(response: CrmResponse, status: number, pointers?: string[]): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, detail: expect.any(String) });
  if (pointers) {
    const named = (response.body.errors ?? []).map((error: { pointer?: string }) => error.pointer);
    expect([...new Set(named)].sort()).toEqual([...pointers].sort());
  }
}

/** The ids of a search answer, in order. */
export const ids = (response: CrmResponse): string[] =>
  response.body.items.map((item: { id: string }) => item.id);
