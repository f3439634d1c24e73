/**
 * Deploy-time problems of scopes and of the events that cross them: the start events of
 * embedded and event subprocesses, error and escalation codes, where error and escalation
 * start events may be, and link names. Each problem names the element it is about.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compiled, problemsOf } from './fixtures';

/** Reads `validateScopes.<variant>.bpmn` from beside the spec. */
function scopeFixture(variant: string): string {
  return readFileSync(new URL(`./validateScopes.${variant}.bpmn`, import.meta.url), 'utf8');
}

type Expected = [elementId: string, elementType: string, message: string];

function asProblems(expected: Expected[]) {
  return expected.map(([elementId, elementType, message]) => ({ elementId, elementType, message }));
}

const SUB = 'bpmn:SubProcess';
const START = 'bpmn:StartEvent';
const END = 'bpmn:EndEvent';
const THROW = 'bpmn:IntermediateThrowEvent';
const CATCH = 'bpmn:IntermediateCatchEvent';
const BOUNDARY = 'bpmn:BoundaryEvent';

describe('validateScopes', () => {
  it('rejects subprocesses without exactly one none start and event subprocesses with flows or without a triggered start', async () => {
    // given
    const xml = scopeFixture('subProcesses');

    // when
    const problems = await problemsOf(xml);

    // then: Sub_Ok and Esp_Ok are fine
    const embedded = 'an embedded subprocess must have exactly one start event, a none start event';
    const eventStart =
      'an event subprocess must have exactly one start event, with a timer, message, signal, error or escalation definition';
    expect(problems).toEqual(
      asProblems([
        ['Sub_NoStart', SUB, embedded],
        ['Sub_TwoStarts', SUB, embedded],
        ['Sub_TimerStart', SUB, embedded],
        [
          'Esp_WithFlows',
          SUB,
          'an event subprocess must not have incoming or outgoing sequence flows',
        ],
        ['Esp_NoStart', SUB, eventStart],
        ['Esp_NoneStart', SUB, eventStart],
        ['Start_NonInterruptingError', START, 'an error start event must be interrupting'],
        [
          'Start_MessageNoKey',
          START,
          "message 'order.changed' must have a correlation key (zeebe:subscription correlationKey)",
        ],
      ]),
    );
  });

  it('rejects error and escalation throws without a code, non-interrupting error boundaries and error or escalation starts in the process', async () => {
    // given
    const xml = scopeFixture('codes');

    // when
    const problems = await problemsOf(xml);

    // then: a non-interrupting escalation boundary event is fine
    const noErrorCode = 'must refer to an error with a code (bpmn:error errorCode)';
    expect(problems).toEqual(
      asProblems([
        ['End_NoErrorRef', END, noErrorCode],
        ['End_NoErrorCode', END, noErrorCode],
        [
          'Throw_NoEscalationCode',
          THROW,
          'must refer to an escalation with a code (bpmn:escalation escalationCode)',
        ],
        ['End_FeelCode', END, 'the error code is not valid FEEL: the expression ends too early'],
        ['Boundary_NonInterruptingError', BOUNDARY, 'an error boundary event must be interrupting'],
        ['Start_Error', START, 'error start events are allowed only in event subprocesses'],
        [
          'Start_Escalation',
          START,
          'escalation start events are allowed only in event subprocesses',
        ],
      ]),
    );
  });

  it('rejects a second link catch of one name and link throws without a catch in their own scope', async () => {
    // given
    const xml = scopeFixture('links');

    // when
    const problems = await problemsOf(xml);

    // then: the subprocess's own `next` link is fine; its `page2` throw does not see the process's catch
    expect(problems).toEqual(
      asProblems([
        [
          'Throw_ToOuter',
          THROW,
          "link throw event 'page2' has no link catch event of that name in its scope",
        ],
        ['Catch_Page2Again', CATCH, "link 'page2' has more than one catch event in this scope"],
        [
          'Throw_Nowhere',
          THROW,
          "link throw event 'page9' has no link catch event of that name in its scope",
        ],
      ]),
    );
  });

  it('compiles subprocesses, event subprocesses and their events to scoped elements', async () => {
    // given
    const xml = readFileSync(
      new URL('../engine/eventSubProcess.inSubProcess.bpmn', import.meta.url),
      'utf8',
    );

    // when
    const { definitions } = await compiled(xml);

    // then
    const [definition] = definitions;
    expect(definition?.eventSubProcesses).toBeUndefined();
    expect(definition?.elements['signing']).toMatchObject({
      type: 'SUB_PROCESS',
      behavior: 'subProcess',
      startEventId: 'signingStart',
      eventSubProcesses: ['amendment', 'withdrawal'],
    });
    expect(definition?.elements['amendment']).toMatchObject({
      type: 'EVENT_SUB_PROCESS',
      scopeId: 'signing',
      startEventId: 'amended',
    });
    expect(definition?.elements['amended']).toMatchObject({
      scopeId: 'amendment',
      interrupting: false,
      trigger: { kind: 'message' },
    });
    expect(definition?.elements['withdrawn']?.interrupting).toBe(true);
    expect(definition?.elements['sign']?.scopeId).toBe('signing');
  });
});
