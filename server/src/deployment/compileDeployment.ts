/**
 * The resources of one deployment, each compiled by the compiler of its file extension.
 * Every problem of every resource is collected, so one answer names them all; a single
 * problem means nothing is deployed.
 *
 * To deploy a new resource type, add its compiler to {@link RESOURCE_COMPILERS}, and its
 * kind to `DeployableResources` and the deployment log.
 */
import type { ProblemItem } from '../http/ProblemError';
import { compileBpmnResource, XML_FORBIDDEN_CHARACTERS } from './compileBpmnResource';
import { compileDmnResource } from './compileDmnResource';
import { duplicateDecisions } from './duplicateDecisions';
import { compileFormResource } from './compileFormResource';
import {
  resourceProblem,
  type DeployableResources,
  type ResourceCompiler,
  type ResourceLimits,
} from './ResourceCompiler';

/** Compilers by lower-case file extension. */
export const RESOURCE_COMPILERS: Readonly<Record<string, ResourceCompiler>> = {
  '.bpmn': compileBpmnResource,
  '.xml': compileBpmnResource,
  '.form': compileFormResource,
  '.dmn': compileDmnResource,
};

export interface DeploymentFile {
  /** the file name as sent (a path is cut to its last part) */
  name: string;
  content: Buffer;
}

export async function compileDeployment(
  files: DeploymentFile[],
  limits: ResourceLimits,
): Promise<{ ok: true; deployable: DeployableResources } | { ok: false; problems: ProblemItem[] }> {
  const deployable: DeployableResources = { processes: [], forms: [], decisions: [] };
  const problems: ProblemItem[] = [];
  for (const file of files) {
    const resourceName = (file.name || 'resource.bpmn').split(/[\\/]/).pop() ?? '';
    if (XML_FORBIDDEN_CHARACTERS.test(resourceName)) {
      problems.push({
        pointer: '/resources',
        elementId: null,
        message: 'a resource name must not contain NUL or other control characters',
      });
      continue;
    }
    const extension = /\.[^.]+$/.exec(resourceName)?.[0].toLowerCase() ?? '';
    const compile = RESOURCE_COMPILERS[extension];
    if (!compile) {
      const known = Object.keys(RESOURCE_COMPILERS).join(', ');
      problems.push(
        resourceProblem(resourceName, `only resources of the types ${known} can be deployed`),
      );
      continue;
    }
    const result = await compile(resourceName, file.content.toString('utf8'), limits);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    deployable.processes.push(...(result.deployable.processes ?? []));
    deployable.forms.push(...(result.deployable.forms ?? []));
    deployable.decisions.push(...(result.deployable.decisions ?? []));
  }
  problems.push(...duplicateForms(deployable), ...duplicateDecisions(deployable.decisions));
  return problems.length ? { ok: false, problems } : { ok: true, deployable };
}

/** As in Zeebe, a form id may appear in only one resource of a deployment. */
function duplicateForms({ forms }: DeployableResources): ProblemItem[] {
  const first = new Map<string, string>();
  const problems: ProblemItem[] = [];
  for (const form of forms) {
    const earlier = first.get(form.formId);
    if (earlier === undefined) first.set(form.formId, form.resourceName);
    else
      problems.push(
        resourceProblem(
          form.resourceName,
          `the form id '${form.formId}' is already deployed by '${earlier}' in this deployment`,
        ),
      );
  }
  return problems;
}
