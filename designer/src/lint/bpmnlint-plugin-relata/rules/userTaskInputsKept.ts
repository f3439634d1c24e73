import { t } from '../../../i18n';
import type { LintRule, ModdleNode } from '../../lintTypes';

/**
 * `relata/user-task-inputs-kept`: what a person enters for a user task's input-mapped
 * variable is set on the task's own scope (as in Zeebe), so without an output mapping of
 * that name it is gone when the task ends. The Tasks page builds its form from exactly
 * those variables, so each one should be mapped out again.
 */
export default function userTaskInputsKept(): LintRule {
  return {
    check(node, reporter) {
      if (!node.$instanceOf('bpmn:UserTask')) return;
      const mapping = ioMapping(node);
      if (!mapping) return;
      const inputs = targets(mapping.inputParameters);
      const outputs = new Set(sources(mapping.outputParameters));
      // A multi-instance task hands each item's variables on through its output element.
      const element = loopOutputElement(node);
      const lost = inputs.filter(
        (name) => !outputs.has(name) && !new RegExp(`\\b${name}\\b`).test(element),
      );
      if (lost.length > 0)
        reporter.report(node.id, t('lint.userTaskInputsKept', { names: lost.join(', ') }));
    },
  };
}

/** The FEEL of `zeebe:loopCharacteristics outputElement`, or '' without one. */
function loopOutputElement(node: ModdleNode): string {
  const loop = node.loopCharacteristics as ModdleNode | undefined;
  const extensionElements = loop?.extensionElements as { values?: ModdleNode[] } | undefined;
  const zeebe = extensionElements?.values?.find((value) =>
    value.$instanceOf('zeebe:LoopCharacteristics'),
  );
  const raw = zeebe?.outputElement;
  return typeof raw === 'string' && raw.trim().startsWith('=') ? raw : '';
}

function ioMapping(node: ModdleNode): ModdleNode | undefined {
  const extensionElements = node.extensionElements as { values?: ModdleNode[] } | undefined;
  return extensionElements?.values?.find((value) => value.$instanceOf('zeebe:IoMapping'));
}

/** The variables the inputs create (the first segment of each target). */
function targets(parameters: unknown): string[] {
  return list(parameters)
    .map((parameter) => String(parameter.target ?? '').split('.')[0]!)
    .filter((name) => name !== '');
}

/** The variables the outputs read: `=name` or `=name.…` sources, by their first name. */
function sources(parameters: unknown): string[] {
  return list(parameters).flatMap((parameter) => {
    const match = /^=\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(String(parameter.source ?? ''));
    return match ? [match[1]!] : [];
  });
}

function list(parameters: unknown): ModdleNode[] {
  return Array.isArray(parameters) ? (parameters as ModdleNode[]) : [];
}
