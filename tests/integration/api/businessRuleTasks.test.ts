/**
 * Business rule tasks against a real server: the task's decision is found among the
 * deployed DMN and evaluated, its result lands in the result variable; a decision that is
 * not deployed, or fails, is an incident that resolving retries.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/testServer';
import { startApiServer, startInstance, waitFor } from './apiTestKit';

const file = (name: string) =>
  readFileSync(new URL(`./businessRuleTasks.${name}`, import.meta.url), 'utf8');

describe('business rule tasks', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startApiServer('business_rule_tasks');
    const { status, body } = await server.api.deploy({
      'dinner.dmn': file('dinner.dmn'),
      'dinner.bpmn': file('dinner.bpmn'),
    });
    expect(status, JSON.stringify(body)).toBe(200);
  });
  afterAll(() => server.close());

  const variable = (key: string, name: string) =>
    waitFor(async () => {
      const { body } = await server.api.post('/variables/search', {
        filter: { processInstanceKey: key, name },
      });
      const item = body.items?.[0] as { value: string } | undefined;
      return item ? (JSON.parse(item.value) as unknown) : undefined;
    }, `variable ${name} of ${key}`);

  const incidentOf = (key: string) =>
    waitFor(async () => {
      const { body } = await server.api.post('/incidents/search', {
        filter: { processInstanceKey: key, state: 'ACTIVE' },
      });
      return body.items?.[0] as
        | { incidentKey: string; errorType: string; errorMessage: string; elementId: string }
        | undefined;
    }, `an incident of ${key}`);

  it('evaluates the decision, with its required decision, into the result variable', async () => {
    // when
    const key = await startInstance(server.api, 'brt-dinner', {
      decisionId: 'dish',
      month: 10,
      guests: 4,
    });

    // then
    expect(await variable(key, 'dish')).toBe('Spareribs');
    await waitFor(async () => {
      const { body } = await server.api.post('/user-tasks/search', {
        filter: { processInstanceKey: key, elementId: 'Task_Cook' },
      });
      return body.items?.[0];
    }, 'the cook task');
  });

  it('waits on CALLED_DECISION_ERROR for a decision that is not deployed, and goes on once it is', async () => {
    // given
    const key = await startInstance(server.api, 'brt-dinner', {
      decisionId: 'dessert',
      month: 10,
      guests: 4,
    });
    const incident = await incidentOf(key);
    expect(incident).toMatchObject({
      errorType: 'CALLED_DECISION_ERROR',
      elementId: 'Task_ChooseDish',
      errorMessage:
        "Expected to evaluate decision 'dessert', but no decision found for id 'dessert'",
    });

    // when a dessert decision is deployed and the incident resolved
    const deployed = await server.api.deploy({ 'dessert.dmn': file('dessert.dmn') });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
    const resolved = await server.api.post(`/incidents/${incident.incidentKey}/resolution`, {});
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(204);

    // then
    expect(await variable(key, 'dish')).toBe('Spareribs');
  });

  it('waits on DECISION_EVALUATION_ERROR when the decision fails, and evaluates again once resolved', async () => {
    // given a UNIQUE table in which two rules match few guests
    const deployed = await server.api.deploy({ 'drinks.dmn': file('ambiguous.dmn') });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);

    // when
    const key = await startInstance(server.api, 'brt-dinner', { decisionId: 'drink', guests: 4 });

    // then
    const incident = await incidentOf(key);
    expect(incident.errorType).toBe('DECISION_EVALUATION_ERROR');
    expect(incident.errorMessage).toContain('UNIQUE');

    // when the guests are more than the first rule allows, and the incident is resolved
    const { body } = await server.api.post('/element-instances/search', {
      filter: { processInstanceKey: key, elementId: 'Task_ChooseDish' },
    });
    const set = await server.api.request(
      'PUT',
      `/element-instances/${body.items[0].elementInstanceKey}/variables`,
      { variables: { guests: 12 } },
    );
    expect(set.status, JSON.stringify(set.body)).toBe(204);
    await server.api.post(`/incidents/${incident.incidentKey}/resolution`, {});

    // then only the catch-all rule matches
    expect(await variable(key, 'dish')).toBe('Juice');
  });
});
