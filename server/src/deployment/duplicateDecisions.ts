/**
 * As in Zeebe, a decision requirements id (a DMN `definitions` id) and a decision id may each
 * appear in only one resource of a deployment: otherwise which version is whose is ambiguous.
 */
import type { ProblemItem } from '../http/ProblemError';
import type { DeployableDecisionRequirements } from '../storage/decisionLogEntry';
import { resourceProblem } from './ResourceCompiler';

export function duplicateDecisions(
  resources: readonly DeployableDecisionRequirements[],
): ProblemItem[] {
  const graphs = new Map<string, string>();
  const decisions = new Map<string, string>();
  const problems: ProblemItem[] = [];
  const duplicate = (resourceName: string, what: string, id: string, earlier: string) =>
    problems.push({
      ...resourceProblem(
        resourceName,
        `the ${what} id '${id}' is already deployed by '${earlier}' in this deployment`,
      ),
      elementId: id,
    });
  for (const { resourceName, drg } of resources) {
    const earlierGraph = graphs.get(drg.decisionRequirementsId);
    if (earlierGraph !== undefined)
      duplicate(resourceName, 'decision requirements', drg.decisionRequirementsId, earlierGraph);
    else graphs.set(drg.decisionRequirementsId, resourceName);
    for (const decision of drg.decisions) {
      const earlier = decisions.get(decision.id);
      if (earlier !== undefined) duplicate(resourceName, 'decision', decision.id, earlier);
      else decisions.set(decision.id, resourceName);
    }
  }
  return problems;
}
