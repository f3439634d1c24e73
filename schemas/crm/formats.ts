/**
 * Value shapes shared by the CRM schemas. `x-message` is what the server answers when a
 * value fails the `pattern` or `format` beside it (an OpenAPI 3.1 extension keyword).
 */

/** Digits with spaces, dots, dashes and parentheses, an optional leading `+`. */
export const PHONE_PATTERN = '^\\+?[0-9(][0-9 ().-]{1,30}[0-9]$';

/** Usernames as the user store keeps them: lower-case, 1–64 characters. */
export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._@-]{0,63}$';

/** Custom field names: identifiers, so FEEL can read them as `client.custom.<name>`. */
export const FIELD_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,63}$';

/** A format the server registers: an ISO 8601 calendar date or an RFC 3339 date-time. */
export const DATE_FORMAT = 'date-or-date-time';

export const MAX_TEXT_LENGTH = 4000;
export const MAX_SHORT_TEXT_LENGTH = 200;

export const shortText = { type: 'string', maxLength: MAX_SHORT_TEXT_LENGTH } as const;

export const longText = { type: 'string', maxLength: MAX_TEXT_LENGTH } as const;

export const email = {
  type: 'string',
  format: 'email',
  maxLength: 254,
  'x-message': 'must be an email address',
} as const;

export const phone = {
  type: 'string',
  pattern: PHONE_PATTERN,
  'x-message': 'must be a phone number (digits, spaces, ( ) . - and an optional leading +)',
} as const;

export const username = {
  type: 'string',
  pattern: USERNAME_PATTERN,
  'x-message': 'must be a username (lower-case letters, digits and . _ @ -)',
} as const;

export const isoDate = {
  type: 'string',
  format: DATE_FORMAT,
  maxLength: 40,
  description:
    'An ISO 8601 date (YYYY-MM-DD) or RFC 3339 date-time; stored as a UTC instant (YYYY-MM-DDTHH:mm:ss.sssZ).',
  'x-message': 'must be an ISO date (YYYY-MM-DD) or an RFC 3339 date-time',
} as const;

export const instant = {
  type: 'string',
  format: 'date-time',
  description: 'A UTC instant (YYYY-MM-DDTHH:mm:ss.sssZ), set by the server.',
} as const;

/** A key: an int64 number below 2^53 as a string of digits. */
export const key = { type: 'string', pattern: '^[0-9]{1,25}$' } as const;
