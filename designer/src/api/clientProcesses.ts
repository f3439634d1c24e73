/**
 * Processes of a client (M4): what may be started, starting one bound to the client,
 * and the instances bound to it. An instance is bound by starting it with the variable
 * `clientId`.
 *
 *   POST /v2/process-definitions/search {filter:{isLatestVersion:true}} → startable, latest
 *   POST /v2/process-instances {processDefinitionKey, variables:{clientId}}
 *   GET  /api/clients/{id}/process-instances                            → { items }
 */
import { clientPath } from './clients';
import { requestJson } from './http';
import type { ProcessDefinition } from './processDefinitions';

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** A process instance bound to a client. */
export interface ClientProcessInstance {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionName: string | null;
  processDefinitionVersion: number;
  state: ProcessInstanceState;
  startDate: string;
  endDate: string | null;
  hasIncident: boolean;
}

export interface StartedInstance {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
}

const PAGE_SIZE = 200;

/**
 * The latest version of each process the signed-in user may start (staff see those
 * offered to their groups), by name.
 *
 * @example
 * const [first] = await startableProcesses();
 */
export async function startableProcesses(): Promise<ProcessDefinition[]> {
  const answer = await requestJson<{ items: ProcessDefinition[] }>(
    'POST',
    '/v2/process-definitions/search',
    {
      json: {
        filter: { isLatestVersion: true },
        sort: [
          { field: 'name', order: 'ASC' },
          { field: 'processDefinitionId', order: 'ASC' },
        ],
        page: { limit: PAGE_SIZE },
      },
    },
  );
  return answer.items;
}

/**
 * Starts an instance of the definition bound to the client.
 *
 * @example
 * const started = await startProcessForClient(definition.processDefinitionKey, client.id);
 */
export function startProcessForClient(
  processDefinitionKey: string,
  clientId: string,
): Promise<StartedInstance> {
  return requestJson<StartedInstance>('POST', '/v2/process-instances', {
    json: { processDefinitionKey, variables: { clientId } },
  });
}

/** The process instances bound to the client. */
export async function clientProcessInstances(clientId: string): Promise<ClientProcessInstance[]> {
  const path = `${clientPath(clientId)}/process-instances`;
  return (await requestJson<{ items: ClientProcessInstance[] }>('GET', path)).items;
}
