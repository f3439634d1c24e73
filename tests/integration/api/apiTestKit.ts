/**
 * Shared pieces of the `/v2` API tests: a server per test file on the SQLite backend, a
 * check of RFC 9457 problem details (D7), a tally of what is stored (to prove a rejected
 * request stored nothing), and small BPMN documents.
 */
import { expect } from 'vitest';
import { backends, freshDbName } from '../../support/backends';
import {
  databaseUri,
  startTestServer,
  type Api,
  type ApiResponse,
  type TestServer,
} from '../../support/testServer';

export const WORKER = { user: 'demo-worker', password: 'demo-secret' } as const;

/** A 2^60 integer, exact in JSON text but beyond JavaScript's safe integers. */
export const TWO_POW_60 = '1152921504606846976';

/** Starts a server with the demo users and examples on a fresh SQLite-backed database. */
export function startApiServer(name: string): Promise<TestServer> {
  const sqlite = backends()[0]!;
  return startTestServer(databaseUri(sqlite.uri, freshDbName(`api_${name}`)));
}

export const worker = (api: Api) => api.as(WORKER.user, WORKER.password);

/** One request as the tests describe it: a JSON value, or raw text sent as JSON. */
export interface Call {
  method: string;
  path: string;
  /** Serialised with JSON.stringify. */
  json?: unknown;
  /** Sent as is with `Content-Type: application/json` (malformed JSON, 1e400, ...). */
  raw?: string;
  headers?: Record<string, string>;
}

export function send(api: Api, call: Call): Promise<ApiResponse<any>> {
  if (call.raw !== undefined) {
    return api.request(call.method, call.path, call.raw, {
      'content-type': 'application/json',
      ...call.headers,
    });
  }
  return api.request(call.method, call.path, call.json, call.headers);
}

/** Sends the call with no Authorization header at all, plus the given headers. */
export async function sendAnonymous(
  url: string,
  call: Call,
  headers: Record<string, string> = {},
): Promise<ApiResponse<any>> {
  const body = call.raw ?? (call.json === undefined ? undefined : JSON.stringify(call.json));
  const response = await fetch(`${url}/v2${call.path}`, {
    method: call.method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}

/**
 * Every call answers 401 `WWW-Authenticate: Basic` with no credentials, with an empty
 * Authorization header and with a wrong password.
 */
export async function expectAllUnauthorized(server: { url: string; api: Api }, calls: Call[]) {
  for (const call of calls) {
    expectUnauthorized(await sendAnonymous(server.url, call), call.path);
    expectUnauthorized(await sendAnonymous(server.url, call, { authorization: '' }), call.path);
    expectUnauthorized(await send(server.api.as('demo', 'wrong'), call), call.path);
  }
}

export interface ProblemItem {
  pointer?: string;
  elementId?: string | null;
  message: string;
}

/** What the problem's `errors` list must name. */
export interface Names {
  pointer?: string;
  elementId?: string;
}

/**
 * Asserts an RFC 9457 problem: the status, `application/problem+json`, all five fields,
 * `instance` = the request path. Bad input (400, 413, 415) must also carry a non-empty
 * `errors` list whose entries each name a field (`pointer`) or an element (`elementId`).
 */
export function expectProblem(
  response: ApiResponse<any>,
  status: number,
  path: string,
  names: Names = {},
): ProblemItem[] {
  const shown = JSON.stringify(response.body);
  expect(response.status, shown).toBe(status);
  expect(response.headers.get('content-type'), shown).toMatch(/^application\/problem\+json/);
  const body = response.body;
  expect(body, shown).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: `/v2${path.split('?')[0]}`,
  });
  expect(body.detail.length, shown).toBeGreaterThan(0);
  const errors: ProblemItem[] = body.errors ?? [];
  if ([400, 413, 415].includes(status)) {
    expect(errors.length, `${shown} has no errors list`).toBeGreaterThan(0);
    for (const error of errors) {
      expect(typeof error.message === 'string' && error.message.length > 0, shown).toBe(true);
      const named = typeof error.pointer === 'string' || typeof error.elementId === 'string';
      expect(named, `${JSON.stringify(error)} names no field or element`).toBe(true);
    }
  }
  if (names.pointer !== undefined) {
    expect(
      errors.map((error) => error.pointer),
      shown,
    ).toContain(names.pointer);
  }
  if (names.elementId !== undefined) {
    expect(
      errors.map((error) => error.elementId),
      shown,
    ).toContain(names.elementId);
  }
  return errors;
}

/** 401 with `WWW-Authenticate: Basic` (not a browser), as a problem. */
export function expectUnauthorized(response: ApiResponse<any>, path: string) {
  expectProblem(response, 401, path);
  expect(response.headers.get('www-authenticate') ?? '').toMatch(/^Basic\b/);
}

const SEARCHES = [
  'process-definitions',
  'process-instances',
  'element-instances',
  'variables',
  'user-tasks',
  'jobs',
  'incidents',
] as const;

export type Tally = Record<(typeof SEARCHES)[number], number>;

/** How many rows each search finds (as admin): a rejected request must change none. */
export async function tally(api: Api): Promise<Tally> {
  const entries = await Promise.all(
    SEARCHES.map(async (resource) => {
      const { status, body } = await api.post(`/${resource}/search`, { page: { limit: 1 } });
      expect(status, `${resource} search: ${JSON.stringify(body)}`).toBe(200);
      return [resource, body.page.totalItems as number] as const;
    }),
  );
  return Object.fromEntries(entries) as Tally;
}

/** The server still answers. */
export async function expectServing(api: Api) {
  const { status } = await api.get('/topology');
  expect(status).toBe(200);
}

/**
 * Sends a bad request and checks the whole D7 contract: the problem names the field or
 * element, nothing was stored, and the server keeps serving.
 */
export async function expectRejected(
  api: Api,
  call: Call,
  status: number,
  names: Names = {},
  as: Api = api,
): Promise<ProblemItem[]> {
  const before = await tally(api);
  const errors = expectProblem(await send(as, call), status, call.path, names);
  expect(await tally(api)).toEqual(before);
  await expectServing(api);
  return errors;
}

/** Polls until the probe returns something other than undefined. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A unique suffix, so process ids and job types of one file never meet another's. */
export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const NAMESPACES =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_Api" ' +
  'targetNamespace="http://bpmn.io/schema/bpmn"';

/** A flow node for {@link sequenceProcess}; `{{flows}}` marks where its flows go. */
export interface FlowNode {
  id: string;
  xml: string;
}

/** A process document: start → the given nodes in sequence → end. */
export function sequenceProcess(processId: string, nodes: FlowNode[], name = processId): string {
  const ids = ['Start', ...nodes.map((node) => node.id), 'End'];
  const flows = ids
    .slice(1)
    .map((target, index) => ({ id: `Flow_${index}`, source: ids[index]!, target }));
  const refs = (id: string) =>
    [
      ...flows
        .filter((flow) => flow.target === id)
        .map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`),
      ...flows
        .filter((flow) => flow.source === id)
        .map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`),
    ].join('');
  const sequenceFlows = flows.map(
    (flow) =>
      `<bpmn:sequenceFlow id="${flow.id}" sourceRef="${flow.source}" targetRef="${flow.target}" />`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NAMESPACES}>
  <bpmn:process id="${processId}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="Start">${refs('Start')}</bpmn:startEvent>
    ${nodes.map((node) => node.xml.replace('{{flows}}', refs(node.id))).join('\n    ')}
    ${sequenceFlows.join('\n    ')}
    <bpmn:endEvent id="End">${refs('End')}</bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

/** A service task of the given job type. */
export const serviceTask = (id: string, jobType: string, retries = 3): FlowNode => ({
  id,
  xml: `<bpmn:serviceTask id="${id}" name="Work"><bpmn:extensionElements><zeebe:taskDefinition type="${jobType}" retries="${retries}" /></bpmn:extensionElements>{{flows}}</bpmn:serviceTask>`,
});

/** A Camunda user task offered as the attributes say (`candidateGroups`, `candidateUsers`). */
export const userTask = (id: string, assignment: Record<string, string>): FlowNode => {
  const attributes = Object.entries(assignment)
    .map(([name, value]) => `${name}="${value}"`)
    .join(' ');
  return {
    id,
    xml: `<bpmn:userTask id="${id}" name="Review"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition ${attributes} /></bpmn:extensionElements>{{flows}}</bpmn:userTask>`,
  };
};

/** A conditional catch event: the runtime does not run those yet, so a deploy is rejected. */
export const conditionalCatchEvent = (id: string): FlowNode => ({
  id,
  xml: `<bpmn:intermediateCatchEvent id="${id}">{{flows}}<bpmn:conditionalEventDefinition><bpmn:condition>=answered</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`,
});

/** Deploys one document as `name` and returns its process definition key. */
export async function deployProcess(api: Api, name: string, xml: string): Promise<string> {
  const { status, body } = await api.deploy({ [name]: xml });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.deployments[0].processDefinition.processDefinitionKey as string;
}

/** Starts an instance as the given caller and returns its key. */
export async function startInstance(
  api: Api,
  processDefinitionId: string,
  variables: Record<string, unknown> = {},
): Promise<string> {
  const { status, body } = await api.post('/process-instances', { processDefinitionId, variables });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.processInstanceKey as string;
}
