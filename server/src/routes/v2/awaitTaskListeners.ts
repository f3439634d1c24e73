/**
 * Camunda answers a user task command only once the task listeners of its transition are
 * done: 204 when the transition took effect, 409 when a listener denied it, 504 when they
 * take longer than the request timeout (the transition keeps waiting for them). A
 * listener's job may be completed through any server process, so the wait listens for
 * this process's projections and also reads the commit log now and then.
 */
import type { ExecutedCommand } from '../../engine/EngineService';
import { ProblemError } from '../../http/ProblemError';
import type { V2Deps } from './V2Deps';

const POLL_MS = 500;

export type TaskCommand = 'COMPLETE' | 'ASSIGN' | 'UPDATE';

const DENIED: Record<TaskCommand, string> = {
  COMPLETE: 'Completion',
  ASSIGN: 'Assignment',
  UPDATE: 'Update',
};

type Outcome =
  { kind: 'done' } | { kind: 'denied'; reason: string } | { kind: 'ended'; canceling?: true };

export async function awaitTaskListeners(
  deps: V2Deps,
  executed: ExecutedCommand,
  userTaskKey: string,
  command: TaskCommand,
): Promise<void> {
  const transitionKey = executed.state.userTasks[userTaskKey]?.transition?.key;
  const timeoutMs = Math.min(deps.limits.defaultRequestTimeoutMs, deps.limits.maxRequestTimeoutMs);
  if (transitionKey === undefined || timeoutMs <= 0) return;
  const instanceKey = String(executed.state.processInstanceKey);
  const outcome = await waitFor(deps, instanceKey, userTaskKey, transitionKey, timeoutMs);
  const rejected = `Command '${command}' rejected with code 'INVALID_STATE'`;
  if (outcome === null) {
    throw new ProblemError(
      504,
      `The task listeners of user task '${userTaskKey}' did not finish within ${timeoutMs} ms; the ${DENIED[command].toLowerCase()} waits for them.`,
    );
  }
  if (outcome.kind === 'denied') {
    throw ProblemError.conflict(
      `${rejected}: ${DENIED[command]} of the User Task with key '${userTaskKey}' was denied by Task Listener. Reason to deny: '${outcome.reason}'`,
    );
  }
  if (outcome.kind === 'ended') {
    const canceled = `${rejected}: User task '${userTaskKey}' was canceled`;
    if (outcome.canceling) throw ProblemError.conflict(canceled);
    const row = await deps.c.userTasks.findOne({ _id: userTaskKey }, { projection: { state: 1 } });
    if (row?.state === 'CANCELED') throw ProblemError.conflict(canceled);
  }
}

/** How the transition ended, or null when it still waits after `timeoutMs`. */
function waitFor(
  deps: V2Deps,
  instanceKey: string,
  userTaskKey: string,
  transitionKey: number,
  timeoutMs: number,
): Promise<Outcome | null> {
  return new Promise((resolve, reject) => {
    let checking = false;
    let again = false;
    const finish = (outcome: Outcome | null) => {
      clearTimeout(timer);
      clearInterval(poll);
      deps.engine.events.off('userTask.changed', onChange);
      resolve(outcome);
    };
    const check = async () => {
      if (checking) return void (again = true);
      checking = true;
      try {
        do {
          again = false;
          const loaded = await deps.engine.load(instanceKey, { verify: true });
          const task = loaded?.state.userTasks[userTaskKey];
          if (!task) return finish({ kind: 'ended' });
          // Its element is terminated: the task's canceling listeners replaced the transition.
          if (task.state === 'CANCELING') return finish({ kind: 'ended', canceling: true });
          if (task.transition?.key === transitionKey) continue;
          if (task.denial?.transitionKey === transitionKey)
            return finish({ kind: 'denied', reason: task.denial.reason });
          return finish({ kind: 'done' });
        } while (again);
      } catch (error) {
        clearTimeout(timer);
        clearInterval(poll);
        deps.engine.events.off('userTask.changed', onChange);
        reject(error as Error);
      } finally {
        checking = false;
      }
    };
    const onChange = (key: number) => {
      if (String(key) === userTaskKey) void check();
    };
    deps.engine.events.on('userTask.changed', onChange);
    const poll = setInterval(() => void check(), POLL_MS);
    const timer = setTimeout(() => finish(null), timeoutMs);
    void check();
  });
}
