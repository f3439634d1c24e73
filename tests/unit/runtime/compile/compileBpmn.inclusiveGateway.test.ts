import { describe, expect, it } from 'vitest';
import { compiled, fixture, problemsOf } from './fixtures';

describe('compileBpmn: inclusive gateways', () => {
  it('compiles a forking and a joining inclusive gateway with the default flow', async () => {
    // given a fork with a conditional, an unconditional and a default flow into a join
    const xml = fixture('inclusiveGateway');

    // when it is compiled
    const { definitions, warnings } = await compiled(xml);

    // then
    const [definition] = definitions;
    expect(warnings).toEqual([]);
    expect(definition?.elements['Gateway_Fork']).toMatchObject({
      type: 'INCLUSIVE_GATEWAY',
      behavior: 'inclusiveGateway',
      name: 'How to follow up?',
      incoming: ['Flow_1'],
      outgoing: ['Flow_Call', 'Flow_Mail', 'Flow_Note'],
      defaultFlow: 'Flow_Note',
      inputs: [],
      outputs: [],
    });
    expect(definition?.elements['Gateway_Join']).toMatchObject({
      type: 'INCLUSIVE_GATEWAY',
      behavior: 'inclusiveGateway',
      incoming: ['Flow_Call', 'Flow_Mail', 'Flow_Note'],
      outgoing: ['Flow_End'],
    });
    expect(definition?.elements['Gateway_Join']).not.toHaveProperty('defaultFlow');
    expect(definition?.flows['Flow_Call']).toMatchObject({ condition: 'wantsCall' });
    expect(definition?.flows['Flow_Mail']).not.toHaveProperty('condition');
  });

  it('rejects a default flow that does not leave the gateway', async () => {
    // given an inclusive gateway whose default flow leaves the task before it
    const xml = fixture('inclusiveGatewayDefault');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual([
      {
        elementId: 'Gateway_Fork',
        elementType: 'bpmn:InclusiveGateway',
        message: "default flow 'Flow_Elsewhere' must be an outgoing flow of this gateway",
      },
    ]);
  });
});
