/**
 * JSON Schemas of the CRM (M3): the client document compiled from custom field
 * definitions, the field definitions themselves, purchases and the client search.
 */
export * from './formats';
export * from './clientSchema';
export * from './customFieldSchema';
export * from './purchaseSchema';
export * from './clientSearchSchema';
export * from './interactionSchema';
