/**
 * Deploy-time checks of compensation: a compensation boundary event is associated with
 * exactly one handler (an activity with isForCompensation) and has no outgoing flows, and a
 * handler is entered only by compensation. Each problem names the element it is about.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compiled, problemsOf } from './fixtures';

/** Reads `validateCompensation.<variant>.bpmn` from beside the spec. */
function compensationFixture(variant: string): string {
  return readFileSync(new URL(`./validateCompensation.${variant}.bpmn`, import.meta.url), 'utf8');
}

const BOUNDARY = 'bpmn:BoundaryEvent';
const SERVICE_TASK = 'bpmn:ServiceTask';
const NO_HANDLER =
  'a compensation boundary event must be associated with exactly one compensation handler (an activity with isForCompensation)';
const HANDLER_FLOWS = 'a compensation handler must not have incoming or outgoing sequence flows';

describe('validateCompensation', () => {
  it('rejects compensation boundary events without exactly one handler, handlers with flows and boundaries with flows', async () => {
    // given
    const xml = compensationFixture('problems');

    // when
    const problems = await problemsOf(xml);

    // then: Boundary_Ok with Handler_Ok is fine, and each problem names its element
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          elementId: 'Boundary_WithFlow',
          elementType: BOUNDARY,
          message: 'a compensation boundary event must not have outgoing sequence flows',
        },
        { elementId: 'Boundary_NoAssociation', elementType: BOUNDARY, message: NO_HANDLER },
        { elementId: 'Boundary_NotHandler', elementType: BOUNDARY, message: NO_HANDLER },
        { elementId: 'Boundary_Dangling', elementType: BOUNDARY, message: NO_HANDLER },
        { elementId: 'Boundary_TwoHandlers', elementType: BOUNDARY, message: NO_HANDLER },
        { elementId: 'Boundary_InSubNoAssociation', elementType: BOUNDARY, message: NO_HANDLER },
        { elementId: 'Handler_WithIncoming', elementType: SERVICE_TASK, message: HANDLER_FLOWS },
        { elementId: 'Handler_WithOutgoing', elementType: SERVICE_TASK, message: HANDLER_FLOWS },
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it('ties each compensated activity to its handler and compiles compensation throws', async () => {
    // given
    const xml = compensationFixture('valid');

    // when
    const { definitions } = await compiled(xml);

    // then: the association inside the subprocess counts as well
    const { elements } = definitions[0]!;
    expect(elements.reserve?.compensationHandler).toBe('release');
    expect(elements.charge?.compensationHandler).toBe('refund');
    expect(elements.release?.isForCompensation).toBe(true);
    expect(elements.refund?.isForCompensation).toBe(true);
    expect(elements.reserveCompensation?.trigger).toEqual({ kind: 'compensation' });
    expect(elements.undoReserve).toMatchObject({
      behavior: 'compensationThrow',
      compensateActivity: 'reserve',
    });
    expect(elements.undoAll?.behavior).toBe('compensationThrow');
    expect(elements.undoAll?.compensateActivity).toBeUndefined();
  });
});
