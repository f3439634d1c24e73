/**
 * Element templates (Camunda 8 format) of the built-in CRM task types: what the designer
 * offers for a service task of type `crm.…`, with its inputs as `zeebe:input` mappings.
 */
import { INTERACTION_KINDS } from '../crm/interactionSchema';

const TEMPLATE_SCHEMA =
  'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

const taskType = (type: string) => ({
  type: 'Hidden',
  value: type,
  binding: { type: 'zeebe:taskDefinition', property: 'type' },
});

export const clientUpdateTemplate = {
  $schema: TEMPLATE_SCHEMA,
  id: 'relata.crm.client.update',
  name: 'Update client',
  version: 1,
  description:
    'Sets fields of the client the process is bound to. Each input mapping is one field: ' +
    'a built-in field by its name (segment, lifecycleStage, …) or a custom field as custom.<name>.',
  category: { id: 'relata-crm', name: 'CRM' },
  appliesTo: ['bpmn:Task'],
  elementType: { value: 'bpmn:ServiceTask' },
  groups: [{ id: 'fields', label: 'Client fields' }],
  properties: [
    taskType('crm.client.update'),
    {
      label: 'Lifecycle stage',
      group: 'fields',
      type: 'String',
      feel: 'optional',
      optional: true,
      binding: { type: 'zeebe:input', name: 'lifecycleStage' },
    },
    {
      label: 'Segment',
      group: 'fields',
      type: 'String',
      feel: 'optional',
      optional: true,
      binding: { type: 'zeebe:input', name: 'segment' },
    },
    {
      label: 'Owner',
      group: 'fields',
      type: 'String',
      feel: 'optional',
      optional: true,
      binding: { type: 'zeebe:input', name: 'owner' },
    },
  ],
} as const;

export const interactionLogTemplate = {
  $schema: TEMPLATE_SCHEMA,
  id: 'relata.crm.interaction.log',
  name: 'Log interaction',
  version: 1,
  description:
    "Appends an interaction (kind, summary, who) to the bound client's history, with the process and task.",
  category: { id: 'relata-crm', name: 'CRM' },
  appliesTo: ['bpmn:Task'],
  elementType: { value: 'bpmn:ServiceTask' },
  groups: [{ id: 'interaction', label: 'Interaction' }],
  properties: [
    taskType('crm.interaction.log'),
    {
      label: 'Kind',
      group: 'interaction',
      type: 'Dropdown',
      value: 'note',
      choices: INTERACTION_KINDS.map((kind) => ({ name: kind, value: kind })),
      binding: { type: 'zeebe:input', name: 'kind' },
    },
    {
      label: 'Summary',
      group: 'interaction',
      type: 'String',
      feel: 'optional',
      constraints: { notEmpty: true },
      binding: { type: 'zeebe:input', name: 'summary' },
    },
    {
      label: 'Who',
      description: 'Defaults to whoever last worked a task of this instance.',
      group: 'interaction',
      type: 'String',
      feel: 'optional',
      optional: true,
      binding: { type: 'zeebe:input', name: 'who' },
    },
  ],
} as const;
