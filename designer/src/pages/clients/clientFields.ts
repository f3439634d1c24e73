/**
 * The fields of a client as the page shows and edits them: the built-in fields, then the
 * custom fields in the order they were defined. Each knows where the server points at it
 * in a 400 (`/email`, `/custom/tier`), so a message lands on its input.
 */
import type { Client, CustomField, CustomValue } from '../../api/clients';
import {
  CLIENT_KINDS,
  LIFECYCLE_STAGES,
  type BuiltInClientField,
  type CustomFieldType,
} from '../../../../schemas/crm';
import { t, type MessageKey } from '../../i18n';

export interface FieldOption {
  value: string;
  label: string;
}

export interface ClientField {
  /** The built-in field's name or the custom field's name. */
  name: string;
  builtIn: boolean;
  label: string;
  type: CustomFieldType;
  required: boolean;
  options?: readonly FieldOption[];
  /** The JSON pointer of the field in a write. */
  pointer: string;
}

export const KIND_LABELS: Readonly<Record<(typeof CLIENT_KINDS)[number], MessageKey>> = {
  person: 'clients.kind.person',
  company: 'clients.kind.company',
};

export const STAGE_LABELS: Readonly<Record<(typeof LIFECYCLE_STAGES)[number], MessageKey>> = {
  identification: 'clients.stage.identification',
  attraction: 'clients.stage.attraction',
  sale: 'clients.stage.sale',
  service: 'clients.stage.service',
  loyalty: 'clients.stage.loyalty',
  retention: 'clients.stage.retention',
};

const BUILT_IN: readonly {
  name: BuiltInClientField;
  label: MessageKey;
  type: CustomFieldType;
  options?: () => FieldOption[];
}[] = [
  { name: 'name', label: 'clients.field.name', type: 'text' },
  {
    name: 'kind',
    label: 'clients.field.kind',
    type: 'enum',
    options: () => CLIENT_KINDS.map((kind) => ({ value: kind, label: t(KIND_LABELS[kind]) })),
  },
  { name: 'email', label: 'clients.field.email', type: 'email' },
  { name: 'phone', label: 'clients.field.phone', type: 'phone' },
  { name: 'segment', label: 'clients.field.segment', type: 'text' },
  { name: 'region', label: 'clients.field.region', type: 'text' },
  { name: 'industry', label: 'clients.field.industry', type: 'text' },
  {
    name: 'lifecycleStage',
    label: 'clients.field.lifecycleStage',
    type: 'enum',
    options: () =>
      LIFECYCLE_STAGES.map((stage) => ({ value: stage, label: t(STAGE_LABELS[stage]) })),
  },
  { name: 'owner', label: 'clients.field.owner', type: 'text' },
];

/** The built-in fields of every client. */
export function builtInFields(): ClientField[] {
  return BUILT_IN.map((field) => ({
    name: field.name,
    builtIn: true,
    label: t(field.label),
    type: field.type,
    required: field.name === 'name',
    options: field.options?.(),
    pointer: `/${field.name}`,
  }));
}

/** The custom fields by their definitions. */
export function customFields(definitions: readonly CustomField[]): ClientField[] {
  return definitions.map((definition) => customField(definition));
}

/**
 * The custom fields a client shows: the defined ones, then any value whose definition
 * could not be read, by its name.
 */
export function customFieldsOf(client: Client, definitions: readonly CustomField[]): ClientField[] {
  const fields = customFields(definitions);
  const known = new Set(fields.map((field) => field.name));
  for (const name of Object.keys(client.custom)) {
    if (known.has(name)) continue;
    const value = client.custom[name];
    const type =
      typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';
    fields.push(customField({ name, label: name, type, required: false }));
  }
  return fields;
}

function customField(definition: CustomField): ClientField {
  return {
    name: definition.name,
    builtIn: false,
    label: definition.label,
    type: definition.type,
    required: definition.required,
    options: definition.options?.map((option) => ({ value: option, label: option })),
    pointer: `/custom/${escapePointer(definition.name)}`,
  };
}

/** The stored value of a field of the client, if it has one. */
export function valueOf(client: Client, field: ClientField): CustomValue | undefined {
  if (!field.builtIn) return client.custom[field.name];
  const value = (client as unknown as Record<string, unknown>)[field.name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The label of an option value, or the value itself. */
export function optionLabel(field: ClientField, value: string): string {
  return field.options?.find((option) => option.value === value)?.label ?? value;
}

function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
