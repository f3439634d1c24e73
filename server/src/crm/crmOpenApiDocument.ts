/**
 * The OpenAPI 3.1 document of `/api` (D4, M9), built from the same schemas the server
 * validates with. Custom fields are data, so the document shows `custom` as an open object
 * and points at `GET /api/fields` for the definitions in force.
 */
import {
  clientResourceSchema,
  clientSchema,
  clientSearchRequestSchema,
  customFieldDefinitionSchema,
  customFieldResourceSchema,
  purchaseResourceSchema,
  purchaseSchema,
} from '../../../schemas/crm';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const PROBLEMS = {
  '400': problem('Invalid input; `errors` names each field by JSON pointer. Nothing is stored.'),
  '401': problem('Credentials are missing or wrong.'),
  '403': problem('The caller lacks the permission.'),
};
const NOT_FOUND = { '404': problem('No such resource.') };
const CONFLICT = {
  '409': problem(
    'Stale `If-Match` (the client changed since it was read), or the client is archived.',
  ),
};

const etag = {
  ETag: {
    description: 'The revision, `"<rev>"`; send it back as `If-Match`.',
    schema: { type: 'string' },
  },
};
const clientAnswer = (description: string) => ({
  description,
  headers: etag,
  ...json(ref('Client')),
});
const clientId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[0-9]{1,25}$' },
};
const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description:
    'Write only if the client is still at this revision (409 otherwise). Without it, the server re-applies the change on top of concurrent ones.',
  schema: { type: 'string', examples: ['"3"'] },
};

const openCustom = {
  type: 'object',
  description:
    'Values of the custom fields defined under /api/fields, by field name; `null` removes one in a patch.',
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
};

/** A write schema with `custom` open, since its fields are defined at run time. */
function withOpenCustom(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = { ...(schema.properties as Record<string, unknown>), custom: openCustom };
  return { ...schema, properties };
}

const page = {
  type: 'object',
  properties: {
    totalItems: { type: 'integer' },
    hasMoreTotalItems: { type: 'boolean' },
    startCursor: { type: ['string', 'null'] },
    endCursor: { type: ['string', 'null'] },
  },
};

/**
 * @example
 * app.get('/api/openapi.json', (_req, res) => res.json(crmOpenApiDocument()));
 */
export function crmOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Relata CRM API',
      version: '0.1.0',
      description:
        'Clients with admin-defined custom fields, their purchases, and search. Errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/api' }],
    security: [{ basicAuth: [] }],
    paths: {
      '/openapi.json': {
        get: {
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } },
        },
      },
      '/fields': {
        get: {
          summary: 'List the custom fields of clients',
          responses: {
            '200': {
              description: 'The defined fields',
              ...json({
                type: 'object',
                properties: { items: { type: 'array', items: ref('CustomField') } },
              }),
            },
            ...PROBLEMS,
          },
        },
        post: {
          summary: 'Define a custom field (admin)',
          requestBody: { required: true, ...json(ref('CustomFieldCreate')) },
          responses: {
            '201': { description: 'Defined', ...json(ref('CustomField')) },
            ...PROBLEMS,
            '409': problem('The name is taken.'),
          },
        },
      },
      '/fields/{name}': {
        delete: {
          summary: 'Delete a custom field (admin); its values stay stored but hidden',
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Deleted' }, ...PROBLEMS, ...NOT_FOUND },
        },
      },
      '/clients': {
        get: {
          summary: 'List clients that are not archived',
          parameters: [
            {
              name: 'q',
              in: 'query',
              schema: { type: 'string' },
              description: 'Prefix of the name or email.',
            },
            { name: 'includeArchived', in: 'query', schema: { type: 'boolean' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
            {
              name: 'after',
              in: 'query',
              schema: { type: 'string' },
              description: 'A cursor from an earlier page.',
            },
          ],
          responses: {
            '200': { description: 'One page', ...json(ref('ClientSearchResult')) },
            ...PROBLEMS,
          },
        },
        post: {
          summary: 'Create a client',
          requestBody: { required: true, ...json(ref('ClientCreate')) },
          responses: { '201': clientAnswer('Created'), ...PROBLEMS },
        },
      },
      '/clients/search': {
        post: {
          summary: 'Search clients with the /v2 filter, sort and page grammar',
          requestBody: { required: false, ...json(ref('ClientSearchRequest')) },
          responses: {
            '200': { description: 'One page', ...json(ref('ClientSearchResult')) },
            ...PROBLEMS,
          },
        },
      },
      '/clients/{id}': {
        parameters: [clientId],
        get: {
          summary: 'Read a client (archived ones too)',
          responses: { '200': clientAnswer('The client'), ...PROBLEMS, ...NOT_FOUND },
        },
        patch: {
          summary: 'Change a client (JSON merge patch; null removes a value)',
          parameters: [ifMatch],
          requestBody: {
            required: true,
            content: {
              'application/merge-patch+json': { schema: ref('ClientPatch') },
              'application/json': { schema: ref('ClientPatch') },
            },
          },
          responses: {
            '200': clientAnswer('Changed'),
            ...PROBLEMS,
            ...NOT_FOUND,
            ...CONFLICT,
            '503': problem('Too many concurrent writers; try again.'),
          },
        },
        delete: {
          summary: 'Archive a client (never deleted)',
          parameters: [ifMatch],
          responses: { '200': clientAnswer('Archived'), ...PROBLEMS, ...NOT_FOUND, ...CONFLICT },
        },
      },
      '/clients/{id}/purchases': {
        parameters: [clientId],
        get: {
          summary: "List a client's purchases, newest first",
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
          ],
          responses: {
            '200': {
              description: 'Purchases',
              ...json({
                type: 'object',
                properties: {
                  items: { type: 'array', items: ref('Purchase') },
                  page: { type: 'object', properties: { totalItems: { type: 'integer' } } },
                },
              }),
            },
            ...PROBLEMS,
            ...NOT_FOUND,
          },
        },
        post: {
          summary: 'Record a purchase',
          requestBody: { required: true, ...json(ref('PurchaseCreate')) },
          responses: {
            '201': { description: 'Recorded', ...json(ref('Purchase')) },
            ...PROBLEMS,
            ...NOT_FOUND,
            '409': problem('The client is archived.'),
          },
        },
      },
    },
    components: {
      securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' } },
      schemas: {
        Client: withOpenCustom(clientResourceSchema()),
        ClientCreate: withOpenCustom(clientSchema([], 'create')),
        ClientPatch: withOpenCustom(clientSchema([], 'patch')),
        ClientSearchRequest: clientSearchRequestSchema,
        ClientSearchResult: {
          type: 'object',
          properties: { items: { type: 'array', items: ref('Client') }, page },
        },
        CustomField: customFieldResourceSchema,
        CustomFieldCreate: customFieldDefinitionSchema,
        Purchase: purchaseResourceSchema,
        PurchaseCreate: purchaseSchema,
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'instance'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['message'],
                properties: { pointer: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
