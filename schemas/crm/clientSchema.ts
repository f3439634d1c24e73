/**
 * The client document (M3): built-in fields plus the admin-defined custom fields, which
 * live under `custom`. `clientSchema(customFields)` compiles the definitions into the JSON
 * Schema every create and update is validated against.
 *
 *   customFields ──clientSchema(mode)──▶ JSON Schema ──ajv──▶ 400 naming each field
 */
import { email, instant, isoDate, key, longText, phone, shortText, username } from './formats';

export const CLIENT_KINDS = ['person', 'company'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** The customer life cycle of M4: identification → attraction → sale → service → loyalty/retention. */
export const LIFECYCLE_STAGES = [
  'identification',
  'attraction',
  'sale',
  'service',
  'loyalty',
  'retention',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const CUSTOM_FIELD_TYPES = [
  'text',
  'number',
  'date',
  'boolean',
  'enum',
  'email',
  'phone',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** An admin-defined field of clients, as `/api/fields` returns it. */
export interface CustomFieldDefinition {
  name: string;
  label: string;
  type: CustomFieldType;
  required: boolean;
  /** The allowed values of an `enum` field. */
  options?: string[];
}

/** The built-in fields a client may write. */
export const BUILT_IN_CLIENT_PROPERTIES = {
  name: {
    type: 'string',
    minLength: 1,
    maxLength: 200,
    pattern: '\\S',
    'x-message': 'must not be blank',
  },
  kind: { type: 'string', enum: CLIENT_KINDS },
  email,
  phone,
  region: shortText,
  industry: shortText,
  segment: shortText,
  lifecycleStage: { type: 'string', enum: LIFECYCLE_STAGES },
  owner: username,
} as const;

export type BuiltInClientField = keyof typeof BUILT_IN_CLIENT_PROPERTIES;
export const BUILT_IN_CLIENT_FIELDS = Object.keys(
  BUILT_IN_CLIENT_PROPERTIES,
) as BuiltInClientField[];
export const REQUIRED_CLIENT_FIELDS: readonly BuiltInClientField[] = ['name'];

/** Fields the server sets; a write that names one is refused. */
export const SERVER_CLIENT_FIELDS = [
  'id',
  'rev',
  'archived',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
] as const;

/** Names a custom field cannot take (compared without regard to case). */
export const RESERVED_FIELD_NAMES: readonly string[] = [
  ...BUILT_IN_CLIENT_FIELDS,
  ...SERVER_CLIENT_FIELDS,
  'custom',
];

/** A write of the whole document (`create`) or a JSON merge patch of it (`patch`). */
export type ClientSchemaMode = 'create' | 'patch';

/** The JSON Schema of one custom field's value. */
export function customValueSchema(field: CustomFieldDefinition): Record<string, unknown> {
  const described = { title: field.label };
  switch (field.type) {
    case 'text':
      return { ...longText, ...described };
    case 'number':
      return { type: 'number', ...described };
    case 'date':
      return { ...isoDate, ...described };
    case 'boolean':
      return { type: 'boolean', ...described };
    case 'enum':
      return { type: 'string', enum: [...(field.options ?? [])], ...described };
    case 'email':
      return { ...email, ...described };
    case 'phone':
      return { ...phone, ...described };
  }
}

/** In a merge patch, `null` removes an optional value. */
function nullable(schema: Record<string, unknown>): Record<string, unknown> {
  const type = schema.type as string;
  const out: Record<string, unknown> = { ...schema, type: [type, 'null'] };
  if (Array.isArray(schema.enum)) out.enum = [...(schema.enum as unknown[]), null];
  return out;
}

/**
 * The JSON Schema of a client write: built-in fields at the top, custom fields under
 * `custom`, nothing else (unknown and server-set fields are refused). In `patch` mode
 * nothing is required and optional fields may be `null` (removed); whether required
 * fields survive the patch is checked on the merged document with `create`.
 *
 * @example
 * clientSchema([{ name: 'tier', label: 'Tier', type: 'enum', required: true, options: ['gold'] }]);
 * // { type: 'object', required: ['name'], properties: { …, custom: { required: ['tier'], … } } }
 */
export function clientSchema(
  customFields: readonly CustomFieldDefinition[],
  mode: ClientSchemaMode = 'create',
): Record<string, unknown> {
  const patch = mode === 'patch';
  const properties: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(BUILT_IN_CLIENT_PROPERTIES)) {
    const required = REQUIRED_CLIENT_FIELDS.includes(name as BuiltInClientField);
    properties[name] = patch && !required ? nullable(schema) : schema;
  }
  const customProperties: Record<string, unknown> = {};
  for (const field of customFields) {
    const schema = customValueSchema(field);
    customProperties[field.name] = patch ? nullable(schema) : schema;
  }
  const requiredCustom = patch ? [] : customFields.filter((f) => f.required).map((f) => f.name);
  properties.custom = {
    type: 'object',
    properties: customProperties,
    additionalProperties: false,
    ...(requiredCustom.length ? { required: requiredCustom } : {}),
  };
  const required = requiredCustom.length
    ? [...REQUIRED_CLIENT_FIELDS, 'custom']
    : REQUIRED_CLIENT_FIELDS;
  return {
    type: 'object',
    properties,
    additionalProperties: false,
    ...(patch ? {} : { required: [...required] }),
  };
}

/**
 * The client as the API returns it. Custom values show for defined fields only (values
 * of a deleted field stay stored but hidden). With no definitions given, `custom` is
 * described as an open object, as the static OpenAPI document shows it.
 */
export function clientResourceSchema(
  customFields?: readonly CustomFieldDefinition[],
): Record<string, unknown> {
  const write = clientSchema(customFields ?? []);
  const properties = write.properties as Record<string, unknown>;
  const custom = customFields
    ? properties.custom
    : {
        type: 'object',
        description: 'Values of the custom fields defined under /api/fields, by field name.',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
      };
  return {
    type: 'object',
    required: ['id', 'rev', 'name', 'custom', 'archived', 'createdAt', 'updatedAt'],
    properties: {
      id: key,
      rev: { type: 'integer', minimum: 1, description: 'The revision; the ETag is `"<rev>"`.' },
      ...properties,
      custom,
      archived: { type: 'boolean' },
      createdAt: instant,
      createdBy: { type: 'string' },
      updatedAt: instant,
      updatedBy: { type: 'string' },
    },
  };
}
