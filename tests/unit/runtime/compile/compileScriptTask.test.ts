/** Deploy-time problems of script tasks, each naming the task. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemsOf } from './fixtures';

describe('script task validation', () => {
  it('needs a FEEL script with a result variable, or a job type, not both', async () => {
    // given
    const xml = readFileSync(new URL('./compileScriptTask.problems.bpmn', import.meta.url), 'utf8');

    // when
    const problems = (await problemsOf(xml)).map((p) => `${p.elementId}: ${p.message}`);

    // then
    expect(problems).toEqual([
      'Script_Nothing: a script task needs a FEEL script (zeebe:script expression and resultVariable) or a job type (zeebe:taskDefinition type)',
      'Script_Both: a script task has either zeebe:script or zeebe:taskDefinition, not both',
      "Script_Static: zeebe:script expression must be FEEL starting with '=', not '1 + 1'",
      expect.stringMatching(/^Script_NoResult: zeebe:script expression is not valid FEEL/),
      'Script_NoResult: must name the variable for the result (zeebe:script resultVariable)',
    ]);
  });
});
