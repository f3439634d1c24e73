import type { UserTaskState } from '../model/InstanceState';
import type { UserTaskRowState } from '../model/RuntimeRecord';
import type { Execution } from './Execution';

export function recordUserTask(exec: Execution, task: UserTaskState, state: UserTaskRowState) {
  exec.records.push({
    kind: 'userTask',
    row: { ...task },
    state,
    completionDate: state === 'CREATED' ? null : exec.nowIso,
  });
}
