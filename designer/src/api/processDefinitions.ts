/** Deployed process definitions: `POST /v2/process-definitions/search` and their XML. */
import { request, requestJson } from './http';
import { searchAll } from './searchAll';

export interface ProcessDefinition {
  processDefinitionKey: string;
  processDefinitionId: string;
  name: string | null;
  version: number;
  versionTag: string | null;
  resourceName: string;
}

/**
 * Every deployed version of every process (up to 5,000), by process id and then newest
 * version first.
 *
 * @example
 * const definitions = await searchProcessDefinitions();
 */
export function searchProcessDefinitions(): Promise<ProcessDefinition[]> {
  return searchAll<ProcessDefinition>(
    '/v2/process-definitions/search',
    {
      sort: [
        { field: 'processDefinitionId', order: 'ASC' },
        { field: 'version', order: 'DESC' },
      ],
    },
    { pageSize: 200, maxItems: 5_000 },
  );
}

/** One definition by its key. */
export function getProcessDefinition(key: string): Promise<ProcessDefinition> {
  return requestJson<ProcessDefinition>(
    'GET',
    `/v2/process-definitions/${encodeURIComponent(key)}`,
  );
}

/** The BPMN XML a definition was deployed with. */
export async function processDefinitionXml(key: string): Promise<string> {
  const response = await request('GET', `/v2/process-definitions/${encodeURIComponent(key)}/xml`, {
    accept: 'text/xml',
  });
  return response.text();
}
