/**
 * Timer, message and signal events, receive tasks, boundary events and event-based
 * gateways compile to data the runtime executes: what each waits for or throws, and
 * which activity a boundary event is attached to.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { CompiledDefinition } from '../../../../runtime/src/model/CompiledDefinition';
import { compiled } from './fixtures';

describe('compileBpmn with events', () => {
  let definition: CompiledDefinition;

  beforeAll(async () => {
    // given a process with every supported event kind
    const xml = readFileSync(new URL('./compileEvents.all.bpmn', import.meta.url), 'utf8');

    // when it is compiled
    const result = await compiled(xml);

    // then
    expect(result.warnings).toEqual([]);
    definition = result.definitions[0] as CompiledDefinition;
  });

  it('keeps the none start event apart from the start events with a trigger', () => {
    expect(definition.startEventId).toBe('manual');
    expect(definition.eventStartIds).toEqual(['nightly', 'ordered', 'campaign']);
    expect(definition.elements['nightly']?.trigger).toEqual({
      kind: 'timer',
      timer: { kind: 'cycle', value: { kind: 'static', value: '0 0 2 * * ?' } },
    });
    // a message start event has no correlation key
    expect(definition.elements['ordered']?.trigger).toEqual({
      kind: 'message',
      message: { name: { kind: 'static', value: 'order.placed' }, correlationKey: null },
    });
    expect(definition.elements['campaign']?.trigger).toEqual({
      kind: 'signal',
      signal: { name: { kind: 'static', value: 'campaign.launched' } },
    });
  });

  it('compiles catch events and receive tasks to waits for their trigger', () => {
    expect(definition.elements['coolOff']).toMatchObject({
      type: 'INTERMEDIATE_CATCH_EVENT',
      behavior: 'catchEvent',
      trigger: {
        kind: 'timer',
        timer: { kind: 'duration', value: { kind: 'feel', expression: 'duration("PT5M")' } },
      },
    });
    const payment = {
      kind: 'message',
      message: {
        name: { kind: 'static', value: 'payment.received' },
        correlationKey: { kind: 'feel', expression: 'orderId' },
      },
    };
    expect(definition.elements['paid']).toMatchObject({ behavior: 'catchEvent', trigger: payment });
    expect(definition.elements['confirmation']).toMatchObject({
      type: 'RECEIVE_TASK',
      behavior: 'catchEvent',
      trigger: payment,
    });
  });

  it('compiles an event-based gateway that leads to the events it waits for', () => {
    expect(definition.elements['gateway']).toMatchObject({
      type: 'EVENT_BASED_GATEWAY',
      behavior: 'eventBasedGateway',
      outgoing: ['f4', 'f5'],
    });
    expect(definition.elements['launched']?.trigger).toEqual({
      kind: 'signal',
      signal: { name: { kind: 'static', value: 'campaign.launched' } },
    });
  });

  it('links boundary events and their activity both ways, with whether they interrupt', () => {
    expect(definition.elements['ship']?.boundaryEvents).toEqual(['cancelled', 'nudge']);
    expect(definition.elements['cancelled']).toMatchObject({
      type: 'BOUNDARY_EVENT',
      behavior: 'boundaryEvent',
      attachedTo: 'ship',
      cancelActivity: true,
      trigger: {
        kind: 'message',
        message: {
          name: { kind: 'feel', expression: '"order." + "cancelled"' },
          correlationKey: { kind: 'static', value: 'order-1' },
        },
      },
    });
    expect(definition.elements['nudge']).toMatchObject({
      attachedTo: 'ship',
      cancelActivity: false,
      trigger: { kind: 'timer', timer: { kind: 'cycle', value: { value: 'R3/PT1H' } } },
    });
  });

  it('runs a message throw event as a job and broadcasts signals from throw and end events', () => {
    expect(definition.elements['refund']).toMatchObject({
      type: 'INTERMEDIATE_THROW_EVENT',
      behavior: 'jobWorker',
      job: { type: { kind: 'static', value: 'crm.refund' }, retries: { value: '3' } },
    });
    expect(definition.elements['announce']).toMatchObject({
      behavior: 'signalThrow',
      signal: { name: { kind: 'static', value: 'order.shipped' } },
    });
    expect(definition.elements['done']).toMatchObject({
      type: 'END_EVENT',
      behavior: 'signalThrow',
      signal: { name: { kind: 'feel', expression: '"order.done"' } },
    });
  });
});
