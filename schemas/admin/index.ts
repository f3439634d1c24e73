/** JSON Schemas of the administration API (M8): users and groups. */
export * from './userSchema';
export * from './groupSchema';
