/** Deploy-time checks of execution listeners, each naming its element. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemsOf } from './fixtures';

describe('execution listener validation', () => {
  it('needs a job type and start or end, and refuses the kinds Zeebe does not run', async () => {
    // given
    const xml = readFileSync(new URL('./compileListeners.problems.bpmn', import.meta.url), 'utf8');

    // when
    const problems = (await problemsOf(xml)).map((p) => `${p.elementId}: ${p.message}`);

    // then
    expect(problems).toEqual([
      'Task_NoType: an execution listener must have a job type (zeebe:executionListener type)',
      "Task_NoType: an execution listener's eventType must be start or end, not 'created'",
      "Task_NoType: zeebe:executionListener retries must be a whole number, not 'many'",
      'Boundary_Timer: start execution listeners are not supported here: boundary events are entered when they are triggered',
      'End_Error: end execution listeners are not supported here: an error end event ends its scope instead',
      'Gateway_Split: end execution listeners are not supported here: gateways end as they take their flows',
    ]);
  });
});
