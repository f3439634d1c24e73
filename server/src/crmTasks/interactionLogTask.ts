/**
 * `crm.interaction.log`: appends an interaction to the bound client's history, with the
 * process and task it came from, once per job (its idempotency key).
 */
import { interactionSchema } from '../../../schemas/crm';
import { interactionLogTemplate } from '../../../schemas/templates/crmElementTemplates';
import { requireClient, type CrmTaskType } from './CrmTaskType';
import { asIncident } from './problemIncident';

export const interactionLogTask: CrmTaskType = {
  type: 'crm.interaction.log',
  name: 'Log interaction',
  description: interactionLogTemplate.description,
  inputSchema: interactionSchema,
  elementTemplate: interactionLogTemplate,
  async execute(task, crm) {
    const clientId = requireClient(task);
    const { kind, summary, who } = task.inputs;
    const body = {
      kind,
      summary,
      ...(who === undefined || who === null ? {} : { who }),
    };
    const { interaction } = await asIncident(task, 'input', () =>
      crm.interactions.logFromProcess(clientId, body, task.actingFor ?? 'process', {
        idempotencyKey: task.idempotencyKey,
        processInstanceKey: task.processInstanceKey,
        processDefinitionId: task.processDefinitionId,
        elementId: task.elementId,
        taskName: task.elementName,
      }),
    );
    return { interactionId: interaction.id };
  },
};
