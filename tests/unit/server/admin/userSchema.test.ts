// The user schemas of schemas/admin speak of the same roles the server grants.
import { describe, expect, it } from 'vitest';
import { userCreateSchema, USER_ROLE_NAMES } from '../../../../schemas/admin';
import { USER_ROLES } from '../../../../server/src/auth/Principal';

describe('the user schemas', () => {
  it('offer exactly the roles the server grants people', () => {
    expect([...USER_ROLE_NAMES]).toEqual([...USER_ROLES]);
    expect(userCreateSchema.properties.roles.items.enum).toEqual(USER_ROLES);
  });
});
