/**
 * `crm.client.update`: sets fields of the bound client from the task's input mappings,
 * validated like every client write. A bad value becomes an incident naming the field.
 */
import { clientUpdateTemplate } from '../../../schemas/templates/crmElementTemplates';
import { requireClient, type CrmTaskType } from './CrmTaskType';
import { asIncident } from './problemIncident';

export const clientUpdateTask: CrmTaskType = {
  type: 'crm.client.update',
  name: 'Update client',
  description: clientUpdateTemplate.description,
  inputSchema: {
    type: 'object',
    description:
      'Client fields by name; custom fields under `custom`. Validated against the client model at the time of the write.',
    minProperties: 1,
  },
  elementTemplate: clientUpdateTemplate,
  async execute(task, crm) {
    const clientId = requireClient(task);
    const actor = { name: `process ${task.processDefinitionId} (${task.processInstanceKey})` };
    const updated = await asIncident(task, 'client field', () =>
      crm.clients.update(clientId, task.inputs, { actor, effectKey: task.idempotencyKey }),
    );
    return { clientRev: updated.rev };
  },
};
