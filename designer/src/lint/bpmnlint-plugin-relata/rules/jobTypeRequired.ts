import { t } from '../../../i18n';
import type { LintRule, ModdleNode } from '../../lintTypes';

const JOB_TASKS = ['bpmn:ServiceTask', 'bpmn:SendTask'];
const THROW_EVENTS = ['bpmn:IntermediateThrowEvent', 'bpmn:EndEvent'];

/** Message throw and end events run as jobs too, as in Zeebe. */
function throwsMessage(node: ModdleNode): boolean {
  if (!THROW_EVENTS.some((type) => node.$instanceOf(type))) return false;
  const definitions = (node.eventDefinitions as ModdleNode[] | undefined) ?? [];
  return definitions.length === 1 && definitions[0]!.$instanceOf('bpmn:MessageEventDefinition');
}

/**
 * `relata/job-type-required`: a service or send task, or a message throw or end event,
 * runs as a job, so it needs the job type its workers subscribe to
 * (`zeebe:taskDefinition type`); the deploy refuses it otherwise.
 */
export default function jobTypeRequired(): LintRule {
  return {
    check(node, reporter) {
      if (!JOB_TASKS.some((type) => node.$instanceOf(type)) && !throwsMessage(node)) return;
      const type = taskDefinition(node)?.type;
      if (typeof type !== 'string' || type.trim() === '') {
        reporter.report(node.id, t('lint.jobTypeRequired'));
      }
    },
  };
}

function taskDefinition(node: ModdleNode): ModdleNode | undefined {
  const extensionElements = node.extensionElements as { values?: ModdleNode[] } | undefined;
  return extensionElements?.values?.find((value) => value.$instanceOf('zeebe:TaskDefinition'));
}
