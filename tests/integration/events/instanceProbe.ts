/**
 * Looks at instances through the `/v2` searches, for the event tests: an instance's state,
 * its element instances, its root variables, and which instances hold a variable value.
 */
import { expect } from 'vitest';
import type { Api } from '../../support/testServer';
import { waitFor } from '../api/apiTestKit';

export interface ElementInstance {
  elementId: string;
  state: string;
  type: string;
}

/** `api` is read at each call, so a test file may create its server in `beforeAll`. */
export function instanceProbe(api: () => Api) {
  async function stateOf(processInstanceKey: string): Promise<string> {
    const answer = await api().get(`/process-instances/${processInstanceKey}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.state;
  }

  async function waitForState(processInstanceKey: string, state: string) {
    let last = '';
    try {
      await waitFor(async () => {
        last = await stateOf(processInstanceKey);
        return last === state ? last : undefined;
      }, `instance ${processInstanceKey} to be ${state}`);
    } catch (error) {
      throw new Error(`${(error as Error).message}; it is ${last}`);
    }
  }

  async function elements(processInstanceKey: string): Promise<ElementInstance[]> {
    const answer = await api().post('/element-instances/search', {
      filter: { processInstanceKey },
      page: { limit: 100 },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.items;
  }

  const statesOf = async (processInstanceKey: string, elementId: string) =>
    (await elements(processInstanceKey))
      .filter((element) => element.elementId === elementId)
      .map((element) => element.state);

  /** Variables of the instance's root scope, as values. */
  async function rootVariables(processInstanceKey: string): Promise<Record<string, unknown>> {
    const answer = await api().post('/variables/search', {
      filter: { processInstanceKey, scopeKey: processInstanceKey },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return Object.fromEntries(
      answer.body.items.map((item: { name: string; value: string }) => [
        item.name,
        JSON.parse(item.value),
      ]),
    );
  }

  /** Keys of the instances whose variable `name` holds `value`. */
  async function instancesWith(name: string, value: unknown): Promise<string[]> {
    const answer = await api().post('/variables/search', {
      filter: { name, value: JSON.stringify(value) },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.items.map((item: { processInstanceKey: string }) => item.processInstanceKey);
  }

  return { stateOf, waitForState, elements, statesOf, rootVariables, instancesWith };
}
