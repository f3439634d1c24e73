/** Deployed process definitions: `POST /v2/process-definitions/search` and their XML. */
import { request, requestJson } from './http';

export interface ProcessDefinition {
  processDefinitionKey: string;
  processDefinitionId: string;
  name: string | null;
  version: number;
  versionTag: string | null;
  resourceName: string;
}

interface SearchAnswer {
  items: ProcessDefinition[];
  page: { totalItems: number; endCursor: string | null };
}

const PAGE_SIZE = 200;
/** A bound on what one list shows, so a huge deployment history cannot hang the page. */
const MAX_DEFINITIONS = 5_000;

/**
 * Every deployed version of every process, by process id and then newest version first.
 *
 * @example
 * const definitions = await searchProcessDefinitions();
 */
export async function searchProcessDefinitions(): Promise<ProcessDefinition[]> {
  const all: ProcessDefinition[] = [];
  let after: string | null = null;
  do {
    const answer: SearchAnswer = await requestJson<SearchAnswer>(
      'POST',
      '/v2/process-definitions/search',
      {
        json: {
          sort: [
            { field: 'processDefinitionId', order: 'ASC' },
            { field: 'version', order: 'DESC' },
          ],
          page: after ? { after, limit: PAGE_SIZE } : { limit: PAGE_SIZE },
        },
      },
    );
    all.push(...answer.items);
    after = answer.items.length === PAGE_SIZE ? answer.page.endCursor : null;
  } while (after && all.length < MAX_DEFINITIONS);
  return all;
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
