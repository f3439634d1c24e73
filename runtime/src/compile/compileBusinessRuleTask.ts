/**
 * Business rule tasks as Zeebe runs them: `zeebe:calledDecision` (the decision id, static
 * or FEEL, the variable its result goes to, and the version binding), evaluated by the
 * engine; or, with `zeebe:taskDefinition`, a job.
 */
import type { CalledDecisionDefinition, CompiledElement } from '../model/CompiledDefinition';
import { isWritten, stringProp, type ModdleElement } from '../parse/moddleElement';
import { compileJob } from './compileTasks';
import { toExpression } from './expressions';
import type { ProblemCollector } from './problemCollector';
import { validateExpression } from './validateExpression';
import { validateJobTask } from './validateTasks';
import { findExtension } from './zeebeExtensions';

const BINDINGS = new Set(['latest', 'deployment', 'versionTag']);

export function compileBusinessRuleTask(node: ModdleElement, compiled: CompiledElement): void {
  const called = findExtension(node, 'zeebe:CalledDecision');
  if (!called) {
    compiled.behavior = 'jobWorker';
    compiled.job = compileJob(node);
    return;
  }
  const binding = stringProp(called, 'bindingType');
  const decision: CalledDecisionDefinition = {
    decisionId: toExpression((stringProp(called, 'decisionId') ?? '').trim()),
    resultVariable: (stringProp(called, 'resultVariable') ?? '').trim(),
    bindingType: binding === 'deployment' || binding === 'versionTag' ? binding : 'latest',
  };
  const versionTag = stringProp(called, 'versionTag')?.trim();
  if (decision.bindingType === 'versionTag' && versionTag) decision.versionTag = versionTag;
  compiled.calledDecision = decision;
}

export function validateBusinessRuleTask(node: ModdleElement, c: ProblemCollector): void {
  const called = findExtension(node, 'zeebe:CalledDecision');
  const job = findExtension(node, 'zeebe:TaskDefinition');
  if (called && job) {
    c.add(
      node,
      'a business rule task has either zeebe:calledDecision or zeebe:taskDefinition, not both',
    );
    return;
  }
  if (!called) {
    if (!job) {
      c.add(
        node,
        'a business rule task needs a decision (zeebe:calledDecision decisionId and resultVariable) or a job type (zeebe:taskDefinition type)',
      );
      return;
    }
    validateJobTask(node, c);
    return;
  }
  const decisionId = (stringProp(called, 'decisionId') ?? '').trim();
  if (!decisionId)
    c.add(node, 'must name the decision to evaluate (zeebe:calledDecision decisionId)');
  else validateExpression(c, node, 'zeebe:calledDecision decisionId', decisionId);
  if (!(stringProp(called, 'resultVariable') ?? '').trim()) {
    c.add(node, 'must name the variable for the result (zeebe:calledDecision resultVariable)');
  }
  const binding = isWritten(called, 'bindingType') ? stringProp(called, 'bindingType') : undefined;
  if (binding !== undefined && !BINDINGS.has(binding)) {
    c.add(
      node,
      `decision binding type '${binding}' is not supported; use latest, deployment or versionTag`,
    );
  }
  if (binding === 'versionTag' && !stringProp(called, 'versionTag')?.trim()) {
    c.add(node, "binding type 'versionTag' needs a version tag (zeebe:calledDecision versionTag)");
  }
}
