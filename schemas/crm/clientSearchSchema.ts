/**
 * The body of `POST /api/clients/search`: the `/v2` search grammar (`filter`, `sort`,
 * `page`) plus a free-text prefix `q` and `includeArchived`. The grammar itself is
 * checked by the server's search parser, which names each bad property.
 */
export const MAX_QUERY_LENGTH = 200;

export const clientSearchRequestSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    filter: {
      type: ['object', 'null'],
      description:
        "Field → value or operator object ($eq, $neq, $exists, $in, $notIn, $like, $gt, $gte, $lt, $lte by field type); custom fields as 'custom.<name>'; $or at the top.",
    },
    sort: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        properties: {
          field: { type: 'string' },
          order: { type: 'string', description: 'ASC or DESC' },
        },
      },
    },
    page: {
      type: ['object', 'null'],
      properties: {
        from: { type: 'integer', minimum: 0 },
        limit: { type: 'integer', minimum: 1 },
        after: { type: 'string' },
        before: { type: 'string' },
      },
    },
    q: {
      type: ['string', 'null'],
      maxLength: MAX_QUERY_LENGTH,
      description: 'Case-insensitive prefix of the name or the email.',
    },
    includeArchived: { type: ['boolean', 'null'] },
  },
} as const;
