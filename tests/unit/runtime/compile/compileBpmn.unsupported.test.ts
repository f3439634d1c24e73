import { describe, expect, it } from 'vitest';
import { fixture, problemsOf } from './fixtures';

type Expected = [elementId: string, elementType: string, message: string];

function asProblems(expected: Expected[]) {
  return expected.map(([elementId, elementType, message]) => ({ elementId, elementType, message }));
}

describe('compileBpmn rejects what the runtime does not execute yet', () => {
  it('names every unsupported event by id, type and trigger and accepts the executed ones', async () => {
    // given one executable process with each event kind, executed ones among them
    const xml = fixture('unsupportedEvents');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then each unsupported one is a problem of its own, and only they are: the multiple start
    // event that shares StartEvent_Message's message is not reported as a duplicate of it
    const e = 'bpmn:StartEvent';
    const c = 'bpmn:IntermediateCatchEvent';
    const end = 'bpmn:EndEvent';
    expect(problems).toEqual(
      asProblems([
        ['StartEvent_Conditional', e, 'conditional start events are not supported yet'],
        [
          'StartEvent_Multiple',
          e,
          'multiple start events (more than one event definition) are not supported',
        ],
        ['Catch_Conditional', c, 'conditional intermediate catch events are not supported yet'],
        [
          'Catch_ParallelMultiple',
          c,
          'parallel multiple intermediate catch events are not supported',
        ],
        ['End_Cancel', end, 'cancel end events are not supported'],
        [
          'End_Multiple',
          end,
          'multiple end events (more than one event definition) are not supported',
        ],
      ]),
    );
  });

  it('names every unsupported boundary event, interrupting or not', async () => {
    // given a user task with one boundary event per trigger the runtime does not execute
    const xml = fixture('unsupportedBoundaryEvents');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then
    const b = 'bpmn:BoundaryEvent';
    expect(problems).toEqual(
      asProblems([
        ['Boundary_Conditional', b, 'conditional boundary events are not supported yet'],
        ['Boundary_Cancel', b, 'cancel boundary events are not supported'],
      ]),
    );
  });

  it('names standard loops, transactions and ad-hoc subprocesses', async () => {
    // given a chain of activities and loop markers, subprocesses and multi-instance ones among them
    const xml = fixture('unsupportedActivities');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then each unsupported one is named once; the contents of a rejected subprocess are not examined
    expect(problems).toEqual(
      asProblems([
        ['Task_Retry', 'bpmn:Task', 'standard loops are not supported'],
        ['Transaction_Booking', 'bpmn:Transaction', 'transaction subprocesses are not supported'],
        ['AdHoc_Research', 'bpmn:AdHocSubProcess', 'ad-hoc subprocesses are not supported yet'],
      ]),
    );
  });

  it('names complex gateways and accepts the inclusive gateway before it', async () => {
    // given a process routed through an inclusive gateway into a complex one
    const xml = fixture('unsupportedGateways');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then only the complex gateway is a problem: inclusive gateways are executed
    expect(problems).toEqual(
      asProblems([
        ['Gateway_Complex', 'bpmn:ComplexGateway', 'complex gateways are not supported'],
      ]),
    );
  });

  it('rejects Zeebe extensions with behaviour the runtime lacks', async () => {
    // given execution listeners, a deployment-bound form and a canceling task listener
    // (all executed) and a doubled task definition
    const xml = fixture('unsupportedExtensions');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual(
      asProblems([
        ['Task_Archive', 'bpmn:ServiceTask', 'must not have more than one zeebe:taskDefinition'],
      ]),
    );
  });
});
