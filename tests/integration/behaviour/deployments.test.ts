/**
 * Deployments: several resources deploy atomically; identical bytes are the same version,
 * changed bytes the next one; the XML comes back byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends';
import type { TestServer } from '../../support/testServer';
import { fixture, fixtureBytes, searchItems, startOn } from './support';

describe.each(backends())('deployments on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startOn(backend, 'deploy');
  });
  afterAll(() => server?.close());

  const definitionsOf = (processDefinitionId: string, filter: Record<string, unknown> = {}) =>
    searchItems(server.api, '/process-definitions/search', {
      filter: { processDefinitionId, ...filter },
      sort: [{ field: 'version' }],
    });
  const deployOne = async (name: string) => {
    const answer = await server.api.deploy({ 'offer.bpmn': fixture(name) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return (answer.body as any).deployments[0].processDefinition;
  };

  // The cases build on each other: they run in order.
  let first: { processDefinitionKey: string; processDefinitionVersion: number };
  let second: { processDefinitionKey: string; processDefinitionVersion: number };

  it('deploys nothing when one of several resources is invalid', async () => {
    // when a valid and an invalid model are deployed together
    const answer = await server.api.deploy({
      'offer.bpmn': fixture('Deployments.offer'),
      'invalid.bpmn': fixture('Deployments.invalid'),
    });
    // then the deployment is rejected, naming the broken element
    expect(answer.status).toBe(400);
    const problem = answer.body as any;
    expect(problem.title).toBe('INVALID_ARGUMENT');
    expect(problem.detail).toContain('Task_NoType');
    expect(problem.errors).toContainEqual(expect.objectContaining({ elementId: 'Task_NoType' }));
    // and neither process exists
    expect(await definitionsOf('deploy-offer')).toEqual([]);
    expect(await definitionsOf('deploy-invalid')).toEqual([]);
  });

  it('deploys version 1, and the same key and version again for identical bytes', async () => {
    // when
    first = await deployOne('Deployments.offer');
    const again = await deployOne('Deployments.offer');
    // then
    expect(first.processDefinitionVersion).toBe(1);
    expect(again).toMatchObject({
      processDefinitionKey: first.processDefinitionKey,
      processDefinitionVersion: 1,
    });
    expect(await definitionsOf('deploy-offer')).toHaveLength(1);
  });

  it('deploys version 2 when the bytes changed', async () => {
    // when
    second = await deployOne('Deployments.offerChanged');
    // then
    expect(second.processDefinitionVersion).toBe(2);
    expect(second.processDefinitionKey).not.toBe(first.processDefinitionKey);
    const versions = await definitionsOf('deploy-offer');
    expect(versions.map((d) => [d.version, d.name])).toEqual([
      [1, 'Angebot prüfen – Größe 🚀'],
      [2, 'Angebot prüfen (v2)'],
    ]);
  });

  it('filters by isLatestVersion', async () => {
    // when
    const latest = await definitionsOf('deploy-offer', { isLatestVersion: true });
    const older = await definitionsOf('deploy-offer', { isLatestVersion: false });
    // then
    expect(latest.map((d) => d.processDefinitionKey)).toEqual([second.processDefinitionKey]);
    expect(older.map((d) => d.processDefinitionKey)).toEqual([first.processDefinitionKey]);
  });

  it('starts the latest version by process id', async () => {
    // when
    const started = await server.api.post('/process-instances', {
      processDefinitionId: 'deploy-offer',
    });
    // then
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({
      processDefinitionKey: second.processDefinitionKey,
      processDefinitionVersion: 2,
    });
  });

  it('returns the XML of each version as text/xml, byte for byte', async () => {
    for (const [definition, name] of [
      [first, 'Deployments.offer'],
      [second, 'Deployments.offerChanged'],
    ] as const) {
      // when
      const response = await fetch(
        `${server.url}/v2/process-definitions/${definition.processDefinitionKey}/xml`,
        { headers: { authorization: `Basic ${Buffer.from('demo:demo').toString('base64')}` } },
      );
      // then
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/xml\b/);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(fixtureBytes(name))).toBe(true);
    }
  });

  it('answers 404 for the XML of an unknown definition', async () => {
    // when
    const answer = await server.api.get('/process-definitions/2251799813999999/xml');
    // then
    expect(answer.status).toBe(404);
  });
});
