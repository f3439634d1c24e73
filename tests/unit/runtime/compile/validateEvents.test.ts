/**
 * Deploy-time problems of timers, messages, signals, boundary events and event-based
 * gateways: Zeebe rejects these models, so the runtime does too, each problem naming
 * the element it is about.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemsOf } from './fixtures';

/** Reads `validateEvents.<variant>.bpmn` from beside the spec. */
function eventFixture(variant: string): string {
  return readFileSync(new URL(`./validateEvents.${variant}.bpmn`, import.meta.url), 'utf8');
}

type Expected = [elementId: string, elementType: string, message: string];

function asProblems(expected: Expected[]) {
  return expected.map(([elementId, elementType, message]) => ({ elementId, elementType, message }));
}

const CATCH = 'bpmn:IntermediateCatchEvent';
const THROW = 'bpmn:IntermediateThrowEvent';
const START = 'bpmn:StartEvent';
const END = 'bpmn:EndEvent';
const BOUNDARY = 'bpmn:BoundaryEvent';
const GATEWAY = 'bpmn:EventBasedGateway';

describe('validateEvents', () => {
  it('rejects timers with two fields or none, bad static values, bad FEEL and fields the event does not take', async () => {
    // given
    const xml = eventFixture('timers');

    // when
    const problems = await problemsOf(xml);

    // then: the non-interrupting boundary with a cycle is fine
    expect(problems).toEqual(
      asProblems([
        [
          'Start_Duration',
          START,
          'a timer on this event must have timeDate or timeCycle, not timeDuration',
        ],
        [
          'Timer_TwoFields',
          CATCH,
          'a timer must have exactly one of timeDate, timeDuration or timeCycle',
        ],
        [
          'Timer_BadDuration',
          CATCH,
          "the timer's timeDuration is invalid: 'PT1X' is not an ISO 8601 duration",
        ],
        [
          'Timer_Cycle',
          CATCH,
          'a timer on this event must have timeDate or timeDuration, not timeCycle',
        ],
        [
          'Timer_BadFeel',
          CATCH,
          "the timer's timeDuration is not valid FEEL: the expression ends too early",
        ],
        [
          'Timer_Empty',
          CATCH,
          'a timer must have exactly one of timeDate, timeDuration or timeCycle',
        ],
        [
          'Boundary_Cycle',
          BOUNDARY,
          'an interrupting timer boundary event cannot have a timeCycle; make it non-interrupting',
        ],
      ]),
    );
  });

  it('rejects messages without a name or correlation key, message throws without a job type and two message starts for one name', async () => {
    // given
    const xml = eventFixture('messages');

    // when
    const problems = await problemsOf(xml);

    // then: start events named alike but without a message are not duplicates of each other
    const noName = 'must refer to a message with a name (bpmn:message name)';
    const noKey =
      "message 'lead.received' must have a correlation key (zeebe:subscription correlationKey)";
    const noJob = 'must have a job type (zeebe:taskDefinition type)';
    expect(problems).toEqual(
      asProblems([
        ['Start_Unnamed1', START, noName],
        ['Start_Unnamed2', START, noName],
        ['Catch_NoKey', CATCH, noKey],
        ['Catch_NoName', CATCH, noName],
        ['Catch_NoMessage', CATCH, noName],
        ['Receive_NoKey', 'bpmn:ReceiveTask', noKey],
        [
          'Catch_BadKey',
          CATCH,
          'zeebe:subscription correlationKey is not valid FEEL: the expression ends too early',
        ],
        ['Throw_NoJob', THROW, noJob],
        ['End_NoJob', END, noJob],
        [
          'Start_LeadAgain',
          START,
          "another message start event already waits for message 'lead.received'",
        ],
      ]),
    );
  });

  it('rejects signal catch, throw, end and start events without a signal name', async () => {
    // given
    const xml = eventFixture('signals');

    // when
    const problems = await problemsOf(xml);

    // then
    const noName = 'must refer to a signal with a name (bpmn:signal name)';
    expect(problems).toEqual(
      asProblems([
        ['Catch_Nameless', CATCH, noName],
        ['Throw_NoSignal', THROW, noName],
        ['End_Nameless', END, noName],
        ['Start_Nameless', START, noName],
      ]),
    );
  });

  it('rejects boundary events on a gateway, on a missing activity, unattached, without an outgoing flow or with an incoming one', async () => {
    // given
    const xml = eventFixture('boundaries');

    // when
    const problems = await problemsOf(xml);

    // then
    const notAttached = 'a boundary event must be attached to an activity the runtime executes';
    expect(problems).toEqual(
      asProblems([
        ['Boundary_Missing', BOUNDARY, "unresolved reference 'Task_Missing' (bpmn:attachedToRef)"],
        ['Boundary_OnGateway', BOUNDARY, notAttached],
        ['Boundary_Missing', BOUNDARY, notAttached],
        ['Boundary_Unattached', BOUNDARY, notAttached],
        [
          'Boundary_NoFlow',
          BOUNDARY,
          'a boundary event must have at least one outgoing sequence flow',
        ],
        ['Boundary_Incoming', BOUNDARY, 'boundary events must not have incoming sequence flows'],
      ]),
    );
  });

  it('rejects event-based gateways with one flow, a flow to a task, a conditional flow or one message twice', async () => {
    // given
    const xml = eventFixture('gateways');

    // when
    const problems = await problemsOf(xml);

    // then
    expect(problems).toEqual(
      asProblems([
        [
          'Gateway_OneFlow',
          GATEWAY,
          'an event-based gateway must have at least two outgoing sequence flows',
        ],
        [
          'Gateway_ToTask',
          GATEWAY,
          "an event-based gateway may lead only to timer, message or signal catch events or receive tasks, not to 'work'",
        ],
        [
          'Gateway_Conditional',
          GATEWAY,
          "the sequence flows of an event-based gateway cannot have conditions ('f8')",
        ],
        [
          'f8',
          'bpmn:SequenceFlow',
          "a condition is only allowed on a flow out of an exclusive or inclusive gateway, not out of bpmn:EventBasedGateway 'Gateway_Conditional'",
        ],
        ['Gateway_SameMessage', GATEWAY, "two events after the gateway wait for message 'paid'"],
      ]),
    );
  });
});
