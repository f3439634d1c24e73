/**
 * An interaction in a client's history (M3/M4): a call, an email, a meeting, a note… Staff
 * log them from the client card; the `crm.interaction.log` task logs them from a process.
 */
import { instant, key } from './formats';

export const INTERACTION_KINDS = [
  'call',
  'email',
  'meeting',
  'note',
  'complaint',
  'feedback',
  'offer',
  'task',
] as const;

export type InteractionKind = (typeof INTERACTION_KINDS)[number];

/** What a writer gives: `POST /api/clients/{id}/interactions`, or the task's inputs. */
export const interactionSchema = {
  type: 'object',
  required: ['kind', 'summary'],
  additionalProperties: false,
  properties: {
    kind: {
      type: 'string',
      enum: INTERACTION_KINDS,
      'x-message': `must be one of ${INTERACTION_KINDS.join(', ')}`,
    },
    summary: { type: 'string', minLength: 1, maxLength: 2000 },
    who: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'Who had the interaction; defaults to the writer.',
    },
  },
} as const;

export const interactionResourceSchema = {
  type: 'object',
  required: ['id', 'clientId', 'kind', 'summary', 'who', 'at'],
  properties: {
    id: { type: 'string' },
    clientId: key,
    ...interactionSchema.properties,
    at: instant,
    processInstanceKey: { type: ['string', 'null'] },
    processDefinitionId: { type: ['string', 'null'] },
    elementId: { type: ['string', 'null'] },
    taskName: { type: ['string', 'null'] },
  },
} as const;
