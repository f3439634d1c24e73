/**
 * Shared helpers of the concurrency suite: bounded waits, fixtures, searches that read
 * every page, and a job worker loop. Every wait here has a deadline: a test never hangs.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Api, ApiResponse } from '../../support/testServer';

const HERE = new URL('./', import.meta.url);

/** The API client the job workers use (the demo API client, role worker). */
export const worker = (api: Api) => api.as('demo-worker', 'demo-secret');

/** A `.bpmn` fixture of this folder, optionally with its process id replaced. */
export function fixture(file: string, processId?: { from: string; to: string }): string {
  const xml = readFileSync(new URL(file, HERE), 'utf8');
  if (!processId) return xml;
  return xml.replaceAll(`"${processId.from}"`, `"${processId.to}"`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than `undefined`, or fails at the deadline. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string | (() => string),
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= until)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}${last ? `: ${last}` : ''}`,
      );
    await sleep(everyMs);
  }
}

/** Rejects when `promise` does not settle within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `task` over `items` with at most `limit` at a time, keeping the results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export function expectStatus(response: ApiResponse, status: number, what: string) {
  expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(status);
}

/** Deploys one resource and returns its process definition. */
export async function deploy(api: Api, name: string, xml: string) {
  const response = await api.deploy({ [name]: xml });
  expectStatus(response, 200, `deploy ${name}`);
  return response.body.deployments[0].processDefinition as {
    processDefinitionId: string;
    processDefinitionKey: string;
    processDefinitionVersion: number;
  };
}

export async function startInstance(
  api: Api,
  processDefinitionId: string,
  variables: Record<string, unknown> = {},
): Promise<string> {
  const response = await api.post('/process-instances', { processDefinitionId, variables });
  expectStatus(response, 200, `start ${processDefinitionId}`);
  return response.body.processInstanceKey as string;
}

/** Every item of a `/v2/…/search` (pages of up to 1000, by cursor). */
export async function searchAll<T = any>(
  api: Api,
  path: string,
  filter: Record<string, unknown>,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (let pageNo = 0; pageNo < 1000; pageNo++) {
    const response = await api.post(path, {
      filter,
      page: after ? { after, limit: 1000 } : { limit: 1000 },
    });
    expectStatus(response, 200, `search ${path}`);
    items.push(...response.body.items);
    after = response.body.page.endCursor ?? undefined;
    if (response.body.items.length < 1000 || !after) return items;
  }
  throw new Error(`search ${path} has more than a million items`);
}

export interface ElementInstance {
  elementInstanceKey: string;
  processInstanceKey: string;
  elementId: string;
  type: string;
  state: string;
  startDate: string;
  endDate: string | null;
}

export const elementInstances = (api: Api, processInstanceKey: string) =>
  searchAll<ElementInstance>(api, '/element-instances/search', { processInstanceKey });

export async function instanceState(api: Api, key: string): Promise<string | undefined> {
  const response = await api.get(`/process-instances/${key}`);
  return response.status === 200 ? (response.body.state as string) : undefined;
}

export const waitForState = (api: Api, key: string, state: string, timeoutMs = 15_000) =>
  waitFor(
    async () => ((await instanceState(api, key)) === state ? true : undefined),
    `instance ${key} to be ${state}`,
    timeoutMs,
  );

/** The one CREATED user task of an element in an instance, once it is there. */
export const waitForUserTask = (
  api: Api,
  processInstanceKey: string,
  elementId: string,
  timeoutMs = 15_000,
) =>
  waitFor(
    async () => {
      const { body } = await api.post('/user-tasks/search', {
        filter: { processInstanceKey, elementId, state: 'CREATED' },
      });
      return body.items[0] as { userTaskKey: string; elementInstanceKey: string } | undefined;
    },
    `user task ${elementId} of ${processInstanceKey}`,
    timeoutMs,
  );

/** The stored value of a process variable (parsed from its JSON text), or undefined. */
export async function variable(api: Api, processInstanceKey: string, name: string) {
  const items = await searchAll<{ value: string }>(api, '/variables/search', {
    processInstanceKey,
    name,
  });
  expect(items.length, `variable ${name} of ${processInstanceKey}`).toBeLessThanOrEqual(1);
  return items[0] ? JSON.parse(items[0].value) : undefined;
}

export interface ActivatedJob {
  jobKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey: string;
  deadline: number;
  retries: number;
}

export async function activate(
  api: Api,
  type: string,
  options: {
    timeout?: number;
    maxJobsToActivate?: number;
    requestTimeout?: number;
    worker?: string;
  } = {},
): Promise<ActivatedJob[]> {
  const response = await worker(api).post('/jobs/activation', {
    type,
    worker: options.worker ?? 'test',
    timeout: options.timeout ?? 60_000,
    maxJobsToActivate: options.maxJobsToActivate ?? 1,
    requestTimeout: options.requestTimeout ?? 1_000,
  });
  expectStatus(response, 200, `activate ${type}`);
  return response.body.jobs;
}
