/**
 * The OpenAPI 3.1 document of `/api` (D4, M9), built from the same schemas the server
 * validates with (`schemas/crm`, and `schemas/admin` for users and groups). Custom fields are data, so the document shows `custom` as an open object
 * and points at `GET /api/fields` for the definitions in force.
 */
import {
  clientResourceSchema,
  clientSchema,
  clientSearchRequestSchema,
  customFieldDefinitionSchema,
  customFieldPatchSchema,
  customFieldResourceSchema,
  interactionResourceSchema,
  interactionSchema,
  purchaseResourceSchema,
  purchaseSchema,
} from '../../../schemas/crm';
import {
  groupCreateSchema,
  groupResourceSchema,
  userCreateSchema,
  userPatchSchema,
  userResourceSchema,
} from '../../../schemas/admin';

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

const username = { name: 'username', in: 'path', required: true, schema: { type: 'string' } };
const listOf = (name: string) =>
  json({ type: 'object', properties: { items: { type: 'array', items: ref(name) } } });

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
        'Clients with admin-defined custom fields, their purchases, and search; users and groups for admins. Errors are RFC 9457 problem details.',
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
        patch: {
          summary:
            "Change a custom field's label, required flag or enum options (admin); options can be added, not removed",
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, ...json(ref('CustomFieldPatch')) },
          responses: {
            '200': { description: 'Changed', ...json(ref('CustomField')) },
            ...PROBLEMS,
            ...NOT_FOUND,
          },
        },
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
      '/clients/{id}/interactions': {
        parameters: [clientId],
        get: {
          summary: "List a client's interactions (staff and process tasks), newest first",
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
          ],
          responses: {
            '200': { description: 'Interactions', ...listOf('Interaction') },
            ...PROBLEMS,
            ...NOT_FOUND,
          },
        },
        post: {
          summary: 'Log an interaction',
          requestBody: { required: true, ...json(ref('InteractionCreate')) },
          responses: {
            '201': { description: 'Logged', ...json(ref('Interaction')) },
            ...PROBLEMS,
            ...NOT_FOUND,
            '409': problem('The client is archived.'),
          },
        },
      },
      '/clients/{id}/process-instances': {
        parameters: [clientId],
        get: {
          summary: 'List the process instances bound to the client (started with its clientId)',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
          ],
          responses: {
            '200': {
              description: 'Running ones first, then the newest',
              ...listOf('BoundProcessInstance'),
            },
            ...PROBLEMS,
            ...NOT_FOUND,
          },
        },
      },
      '/task-types': {
        get: {
          summary: 'The built-in CRM task types (crm.* job types the server works itself)',
          responses: { '200': { description: 'Task types', ...listOf('TaskType') }, ...PROBLEMS },
        },
      },
      '/users': {
        get: {
          summary: 'List the users (admin); passwords are never returned',
          responses: { '200': { description: 'The users', ...listOf('User') }, ...PROBLEMS },
        },
        post: {
          summary: 'Create a user with roles and groups (admin)',
          requestBody: { required: true, ...json(ref('UserCreate')) },
          responses: {
            '201': { description: 'Created', ...json(ref('User')) },
            ...PROBLEMS,
            '409': problem('The username is taken.'),
          },
        },
      },
      '/users/{username}': {
        parameters: [username],
        get: {
          summary: 'Read a user (admin)',
          responses: {
            '200': { description: 'The user', ...json(ref('User')) },
            ...PROBLEMS,
            ...NOT_FOUND,
          },
        },
        patch: {
          summary:
            "Change a user's name, email, roles or groups, or reset the password (admin); `groups` replaces the list",
          requestBody: { required: true, ...json(ref('UserPatch')) },
          responses: {
            '200': { description: 'Changed', ...json(ref('User')) },
            ...PROBLEMS,
            ...NOT_FOUND,
            '409': problem('The change would leave no admin.'),
          },
        },
      },
      '/groups': {
        get: {
          summary: 'List the groups (admin)',
          responses: { '200': { description: 'The groups', ...listOf('Group') }, ...PROBLEMS },
        },
        post: {
          summary: 'Create a group (admin)',
          requestBody: { required: true, ...json(ref('GroupCreate')) },
          responses: {
            '201': { description: 'Created', ...json(ref('Group')) },
            ...PROBLEMS,
            '409': problem('The group id is taken.'),
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
        CustomFieldPatch: customFieldPatchSchema,
        Purchase: purchaseResourceSchema,
        PurchaseCreate: purchaseSchema,
        Interaction: interactionResourceSchema,
        InteractionCreate: interactionSchema,
        BoundProcessInstance: {
          type: 'object',
          properties: {
            processInstanceKey: { type: 'string' },
            processDefinitionId: { type: 'string' },
            processDefinitionName: { type: ['string', 'null'] },
            processDefinitionVersion: { type: 'integer' },
            state: { type: 'string', enum: ['ACTIVE', 'COMPLETED', 'TERMINATED'] },
            startDate: { type: 'string', format: 'date-time' },
            endDate: { type: ['string', 'null'] },
            hasIncident: { type: 'boolean' },
          },
        },
        TaskType: {
          type: 'object',
          properties: {
            type: { type: 'string', examples: ['crm.interaction.log'] },
            name: { type: 'string' },
            description: { type: 'string' },
            inputSchema: { type: 'object', description: 'JSON Schema of the task inputs' },
            elementTemplate: { type: 'object', description: 'A Camunda 8 element template' },
          },
        },
        User: userResourceSchema,
        UserCreate: userCreateSchema,
        UserPatch: userPatchSchema,
        Group: groupResourceSchema,
        GroupCreate: groupCreateSchema,
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
