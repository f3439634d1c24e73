/**
 * Test support for the behaviour suite: reads the `.bpmn` fixtures beside the specs, starts a
 * server on a fresh database of one backend, and wraps the few `/v2` calls every spec makes.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Config } from '../../../server/src/config';
import { freshDbName, type Backend } from '../../support/backends';
import { databaseUri, startTestServer, type Api, type TestServer } from '../../support/testServer';

/** The text of `<name>.bpmn` from this folder, e.g. `fixture('Incidents.serviceTask')`. */
export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** The exact bytes of `<name>.bpmn`. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

function fixturePath(name: string): URL {
  return new URL(`./${name}.bpmn`, import.meta.url);
}

/** A server of its own, on a database no other test uses, on one FerretDB backend. */
export function startOn(
  backend: Backend,
  prefix: string,
  overrides: Partial<Config> = {},
): Promise<TestServer> {
  return startTestServer(databaseUri(backend.uri, freshDbName(`${prefix}_${backend.name}`)), {
    ...overrides,
  });
}

/** Deploys fixtures by name and returns the process definition key of each, by process id. */
export async function deployFixtures(
  api: Api,
  ...names: string[]
): Promise<Record<string, string>> {
  const resources = Object.fromEntries(names.map((name) => [`${name}.bpmn`, fixture(name)]));
  const deployed = await api.deploy(resources);
  expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
  const keys: Record<string, string> = {};
  for (const { processDefinition } of (deployed.body as any).deployments)
    keys[processDefinition.processDefinitionId] = processDefinition.processDefinitionKey;
  return keys;
}

/** Starts an instance of the latest version of a process and returns its key. */
export async function startInstance(
  api: Api,
  processDefinitionId: string,
  variables: Record<string, unknown> = {},
): Promise<string> {
  const started = await api.post('/process-instances', { processDefinitionId, variables });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  return started.body.processInstanceKey as string;
}

/** Runs a search and returns its items (failing the test on anything but 200). */
export async function searchItems(api: Api, path: string, body: unknown): Promise<any[]> {
  const answer = await api.post(path, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.items;
}

/** Pins the shared clock at an ISO instant. */
export async function pinClock(api: Api, iso: string): Promise<void> {
  const pinned = await api.request('PUT', '/clock', { timestamp: Date.parse(iso) });
  expect(pinned.status).toBe(204);
}

export async function resetClock(api: Api): Promise<void> {
  expect((await api.post('/clock/reset')).status).toBe(204);
}

/** Polls until `probe` gives a value (or fails after about five seconds). */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Activates up to `max` jobs of a type, answering at once when there are none. */
export async function activateJobs(api: Api, type: string, max = 10): Promise<any[]> {
  const answer = await api.post('/jobs/activation', {
    type,
    timeout: 30_000,
    maxJobsToActivate: max,
    requestTimeout: -1,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.jobs;
}

/** The incidents of an instance, in key order. */
export function incidentsOf(api: Api, processInstanceKey: string, state = 'ACTIVE') {
  return searchItems(api, '/incidents/search', {
    filter: { processInstanceKey, state },
    sort: [{ field: 'incidentKey' }],
  });
}
