/**
 * `zeebe:calledElement` of a call activity: the called process id (static or FEEL), the
 * version binding, and which variables cross between caller and called instance.
 */
import type { CalledElementDefinition } from '../model/CompiledDefinition';
import { booleanProp, isWritten, stringProp, type ModdleElement } from '../parse/moddleElement';
import { toExpression } from './expressions';
import type { ProblemCollector } from './problemCollector';
import { validateExpression } from './validateExpression';
import { findExtension } from './zeebeExtensions';

const BINDINGS = new Set(['latest', 'deployment', 'versionTag']);

function processIdOf(called: ModdleElement | undefined): string {
  const raw =
    called && (stringProp(called, 'processId') ?? stringProp(called, 'processIdExpression'));
  return (raw ?? '').trim();
}

export function compileCalledElement(node: ModdleElement): CalledElementDefinition {
  const called = findExtension(node, 'zeebe:CalledElement');
  const binding = called && stringProp(called, 'bindingType');
  const versionTag = called && stringProp(called, 'versionTag')?.trim();
  return {
    processId: toExpression(processIdOf(called)),
    bindingType: binding === 'deployment' || binding === 'versionTag' ? binding : 'latest',
    ...(binding === 'versionTag' && versionTag ? { versionTag } : {}),
    // Zeebe propagates all child variables unless told otherwise
    propagateAllChildVariables:
      !called || booleanProp(called, 'propagateAllChildVariables') !== false,
    propagateAllParentVariables:
      !called || booleanProp(called, 'propagateAllParentVariables') !== false,
  };
}

export function validateCallActivity(node: ModdleElement, c: ProblemCollector): void {
  const called = findExtension(node, 'zeebe:CalledElement');
  const processId = processIdOf(called);
  if (!processId) {
    c.add(node, 'a call activity must name the process it calls (zeebe:calledElement processId)');
    return;
  }
  validateExpression(c, node, 'zeebe:calledElement processId', processId);
  const binding =
    called && isWritten(called, 'bindingType') ? stringProp(called, 'bindingType') : undefined;
  if (binding !== undefined && !BINDINGS.has(binding)) {
    c.add(
      node,
      `call activity binding type '${binding}' is not supported; use latest, deployment or versionTag`,
    );
  }
  if (binding === 'versionTag' && !stringProp(called!, 'versionTag')?.trim()) {
    c.add(node, "binding type 'versionTag' needs a version tag (zeebe:calledElement versionTag)");
  }
}
