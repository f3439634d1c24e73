/**
 * What a deployment resource compiles to. Each resource type (by file extension) has one
 * compiler; `resourceCompilers.ts` maps extensions to them.
 */
import type { ProblemItem } from '../http/ProblemError';
import type { DeployableForm, DeployableProcess } from '../storage/DeploymentLog';

/** Everything a deployment stores, by kind. */
export interface DeployableResources {
  processes: DeployableProcess[];
  forms: DeployableForm[];
}

export type ResourceCompilation =
  { ok: true; deployable: Partial<DeployableResources> } | { ok: false; problems: ProblemItem[] };

export interface ResourceLimits {
  maxXmlBytes: number;
}

/** Compiles one resource; its problems name the resource (and the element, for BPMN). */
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
