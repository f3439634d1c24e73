/** Deploy-time problems of business rule tasks, each naming the task. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemsOf } from './fixtures';

describe('business rule task validation', () => {
  it('needs a decision with a result variable and a complete binding, or a job type', async () => {
    // given
    const xml = readFileSync(
      new URL('./compileBusinessRuleTask.problems.bpmn', import.meta.url),
      'utf8',
    );

    // when
    const problems = (await problemsOf(xml)).map((p) => `${p.elementId}: ${p.message}`);

    // then (Rule_Job, a job, is fine)
    expect(problems).toEqual([
      'Rule_Nothing: a business rule task needs a decision (zeebe:calledDecision decisionId and resultVariable) or a job type (zeebe:taskDefinition type)',
      'Rule_NoResult: must name the variable for the result (zeebe:calledDecision resultVariable)',
      "Rule_Binding: binding type 'versionTag' needs a version tag (zeebe:calledDecision versionTag)",
    ]);
  });
});
