/**
 * Servers for integration tests: in-process (`startTestServer`) or as a child process
 * running `server/src/main.ts` (`spawnServer`), both on a database of their own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../server/src/config';
import { startServer, type RunningServer } from '../../server/src/startServer';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** `mongodb://host:port/` + a database name. */
export function databaseUri(serverUri: string, dbName: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${dbName}`;
  return url.toString();
}

export interface TestServer extends RunningServer {
  api: Api;
  /** the database the server runs on, for tests that look at stored documents */
  mongoUri: string;
}

export async function startTestServer(
  mongoUri: string,
  overrides: Partial<Config> = {},
): Promise<TestServer> {
  // Demo clients only where a test asks for them: most tests count the clients they make.
  const config = {
    ...loadConfig({}),
    port: 0,
    sweepIntervalMs: 500,
    demoClients: false,
    ...overrides,
  };
  const server = await startServer(config, mongoUri);
  return Object.assign(server, { api: new Api(server.url), mongoUri });
}

export interface SpawnedServer {
  url: string;
  api: Api;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `server/src/main.ts` in its own process against `mongoUri` on a free port. */
export async function spawnServer(
  mongoUri: string,
  env: Record<string, string> = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      MONGODB_URI: mongoUri,
      PORT: '0',
      RELATA_SWEEP_INTERVAL_MS: '300',
      RELATA_DEMO_CLIENTS: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = () => {
      const match = /running at (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(() => reject(new Error(`server exited:\n${output}`)));
  });
  return {
    url,
    api: new Api(url),
    child,
    output: () => output,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small `/v2` client over real HTTP with Basic auth (demo/demo unless told). */
export class Api {
  constructor(
    readonly url: string,
    private readonly user = 'demo',
    private readonly password = 'demo',
  ) {}

  as(user: string, password = 'demo'): Api {
    return new Api(this.url, user, password);
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`,
        ...(body !== undefined && typeof body !== 'string' && !(body instanceof FormData)
          ? { 'content-type': 'application/json' }
          : {}),
        ...headers,
      },
    };
    if (body !== undefined)
      init.body =
        typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body);
    const response = await fetch(`${this.url}/v2${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON (XML) */
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  /** Deploys BPMN files given as `{ name: xml }`. */
  deploy(resources: Record<string, string>) {
    const form = new FormData();
    for (const [name, xml] of Object.entries(resources))
      form.append('resources', new Blob([xml], { type: 'application/xml' }), name);
    return this.request('POST', '/deployments', form);
  }
}
