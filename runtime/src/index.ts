/** Relata's headless BPMN runtime: compile models, process commands. No I/O here. */
export * from './model/CompiledDefinition';
export * from './model/Command';
export * from './model/InstanceState';
export * from './model/RuntimeRecord';
export { processCommand, type CommandResult } from './engine/processCommand';
export { KeyRangeExhaustedError, DEFAULT_STEP_BUDGET } from './engine/Execution';
export { localVariablesOf, visibleVariablesOf } from './engine/inspect';
export { USER_TASK_HEADERS } from './engine/taskListenerHeaders';
export { scheduleStartTimer, startEventTriggers, nextCycleFiring } from './engine/startEvents';
export type { StartEventTrigger } from './engine/startEvents';
export * from './dmn';
