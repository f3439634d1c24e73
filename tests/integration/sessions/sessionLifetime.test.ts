// Session lifetimes on a real FerretDB with a hand-driven wall clock: the sliding idle
// timeout (and how rarely it writes), the absolute lifetime, and the sweep.
import type { Request } from 'express';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../../server/src/auth/seedDemo';
import { sessionsFor, type Sessions } from '../../../server/src/auth/sessions/sessionsFor';
import { MongoUserRepository } from '../../../server/src/auth/UserRepository';
import { backends, freshDbName } from '../../support/backends';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(backends())('session lifetime on $name', ({ uri }) => {
  let client: MongoClient;
  let db: Db;
  let sessions: Sessions;
  let now = Date.UTC(2030, 0, 1);

  beforeAll(async () => {
    client = await MongoClient.connect(uri);
    db = client.db(freshDbName('session_life'));
    const users = await MongoUserRepository.open(db);
    await seedDemoUsers(users);
    sessions = await sessionsFor(db, users, { now: () => new Date(now) });
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  /** Signs in as analyst/demo and returns the cookie value. */
  async function signIn(): Promise<string> {
    const result = await sessions.service.login('analyst', 'demo', '127.0.0.1');
    if (result.outcome !== 'signedIn') throw new Error(`sign-in failed: ${result.outcome}`);
    return result.cookieValue;
  }

  const requestWith = (cookie: string) =>
    ({ headers: { cookie: `relata_session=${cookie}` } }) as unknown as Request;
  const principalOf = (cookie: string) => sessions.lookup(requestWith(cookie));
  const rows = () => db.collection('sessions').find({}).toArray();

  it('slides the idle timeout, writing lastSeenAt at most once a minute', async () => {
    // given
    const cookie = await signIn();
    const [created] = await rows();

    // when
    now += 30_000;
    await principalOf(cookie);
    const [untouched] = await rows();
    now += 7 * HOUR;
    await principalOf(cookie);
    const [touched] = await rows();
    now += 7 * HOUR;
    const stillValid = await principalOf(cookie);

    // then
    expect(untouched!.lastSeenAt).toEqual(created!.lastSeenAt);
    expect(touched!.lastSeenAt.getTime()).toBe(now - 7 * HOUR);
    expect(touched!.expiresAt.getTime()).toBe(now - 7 * HOUR + 8 * HOUR);
    expect(stillValid).toMatchObject({ kind: 'user', username: 'analyst' });
    await db.collection('sessions').deleteMany({});
  });

  it('ends a session left idle for eight hours', async () => {
    // given
    const cookie = await signIn();

    // when
    now += 8 * HOUR;
    const principal = await principalOf(cookie);

    // then
    expect(principal).toBeNull();
    expect(await rows()).toEqual([]);
  });

  it('ends a busy session seven days after sign-in', async () => {
    // given
    const cookie = await signIn();
    const signedInAt = now;

    // when: used every seven hours for a week
    const seen: boolean[] = [];
    while (now + 7 * HOUR < signedInAt + 7 * 24 * HOUR) {
      now += 7 * HOUR;
      seen.push((await principalOf(cookie)) !== null);
    }
    now = signedInAt + 7 * 24 * HOUR;
    const atTheEnd = await principalOf(cookie);

    // then
    expect(seen.every(Boolean)).toBe(true);
    expect(atTheEnd).toBeNull();
  });

  it('sweeps expired sessions out of the database and keeps live ones', async () => {
    // given
    await signIn();
    now += 4 * HOUR;
    const live = await signIn();
    now += 5 * HOUR;

    // when
    const deleted = await sessions.sweep.run();

    // then
    expect(deleted).toBe(1);
    expect(await rows()).toHaveLength(1);
    expect(await principalOf(live)).not.toBeNull();
  });
});
