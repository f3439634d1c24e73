import { describe, expect, it } from 'vitest';
import { fixture, problemsOf } from './fixtures';

describe('compileBpmn validates executable processes', () => {
  it('requires a job type on service and send tasks', async () => {
    // given a service task without zeebe:taskDefinition and a send task with an empty type
    const xml = fixture('missingJobType');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then both are named, along with the send task's retries that are not a number
    expect(problems).toEqual([
      {
        elementId: 'Task_CreateAccount',
        elementType: 'bpmn:ServiceTask',
        message: 'must have a job type (zeebe:taskDefinition type)',
      },
      {
        elementId: 'Task_Welcome',
        elementType: 'bpmn:SendTask',
        message: 'must have a job type (zeebe:taskDefinition type)',
      },
      {
        elementId: 'Task_Welcome',
        elementType: 'bpmn:SendTask',
        message: "zeebe:taskDefinition retries must be a whole number, not 'three'",
      },
    ]);
  });

  it('names the sequence flow whose FEEL condition does not parse', async () => {
    // given a gateway condition "=discount > 0.2 and" that ends too early
    const xml = fixture('badFeelCondition');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual([
      {
        elementId: 'Flow_Large',
        elementType: 'bpmn:SequenceFlow',
        message: 'condition is not valid FEEL: the expression ends too early',
      },
    ]);
  });

  it('checks every FEEL attribute and static value of tasks, naming the attribute', async () => {
    // given a service task and a user task full of broken attributes
    const xml = fixture('badFeelAttributes');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then all of them are reported at once
    expect(problems.map((p) => [p.elementId, p.message])).toEqual([
      ['Task_Price', 'zeebe:taskDefinition type is an empty FEEL expression'],
      [
        'Task_Price',
        'zeebe:taskDefinition retries is not valid FEEL: the expression ends too early',
      ],
      [
        'Task_Price',
        "zeebe:input source (target 'lines') is not valid FEEL: the expression ends too early",
      ],
      ['Task_Price', 'every zeebe:output must have a target variable name'],
      [
        'Task_Approve',
        'zeebe:assignmentDefinition assignee is not valid FEEL: the expression ends too early',
      ],
      [
        'Task_Approve',
        'zeebe:assignmentDefinition candidateGroups must be a comma-separated list without empty entries',
      ],
      [
        'Task_Approve',
        "zeebe:taskSchedule dueDate must be an ISO 8601 date-time with offset, not 'tomorrow'",
      ],
      [
        'Task_Approve',
        'zeebe:taskSchedule followUpDate is not valid FEEL: the expression ends too early',
      ],
      [
        'Task_Approve',
        "zeebe:priorityDefinition priority must be a number from 0 to 100, not '150'",
      ],
      [
        'Task_Approve',
        'zeebe:formDefinition must have exactly one of formId and externalReference',
      ],
    ]);
  });

  it('applies Zeebe’s gateway rules for default flows and conditions', async () => {
    // given a gateway whose default leaves another element, flows without or with bad
    // conditions, and conditions out of a parallel gateway and a task
    const xml = fixture('gatewayRules');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then (Zeebe rejects conditions out of parallel gateways rather than ignoring them)
    expect(problems).toEqual([
      {
        elementId: 'Gateway_Route',
        elementType: 'bpmn:ExclusiveGateway',
        message: "default flow 'Flow_Elsewhere' must be an outgoing flow of this gateway",
      },
      {
        elementId: 'Flow_B',
        elementType: 'bpmn:SequenceFlow',
        message: "must have a condition or be the default flow of gateway 'Gateway_Route'",
      },
      { elementId: 'Flow_C', elementType: 'bpmn:SequenceFlow', message: 'condition is empty' },
      {
        elementId: 'Flow_D',
        elementType: 'bpmn:SequenceFlow',
        message: "condition must be a FEEL expression starting with '=', not 'approved'",
      },
      {
        elementId: 'Flow_P1',
        elementType: 'bpmn:SequenceFlow',
        message:
          "a condition is only allowed on a flow out of an exclusive or inclusive gateway, not out of bpmn:ParallelGateway 'Gateway_Fork'",
      },
      {
        elementId: 'Flow_T',
        elementType: 'bpmn:SequenceFlow',
        message:
          "a condition is only allowed on a flow out of an exclusive or inclusive gateway, not out of bpmn:Task 'Task_Check'",
      },
    ]);
  });

  it('requires exactly one none start event and closed start and end events', async () => {
    // given two none start events, one with an incoming flow, and an end event that continues
    const xml = fixture('startAndEndEvents');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual([
      {
        elementId: 'StartEvent_Phone',
        elementType: 'bpmn:StartEvent',
        message: 'start events must not have incoming sequence flows',
      },
      {
        elementId: 'EndEvent_1',
        elementType: 'bpmn:EndEvent',
        message: 'end events must not have outgoing sequence flows',
      },
      {
        elementId: 'two-starts',
        elementType: 'bpmn:Process',
        message:
          'a process must have exactly one none start event, found 2 (StartEvent_Web, StartEvent_Phone)',
      },
    ]);
  });

  it('rejects a process without a start event', async () => {
    // given
    const xml = fixture('noStartEvent');

    // when
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual([
      {
        elementId: 'no-start',
        elementType: 'bpmn:Process',
        message: 'a process must have a none start event',
      },
    ]);
  });

  it('names sequence flows whose source or target is missing', async () => {
    // given a flow to a deleted task and a flow without sourceRef
    const xml = fixture('danglingFlow');

    // when it is compiled
    const problems = await problemsOf(xml);

    // then each flow is named once, with what is missing
    expect(problems).toEqual([
      {
        elementId: 'Flow_ToNowhere',
        elementType: 'bpmn:SequenceFlow',
        message: "sequence flow target 'Task_Deleted' does not exist",
      },
      {
        elementId: 'Flow_FromNowhere',
        elementType: 'bpmn:SequenceFlow',
        message: 'sequence flow must have a source (sourceRef)',
      },
    ]);
  });
});
