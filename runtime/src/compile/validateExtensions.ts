import { prefixOf, type ModdleElement } from '../parse/moddleElement';
import type { ProblemCollector } from './problemCollector';
import { extensionValues, zeebeTag } from './zeebeExtensions';

/** Zeebe extensions with behaviour the runtime does not have yet: rejected, never ignored. */
const UNSUPPORTED_EXTENSIONS: Readonly<Record<string, string>> = {
  'zeebe:LinkedResources': 'linked resources',
  'zeebe:JobPriorityDefinition': 'job priorities',
  'zeebe:AgentDefinition': 'AI agent definitions',
};

const TASK = ['zeebe:IoMapping', 'zeebe:Properties', 'zeebe:ExecutionListeners'];
const GATEWAY = ['zeebe:Properties', 'zeebe:ExecutionListeners'];
const JOB = [...TASK, 'zeebe:TaskDefinition', 'zeebe:TaskHeaders'];

/** The Zeebe extensions the compiler reads, per element type; `zeebe:properties` is metadata. */
const READ_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'bpmn:Process': [
    'zeebe:VersionTag',
    'zeebe:Properties',
    'zeebe:UserTaskForm',
    'zeebe:ExecutionListeners',
  ],
  'bpmn:StartEvent': TASK,
  'bpmn:EndEvent': JOB,
  'bpmn:IntermediateThrowEvent': JOB,
  'bpmn:IntermediateCatchEvent': TASK,
  'bpmn:BoundaryEvent': TASK,
  'bpmn:ReceiveTask': TASK,
  'bpmn:EventBasedGateway': GATEWAY,
  'bpmn:ServiceTask': JOB,
  'bpmn:SendTask': JOB,
  'bpmn:UserTask': [
    ...TASK,
    'zeebe:UserTask',
    'zeebe:AssignmentDefinition',
    'zeebe:TaskSchedule',
    'zeebe:PriorityDefinition',
    'zeebe:FormDefinition',
    'zeebe:TaskHeaders',
    'zeebe:TaskListeners',
  ],
  'bpmn:ManualTask': TASK,
  'bpmn:Task': TASK,
  'bpmn:ExclusiveGateway': GATEWAY,
  'bpmn:ParallelGateway': GATEWAY,
  'bpmn:InclusiveGateway': GATEWAY,
  'bpmn:SubProcess': TASK,
  'bpmn:CallActivity': [...TASK, 'zeebe:CalledElement'],
  'bpmn:ScriptTask': [...JOB, 'zeebe:Script'],
  'bpmn:BusinessRuleTask': [...JOB, 'zeebe:CalledDecision'],
  'bpmn:SequenceFlow': ['zeebe:Properties'],
};

/**
 * Checks the Zeebe extension elements of a supported element: unsupported ones and
 * duplicates are problems (Zeebe rejects duplicates too); ones that have no effect on this
 * element type are reported as warnings, as Zeebe ignores them.
 */
export function validateExtensions(element: ModdleElement, collector: ProblemCollector): void {
  const read = READ_EXTENSIONS[element.$type] ?? [];
  const seen = new Set<string>();
  for (const extension of extensionValues(element)) {
    const type = extension.$type;
    if (prefixOf(type) !== 'zeebe') continue;
    const tag = zeebeTag(type);
    const unsupported = UNSUPPORTED_EXTENSIONS[type];
    if (unsupported) {
      collector.add(element, `${unsupported} (${tag}) are not supported yet`);
    } else if (!read.includes(type)) {
      collector.warn(element, `${tag} has no effect here and is ignored`);
    } else if (seen.has(type)) {
      collector.add(element, `must not have more than one ${tag}`);
    }
    seen.add(type);
  }
}
