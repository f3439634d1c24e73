import type { ProblemCollector } from '../compile/problemCollector';
import type { CompiledDecision } from './CompiledDrg';
import type { DecisionDraft } from './compileDecision';
import { addProblem } from './dmnExpressions';

/**
 * Checks the decision requirements of a document as a whole: every required decision exists,
 * and no decision requires itself through others (a cycle could never be evaluated). A missing
 * decision is reported on its `informationRequirement`, a cycle once, on the decision where the
 * search found it.
 */
export function checkRequirements(drafts: DecisionDraft[], collector: ProblemCollector): void {
  const byId = new Map(drafts.map((draft) => [draft.decision.id, draft]));
  for (const { decision, requirementElements } of drafts) {
    decision.requiredDecisions.forEach((required, index) => {
      if (byId.has(required)) return;
      const requirement = requirementElements[index];
      if (!requirement) return;
      addProblem(
        collector,
        requirement,
        `decision '${decision.id}' requires the decision '${required}', which does not exist`,
      );
    });
  }
  for (const cycle of findCycles(drafts.map((draft) => draft.decision))) {
    const first = cycle[0];
    const draft = first === undefined ? undefined : byId.get(first);
    if (!draft) continue;
    const path = [...cycle, first].map((id) => `'${id}'`).join(' → ');
    addProblem(
      collector,
      draft.element,
      `decisions ${path} require each other in a cycle; required decisions must not loop`,
    );
  }
}

/**
 * The cycles of the requirement graph, each as the decision ids along it, found by an
 * iterative depth-first search (a long chain of decisions must not overflow the stack).
 */
export function findCycles(decisions: CompiledDecision[]): string[][] {
  const requires = new Map(decisions.map((decision) => [decision.id, decision.requiredDecisions]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  for (const root of requires.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const next: number[] = [0];
    state.set(root, 'open');
    while (path.length > 0) {
      const top = path.length - 1;
      const id = path[top] as string;
      const index = next[top] as number;
      const required = requires.get(id) ?? [];
      if (index >= required.length) {
        state.set(id, 'done');
        path.pop();
        next.pop();
        continue;
      }
      next[top] = index + 1;
      const child = required[index] as string;
      if (!requires.has(child)) continue; // reported as missing
      const seen = state.get(child);
      if (seen === 'open') cycles.push(path.slice(path.indexOf(child)));
      if (seen !== undefined) continue;
      state.set(child, 'open');
      path.push(child);
      next.push(0);
    }
  }
  return cycles;
}
