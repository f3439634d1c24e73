// Custom field definitions compile to the JSON Schema every client write is checked
// against (schemas/crm), through the CRM validator (ajv plus the structural scan).
import { describe, expect, it } from 'vitest';
import {
  clientSchema,
  customValueSchema,
  type CustomFieldDefinition,
} from '../../../../schemas/crm';
import { ProblemError } from '../../../../server/src/http/ProblemError';
import { toInstant, validateCrmBody } from '../../../../server/src/crm/validateCrmBody';

const FIELDS: CustomFieldDefinition[] = [
  { name: 'tier', label: 'Tier', type: 'enum', required: true, options: ['gold', 'silver'] },
  { name: 'score', label: 'Score', type: 'number', required: false },
  { name: 'renewal', label: 'Renewal', type: 'date', required: false },
  { name: 'vip', label: 'VIP', type: 'boolean', required: false },
  { name: 'billing', label: 'Billing', type: 'email', required: false },
  { name: 'fax', label: 'Fax', type: 'phone', required: false },
  { name: 'notes', label: 'Notes', type: 'text', required: false },
];
const create = clientSchema(FIELDS, 'create');
const patch = clientSchema(FIELDS, 'patch');

/** The `{ pointer: message }` of a rejected body, or `{}` when it is valid. */
function problemsOf(schema: object, body: unknown): Record<string, string> {
  try {
    validateCrmBody(schema, body, 'client');
    return {};
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    expect(error.status).toBe(400);
    return Object.fromEntries(error.errors.map((item) => [item.pointer, item.message]));
  }
}

describe('clientSchema', () => {
  it('puts custom fields under custom, required ones required, unknown ones refused', () => {
    expect(create).toMatchObject({
      type: 'object',
      required: ['name', 'custom'],
      additionalProperties: false,
      properties: {
        custom: { type: 'object', required: ['tier'], additionalProperties: false },
      },
    });
    expect(Object.keys((create.properties as any).custom.properties)).toEqual(
      FIELDS.map((f) => f.name),
    );
  });

  it('accepts a full valid client', () => {
    const body = {
      name: 'Acme',
      kind: 'company',
      email: 'a@acme.example',
      phone: '+1 (555) 010-0100',
      lifecycleStage: 'loyalty',
      owner: 'staff',
      custom: {
        tier: 'gold',
        score: -1.25,
        renewal: '2026-01-31',
        vip: false,
        billing: 'b@acme.example',
        fax: '555 0101',
        notes: 'n',
      },
    };
    expect(problemsOf(create, body)).toEqual({});
  });

  it('names each bad value, missing required field and unknown field by pointer', () => {
    const problems = problemsOf(create, {
      kind: 'alien',
      email: 'no',
      rev: 3,
      custom: {
        score: '1',
        renewal: '2026-13-01',
        vip: 1,
        billing: 'x',
        fax: 'abc',
        colour: 'red',
      },
    });
    expect(problems).toEqual({
      '/name': 'is required',
      '/kind': 'must be one of: person, company',
      '/email': 'must be an email address',
      '/rev': 'is set by the server',
      '/custom/tier': 'is required',
      '/custom/score': 'must be number',
      '/custom/renewal': 'must be an ISO date (YYYY-MM-DD) or an RFC 3339 date-time',
      '/custom/vip': 'must be boolean',
      '/custom/billing': 'must be an email address',
      '/custom/fax': 'must be a phone number (digits, spaces, ( ) . - and an optional leading +)',
      '/custom/colour': 'is not a custom field of clients (see /api/fields)',
    });
  });

  it('refuses NUL characters and blank names before the schema is consulted', () => {
    expect(problemsOf(create, { name: 'a\u0000', custom: { tier: 'gold' } })).toEqual({
      '/name': 'must not contain NUL characters',
    });
    expect(problemsOf(create, { name: ' \t', custom: { tier: 'gold' } })).toEqual({
      '/name': 'must not be blank',
    });
  });

  it('lets a patch leave fields out and remove optional ones with null, but not the name', () => {
    expect(problemsOf(patch, {})).toEqual({});
    expect(
      problemsOf(patch, { email: null, kind: null, custom: { score: null, tier: null } }),
    ).toEqual({});
    expect(problemsOf(patch, { name: null })).toEqual({ '/name': 'must be string' });
    expect(problemsOf(patch, { custom: { tier: 'bronze' } })).toEqual({
      '/custom/tier': 'must be one of: gold, silver',
    });
    expect(problemsOf(patch, { custom: null })).toEqual({ '/custom': 'must be object' });
  });

  it('has no custom properties and no required custom object without definitions', () => {
    const bare = clientSchema([]);
    expect(bare.required).toEqual(['name']);
    expect(problemsOf(bare, { name: 'x' })).toEqual({});
    expect(problemsOf(bare, { name: 'x', custom: { any: 1 } })).toEqual({
      '/custom/any': 'is not a custom field of clients (see /api/fields)',
    });
  });

  it('gives each custom field type its value schema, titled by its label', () => {
    const schemaOf = (type: CustomFieldDefinition['type'], options?: string[]) =>
      customValueSchema({
        name: 'f',
        label: 'F',
        type,
        required: false,
        ...(options ? { options } : {}),
      });
    expect(schemaOf('number')).toEqual({ type: 'number', title: 'F' });
    expect(schemaOf('enum', ['a'])).toEqual({ type: 'string', enum: ['a'], title: 'F' });
    expect(schemaOf('date')).toMatchObject({ type: 'string', format: 'date-or-date-time' });
    expect(schemaOf('text')).toMatchObject({ type: 'string', maxLength: 4000 });
  });
});

describe('toInstant', () => {
  it('turns ISO dates and RFC 3339 date-times into UTC instants', () => {
    expect(toInstant('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(toInstant('2025-03-01T12:00:00+02:00')).toBe('2025-03-01T10:00:00.000Z');
  });

  it('refuses impossible dates and other strings', () => {
    expect(toInstant('2025-02-29')).toBeUndefined();
    expect(toInstant('2025-1-1')).toBeUndefined();
    expect(toInstant('tomorrow')).toBeUndefined();
  });
});
