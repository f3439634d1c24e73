import { describe, expect, it } from 'vitest';
import { fixture, problemsOf } from './fixtures';

type Expected = [elementId: string, elementType: string, message: string];

function asProblems(expected: Expected[]) {
  return expected.map(([elementId, elementType, message]) => ({ elementId, elementType, message }));
}

describe('compileBpmn rejects what the runtime does not execute yet', () => {
  it('names every unsupported event by id, type and trigger and accepts timer, message and signal events', async () => {
    // given one executable process with each event kind, timer, message and signal ones among them
    const xml = fixture('unsupportedEvents');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then each unsupported one is a problem of its own, and only they are: the multiple start
    // event that shares StartEvent_Message's message is not reported as a duplicate of it
    const e = 'bpmn:StartEvent';
    const c = 'bpmn:IntermediateCatchEvent';
    const t = 'bpmn:IntermediateThrowEvent';
    const end = 'bpmn:EndEvent';
    expect(problems).toEqual(
      asProblems([
        ['StartEvent_Conditional', e, 'conditional start events are not supported yet'],
        [
          'StartEvent_Multiple',
          e,
          'multiple start events (more than one event definition) are not supported',
        ],
        ['Catch_Link', c, 'link intermediate catch events are not supported yet'],
        ['Catch_Conditional', c, 'conditional intermediate catch events are not supported yet'],
        [
          'Catch_ParallelMultiple',
          c,
          'parallel multiple intermediate catch events are not supported',
        ],
        ['Throw_Escalation', t, 'escalation intermediate throw events are not supported yet'],
        ['Throw_Compensation', t, 'compensation intermediate throw events are not supported yet'],
        ['Throw_Link', t, 'link intermediate throw events are not supported yet'],
        ['End_Error', end, 'error end events are not supported yet'],
        ['End_Escalation', end, 'escalation end events are not supported yet'],
        ['End_Compensation', end, 'compensation end events are not supported yet'],
        ['End_Terminate', end, 'terminate end events are not supported yet'],
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
        ['Boundary_Error', b, 'error boundary events are not supported yet'],
        ['Boundary_Escalation', b, 'escalation boundary events are not supported yet'],
        ['Boundary_Conditional', b, 'conditional boundary events are not supported yet'],
        ['Boundary_Compensation', b, 'compensation boundary events are not supported yet'],
        ['Boundary_Cancel', b, 'cancel boundary events are not supported'],
      ]),
    );
  });

  it('names subprocesses, call activities, script and rule tasks and loops', async () => {
    // given a chain of unsupported activities and loop markers
    const xml = fixture('unsupportedActivities');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then each is named once; the contents of a rejected subprocess are not examined
    expect(problems).toEqual(
      asProblems([
        ['SubProcess_Onboarding', 'bpmn:SubProcess', 'embedded subprocesses are not supported yet'],
        ['CallActivity_Kyc', 'bpmn:CallActivity', 'call activities are not supported yet'],
        ['ScriptTask_Discount', 'bpmn:ScriptTask', 'script tasks are not supported yet'],
        [
          'BusinessRuleTask_Segment',
          'bpmn:BusinessRuleTask',
          'business rule tasks are not supported yet',
        ],
        [
          'ServiceTask_NotifyAll',
          'bpmn:ServiceTask',
          'parallel multi-instance activities are not supported yet',
        ],
        [
          'UserTask_Approve',
          'bpmn:UserTask',
          'sequential multi-instance activities are not supported yet',
        ],
        ['Task_Retry', 'bpmn:Task', 'standard loops are not supported'],
        ['Transaction_Booking', 'bpmn:Transaction', 'transaction subprocesses are not supported'],
        ['AdHoc_Research', 'bpmn:AdHocSubProcess', 'ad-hoc subprocesses are not supported yet'],
        ['ServiceTask_Refund', 'bpmn:ServiceTask', 'compensation handlers are not supported yet'],
        ['EventSubProcess_Cancel', 'bpmn:SubProcess', 'event subprocesses are not supported yet'],
      ]),
    );
  });

  it('names inclusive and complex gateways', async () => {
    // given a process routed through each unsupported gateway kind
    const xml = fixture('unsupportedGateways');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then a condition out of the inclusive gateway is not reported on top of the gateway
    expect(problems).toEqual(
      asProblems([
        ['Gateway_Inclusive', 'bpmn:InclusiveGateway', 'inclusive gateways are not supported yet'],
        ['Gateway_Complex', 'bpmn:ComplexGateway', 'complex gateways are not supported'],
      ]),
    );
  });

  it('rejects Zeebe extensions with behaviour the runtime lacks', async () => {
    // given execution and task listeners, a deployment-bound form and a doubled task definition
    const xml = fixture('unsupportedExtensions');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual(
      asProblems([
        [
          'listeners',
          'bpmn:Process',
          'execution listeners (zeebe:executionListeners) are not supported yet',
        ],
        [
          'Task_Approve',
          'bpmn:UserTask',
          'task listeners (zeebe:taskListeners) are not supported yet',
        ],
        ['Task_Approve', 'bpmn:UserTask', "form binding type 'deployment' is not supported yet"],
        ['Task_Archive', 'bpmn:ServiceTask', 'must not have more than one zeebe:taskDefinition'],
        [
          'Task_Archive',
          'bpmn:ServiceTask',
          'execution listeners (zeebe:executionListeners) are not supported yet',
        ],
      ]),
    );
  });
});
