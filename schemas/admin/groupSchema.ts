/** The bodies of `/api/groups` (M8): groups that tasks and process starts are offered to. */
import { shortText, username } from '../crm/formats';

/** The body of `POST /api/groups`. */
export const groupCreateSchema = {
  type: 'object',
  required: ['groupId'],
  additionalProperties: false,
  properties: {
    groupId: {
      ...username,
      'x-message': 'must be a group id (lower-case letters, digits and . _ @ -)',
    },
    name: {
      ...shortText,
      minLength: 1,
      pattern: '\\S',
      'x-message': 'must not be blank',
      description: 'Shown in the app; the group id when absent.',
    },
  },
} as const;

/** A group as `/api/groups` answers. */
export const groupResourceSchema = {
  type: 'object',
  required: ['groupId', 'name'],
  properties: { groupId: { type: 'string' }, name: { type: 'string' } },
} as const;

export interface NewGroupBody {
  groupId: string;
  name?: string;
}
