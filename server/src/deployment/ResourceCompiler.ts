/**
 * What a deployment resource compiles to. Each resource type (by file extension) has one
 * compiler; `RESOURCE_COMPILERS` in `compileDeployment.ts` maps extensions to them.
 */
import type { ProblemItem } from '../http/ProblemError';
import type { DeployableForm, DeployableProcess } from '../storage/DeploymentLog';
import type { DeployableDecisionRequirements } from '../storage/decisionLogEntry';

/** Everything a deployment stores, by kind. */
export interface DeployableResources {
  processes: DeployableProcess[];
  forms: DeployableForm[];
  /** one decision requirements graph per `.dmn` resource */
  decisions: DeployableDecisionRequirements[];
}

export type ResourceCompilation =
  { ok: true; deployable: Partial<DeployableResources> } | { ok: false; problems: ProblemItem[] };

export interface ResourceLimits {
  maxXmlBytes: number;
}

/** Compiles one resource; its problems name the resource (and the element, for BPMN and DMN). */
export type ResourceCompiler = (
  resourceName: string,
  text: string,
  limits: ResourceLimits,
) => Promise<ResourceCompilation>;

/** A problem of a resource as a whole, named by the resource. */
export const resourceProblem = (resourceName: string, message: string): ProblemItem => ({
  pointer: '/resources',
  elementId: null,
  message: `${resourceName}: ${message}`,
});
