/**
 * Administration over `/api` (M8, admins only): changes to the custom fields of clients
 * (`listCustomFields` in ./clients lists them), users and groups. A refused write rejects with an {@link ApiProblem} whose `errors` name each bad
 * field by JSON pointer, so a form can show each message on its input.
 *
 *   POST   /api/fields                {name, label, type, required, options} → 201 field
 *   PATCH  /api/fields/{name}         {label, required, options}             → field
 *   DELETE /api/fields/{name}                                                → 204
 *   GET    /api/users                                                        → { items }
 *   POST   /api/users                 {username, password, roles, groups…}   → 201 user
 *   PATCH  /api/users/{username}      {displayName, email, roles, groups, password} → user
 *   GET    /api/groups                                                       → { items }
 *   POST   /api/groups                {groupId, name}                        → 201 group
 */
import type { NewGroupBody, NewUserBody, UserPatchBody } from '../../../schemas/admin';
import type { CustomFieldDefinition } from '../../../schemas/crm';
import type { CustomField } from './clients';
import { request, requestJson } from './http';

/** A user as `/api/users` shows them; never with a password. */
export interface User {
  username: string;
  displayName: string | null;
  email: string | null;
  roles: string[];
  groups: string[];
  createdAt: string;
}

export interface Group {
  groupId: string;
  name: string;
}

export type NewCustomField = Omit<CustomFieldDefinition, 'required'> & { required?: boolean };
export type CustomFieldChange = Partial<
  Pick<CustomFieldDefinition, 'label' | 'required' | 'options'>
>;

const fieldPath = (name: string) => `/api/fields/${encodeURIComponent(name)}`;
const userPath = (username: string) => `/api/users/${encodeURIComponent(username)}`;

/** Defines a custom field of clients. */
export function createCustomField(field: NewCustomField): Promise<CustomField> {
  return requestJson<CustomField>('POST', '/api/fields', { json: field });
}

/** Changes a field's label, required flag or enum options. */
export function updateCustomField(name: string, change: CustomFieldChange): Promise<CustomField> {
  return requestJson<CustomField>('PATCH', fieldPath(name), { json: change });
}

/** Deletes a field: its values stay stored but no longer show. */
export async function deleteCustomField(name: string): Promise<void> {
  await request('DELETE', fieldPath(name));
}

export async function listUsers(): Promise<User[]> {
  return (await requestJson<{ items: User[] }>('GET', '/api/users')).items;
}

/**
 * @example
 * await createUser({ username: 'ada', password: 'correct horse', roles: ['staff'], groups: ['sales'] });
 */
export function createUser(user: NewUserBody): Promise<User> {
  return requestJson<User>('POST', '/api/users', { json: user });
}

/** Changes the given fields; `groups` replaces the list, `password` resets it. */
export function updateUser(username: string, change: UserPatchBody): Promise<User> {
  return requestJson<User>('PATCH', userPath(username), { json: change });
}

export async function listGroups(): Promise<Group[]> {
  return (await requestJson<{ items: Group[] }>('GET', '/api/groups')).items;
}

export function createGroup(group: NewGroupBody): Promise<Group> {
  return requestJson<Group>('POST', '/api/groups', { json: group });
}
