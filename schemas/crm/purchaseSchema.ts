/** A purchase of a client (M3, thin): money as integer minor units, never a float. */
import { instant, isoDate, key } from './formats';

export const purchaseSchema = {
  type: 'object',
  required: ['amount', 'currency', 'product'],
  additionalProperties: false,
  properties: {
    amount: {
      type: 'integer',
      minimum: 0,
      maximum: 9007199254740991,
      description: 'In minor units of the currency (cents for EUR): 1999 is 19.99 EUR.',
    },
    currency: {
      type: 'string',
      pattern: '^[A-Z]{3}$',
      'x-message': 'must be a three-letter ISO 4217 currency code such as EUR',
    },
    date: { ...isoDate, description: `${isoDate.description} Defaults to now.` },
    product: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export const purchaseResourceSchema = {
  type: 'object',
  required: ['id', 'clientId', 'amount', 'currency', 'date', 'product', 'createdAt'],
  properties: {
    id: key,
    clientId: key,
    ...purchaseSchema.properties,
    date: instant,
    createdAt: instant,
    createdBy: { type: 'string' },
  },
} as const;
