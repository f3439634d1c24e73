/**
 * Multi-instance loop characteristics compile to `multiInstance` data on the activity;
 * models Zeebe would reject for them are rejected at deploy, each problem naming the
 * activity.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compiled, problemsOf } from './fixtures';

/** Reads `compileLoops.<variant>.bpmn` from beside the spec. */
function loopFixture(variant: string): string {
  return readFileSync(new URL(`./compileLoops.${variant}.bpmn`, import.meta.url), 'utf8');
}

const TASK = 'bpmn:ServiceTask';

describe('compileMultiInstance', () => {
  it('compiles the loop characteristics of a parallel task, a sequential subprocess and a user task', async () => {
    // given
    const xml = loopFixture('valid');

    // when
    const { definitions, warnings } = await compiled(xml);

    // then
    const elements = definitions[0]!.elements;
    expect(warnings).toEqual([]);
    expect(elements['notify']?.multiInstance).toEqual({
      sequential: false,
      inputCollection: { kind: 'feel', expression: 'contacts' },
      inputElement: 'contact',
      outputCollection: 'results',
      outputElement: { kind: 'feel', expression: 'result' },
      completionCondition: 'numberOfCompletedInstances >= 2',
    });
    expect(elements['onboard']?.multiInstance).toEqual({
      sequential: true,
      inputCollection: { kind: 'feel', expression: 'accounts' },
      inputElement: null,
      outputCollection: null,
      outputElement: null,
      completionCondition: null,
    });
    // a completion condition written without '=' is FEEL all the same
    expect(elements['approve']?.multiInstance).toMatchObject({
      inputElement: 'approver',
      completionCondition: 'numberOfCompletedInstances = 1',
    });
  });

  it('keeps the element itself as it is without the loop: type, behaviour and flows', async () => {
    // given
    const xml = loopFixture('valid');

    // when
    const { definitions } = await compiled(xml);

    // then
    const elements = definitions[0]!.elements;
    expect(elements['notify']).toMatchObject({
      type: 'SERVICE_TASK',
      behavior: 'jobWorker',
      incoming: ['toNotify'],
      outgoing: ['toOnboard'],
    });
    expect(elements['onboard']).toMatchObject({
      type: 'SUB_PROCESS',
      startEventId: 'onboardStart',
    });
    expect(elements['approve']).toMatchObject({ type: 'USER_TASK', behavior: 'userTask' });
    expect(elements['archive']).not.toHaveProperty('multiInstance');
  });
});

describe('validateMultiInstance', () => {
  it('rejects loops without a FEEL input collection, with bad names, half an output or an invalid condition, naming each activity', async () => {
    // given
    const xml = loopFixture('problems');

    // when
    const problems = await problemsOf(xml);

    // then
    const noInput =
      'a multi-instance activity must have an input collection (zeebe:loopCharacteristics inputCollection)';
    expect(problems.map((p) => [p.elementId, p.elementType, p.message])).toEqual([
      ['Loop_NoZeebe', TASK, noInput],
      ['Loop_NoInput', TASK, noInput],
      [
        'Loop_StaticInput',
        TASK,
        "the input collection must be a FEEL expression starting with '=', not 'items'",
      ],
      [
        'Loop_BadInputFeel',
        TASK,
        'the input collection is not valid FEEL: the expression ends too early',
      ],
      ['Loop_BadNames', TASK, "inputElement 'my item' must be a variable name"],
      ['Loop_BadNames', TASK, "outputCollection 'all results' must be a variable name"],
      [
        'Loop_OutputWithoutElement',
        TASK,
        'an output collection needs an output element (zeebe:loopCharacteristics outputElement)',
      ],
      [
        'Loop_ElementWithoutOutput',
        TASK,
        'an output element needs an output collection (zeebe:loopCharacteristics outputCollection)',
      ],
      [
        'Loop_BadCondition',
        TASK,
        'the completion condition is not valid FEEL: the expression ends too early',
      ],
    ]);
  });
});
