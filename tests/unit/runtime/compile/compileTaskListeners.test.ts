/** Deploy-time reading and checks of user task listeners, each problem naming its element. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compiled, problemsOf } from './fixtures';

const read = (variant: string) =>
  readFileSync(new URL(`./compileTaskListeners.${variant}.bpmn`, import.meta.url), 'utf8');

describe('user task listener compilation', () => {
  it('reads the event types Camunda Modeler writes now and the older ones, in model order', async () => {
    // when
    const { definitions } = await compiled(read('spellings'));

    // then
    expect(definitions[0]!.elements.review!.userTask?.listeners).toEqual({
      creating: [
        {
          type: { kind: 'static', value: 'audit.created' },
          retries: { kind: 'static', value: '3' },
        },
      ],
      assigning: [
        {
          type: { kind: 'static', value: 'audit.assigned' },
          retries: { kind: 'static', value: '5' },
        },
        {
          type: { kind: 'feel', expression: '"notify." + channel' },
          retries: { kind: 'static', value: '3' },
        },
      ],
      updating: [
        {
          type: { kind: 'static', value: 'audit.updated' },
          retries: { kind: 'static', value: '3' },
        },
      ],
      completing: [
        {
          type: { kind: 'static', value: 'audit.completed' },
          retries: { kind: 'feel', expression: 'maxRetries' },
        },
      ],
      canceling: [
        {
          type: { kind: 'static', value: 'audit.canceled' },
          retries: { kind: 'static', value: '3' },
        },
        {
          type: { kind: 'static', value: 'notify.canceled' },
          retries: { kind: 'static', value: '1' },
        },
      ],
    });
  });

  it('needs a Camunda user task, a known event type and a job type, and accepts canceling listeners', async () => {
    // when
    const problems = (await problemsOf(read('problems'))).map(
      (p) => `${p.elementId}: ${p.message}`,
    );

    // then
    expect(problems).toEqual([
      'Task_JobWorker: task listeners (zeebe:taskListeners) need a Camunda user task (zeebe:userTask)',
      "Task_Camunda: a task listener's eventType must be creating, assigning, updating, completing or canceling, not 'timeout'",
      'Task_Camunda: a task listener must have a job type (zeebe:taskListener type)',
      "Task_Camunda: zeebe:taskListener retries must be a whole number, not 'often'",
    ]);
  });
});
