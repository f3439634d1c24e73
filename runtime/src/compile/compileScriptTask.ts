/**
 * Script tasks as Zeebe runs them: `zeebe:script` (a FEEL expression and the variable its
 * result goes to), evaluated by the engine; or, with `zeebe:taskDefinition`, a job.
 */
import type { CompiledElement } from '../model/CompiledDefinition';
import { stringProp, type ModdleElement } from '../parse/moddleElement';
import { compileJob } from './compileTasks';
import { isFeel } from './expressions';
import type { ProblemCollector } from './problemCollector';
import { validateExpression } from './validateExpression';
import { validateJobTask } from './validateTasks';
import { findExtension } from './zeebeExtensions';

export function compileScriptTask(node: ModdleElement, compiled: CompiledElement): void {
  const script = findExtension(node, 'zeebe:Script');
  if (!script) {
    compiled.behavior = 'jobWorker';
    compiled.job = compileJob(node);
    return;
  }
  const expression = (stringProp(script, 'expression') ?? '').trim();
  compiled.script = {
    expression: expression.replace(/^=/, '').trim(),
    resultVariable: (stringProp(script, 'resultVariable') ?? '').trim(),
  };
}

export function validateScriptTask(node: ModdleElement, c: ProblemCollector): void {
  const script = findExtension(node, 'zeebe:Script');
  const job = findExtension(node, 'zeebe:TaskDefinition');
  if (script && job) {
    c.add(node, 'a script task has either zeebe:script or zeebe:taskDefinition, not both');
    return;
  }
  if (!script) {
    if (!job) {
      c.add(
        node,
        'a script task needs a FEEL script (zeebe:script expression and resultVariable) or a job type (zeebe:taskDefinition type)',
      );
      return;
    }
    validateJobTask(node, c);
    return;
  }
  const expression = (stringProp(script, 'expression') ?? '').trim();
  if (!expression) c.add(node, 'must have a FEEL expression (zeebe:script expression)');
  else if (!isFeel(expression)) {
    c.add(node, `zeebe:script expression must be FEEL starting with '=', not '${expression}'`);
  } else validateExpression(c, node, 'zeebe:script expression', expression);
  if (!(stringProp(script, 'resultVariable') ?? '').trim()) {
    c.add(node, 'must name the variable for the result (zeebe:script resultVariable)');
  }
}
