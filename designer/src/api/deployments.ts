/** `POST /v2/deployments`: one BPMN resource, sent as multipart like Camunda's clients do. */
import { requestJson } from './http';

/** Camunda's `DeploymentProcessResult`. */
export interface DeployedProcess {
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  resourceName: string;
}

interface DeploymentAnswer {
  deploymentKey: string;
  deployments: { processDefinition: DeployedProcess | null }[];
}

/**
 * Deploys `xml` as the resource `resourceName` (which must end in `.bpmn` or `.xml`);
 * a rejected model is an ApiProblem whose `errors` name the offending elements.
 *
 * @example
 * const [deployed] = await deployResource('complaint-handling.bpmn', xml);
 */
export async function deployResource(
  resourceName: string,
  xml: string,
): Promise<DeployedProcess[]> {
  const form = new FormData();
  form.append('resources', new Blob([xml], { type: 'application/xml' }), resourceName);
  const answer = await requestJson<DeploymentAnswer>('POST', '/v2/deployments', { body: form });
  return answer.deployments.flatMap((d) => (d.processDefinition ? [d.processDefinition] : []));
}
