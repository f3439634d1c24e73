import type { ModelProblem } from '../model/CompiledDefinition';
import type { ModdleElement } from '../parse/moddleElement';

/** Gathers every problem and warning of a model, so a deployment reports them all at once. */
export class ProblemCollector {
  readonly problems: ModelProblem[] = [];
  readonly warnings: string[] = [];

  /** Records a problem about `element` (its id and type), or about the document when null. */
  add(element: ModdleElement | null, message: string): void {
    this.problems.push(
      element
        ? { elementId: element.id ?? null, elementType: element.$type, message }
        : { elementId: null, message },
    );
  }

  /** Records a finding that does not stop the deployment. */
  warn(element: ModdleElement, message: string): void {
    this.warnings.push(`${message} (element '${element.id ?? '?'}', ${element.$type})`);
  }
}
