/** The body of `POST /api/fields`: one admin-defined field of clients. */
import { CUSTOM_FIELD_TYPES } from './clientSchema';
import { FIELD_NAME_PATTERN, MAX_SHORT_TEXT_LENGTH } from './formats';

/** At most this many custom fields, and this many options per enum field (D7). */
export const MAX_CUSTOM_FIELDS = 200;
export const MAX_ENUM_OPTIONS = 200;

export const customFieldDefinitionSchema = {
  type: 'object',
  required: ['name', 'label', 'type'],
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      pattern: FIELD_NAME_PATTERN,
      'x-message': 'must be an identifier: a letter, then letters, digits or _ (at most 64)',
    },
    label: { type: 'string', minLength: 1, maxLength: MAX_SHORT_TEXT_LENGTH },
    type: { type: 'string', enum: CUSTOM_FIELD_TYPES },
    required: { type: 'boolean' },
    options: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_ENUM_OPTIONS,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: MAX_SHORT_TEXT_LENGTH },
      description: "The allowed values; required for type 'enum', not allowed otherwise.",
    },
  },
} as const;

/**
 * The body of `PATCH /api/fields/{name}`: the label, whether a value is required, an enum's
 * options. The name and the type stay as they were made.
 */
export const customFieldPatchSchema = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: {
    label: customFieldDefinitionSchema.properties.label,
    required: customFieldDefinitionSchema.properties.required,
    options: {
      ...customFieldDefinitionSchema.properties.options,
      description:
        "The allowed values of an 'enum' field: every existing option and any new ones, in the order to show.",
    },
  },
} as const;

/** A custom field as `/api/fields` returns it. */
export const customFieldResourceSchema = {
  type: 'object',
  required: ['name', 'label', 'type', 'required', 'createdAt'],
  properties: {
    ...customFieldDefinitionSchema.properties,
    required: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: 'string' },
  },
} as const;
