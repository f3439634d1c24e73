import { describe, expect, it } from 'vitest';
import { hashPassword, randomSecret, verifyPassword } from '../../../../server/src/auth/passwords';

describe('passwords', () => {
  it('encodes a hash as scrypt$N$r$p$salt$hash with a 16-byte salt and a 64-byte key', async () => {
    // when
    const encoded = await hashPassword('demo');

    // then
    const [scheme, N, r, p, salt, hash] = encoded.split('$');
    expect([scheme, N, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(hash ?? '', 'base64')).toHaveLength(64);
    expect(encoded).not.toContain('demo');
  });

  it('salts every hash differently', async () => {
    // when
    const [first, second] = await Promise.all([hashPassword('demo'), hashPassword('demo')]);

    // then
    expect(first).not.toEqual(second);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    // given
    const encoded = await hashPassword('correct horse');

    // then
    expect(await verifyPassword('correct horse', encoded)).toBe(true);
    expect(await verifyPassword('correct horsE', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('treats unicode passwords in either normal form alike', async () => {
    // given
    const encoded = await hashPassword('pa\u00dfw\u00f6rt');

    // then
    expect(await verifyPassword('pa\u00dfwo\u0308rt', encoded)).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['another scheme', 'bcrypt$2b$10$abc'],
    ['missing parts', 'scrypt$16384$8$1$c2FsdA=='],
    [
      'an N that is not a power of two',
      'scrypt$1000$8$1$c2FsdHNhbHRzYWx0c2FsdA==$' + 'A'.repeat(88),
    ],
    ['an N too large to compute', 'scrypt$67108864$8$1$c2FsdHNhbHRzYWx0c2FsdA==$' + 'A'.repeat(88)],
    ['an empty salt', 'scrypt$16384$8$1$$' + 'A'.repeat(88)],
  ])('never matches a malformed hash: %s', async (_label, encoded) => {
    expect(await verifyPassword('demo', encoded)).toBe(false);
  });

  it('makes random, URL-safe secrets', () => {
    // when
    const secrets = new Set(Array.from({ length: 20 }, () => randomSecret()));

    // then
    expect(secrets.size).toBe(20);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
