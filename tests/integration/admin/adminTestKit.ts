/**
 * Shared pieces of the `/api/users` and `/api/groups` tests: a snapshot of what the user
 * store holds, read over the API as an admin, so a rejected request can be shown to have
 * stored nothing.
 */
import { expect } from 'vitest';
import { CrmApi } from '../crm/crmTestKit';

export interface Stored {
  users: unknown[];
  groups: unknown[];
}

/** Every user and group as `GET /api/users` and `GET /api/groups` answer them. */
export async function stored(api: CrmApi): Promise<Stored> {
  const [users, groups] = await Promise.all([api.get('/users'), api.get('/groups')]);
  expect(users.status, JSON.stringify(users.body)).toBe(200);
  expect(groups.status, JSON.stringify(groups.body)).toBe(200);
  return { users: users.body.items, groups: groups.body.items };
}

/** A `/api` client signed in with these basic credentials. */
export const login = (api: CrmApi, username: string, password: string) =>
  new CrmApi(api.url, [username, password]);

/** The pointers a problem's `errors` name. */
export const pointers = (body: { errors?: { pointer?: string }[] }) =>
  (body.errors ?? []).map((error) => error.pointer);
