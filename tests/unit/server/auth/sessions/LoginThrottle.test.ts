import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../../../server/src/auth/sessions/LoginThrottle';

const MINUTE = 60_000;

function throttleAt(clock: { now: number }, options = {}) {
  return new LoginThrottle({
    perUsername: { maxFailures: 5, windowMs: 5 * MINUTE },
    perAddress: { maxFailures: 20, windowMs: 5 * MINUTE },
    now: () => clock.now,
    ...options,
  });
}

/** Makes `n` failed attempts; returns the verdict of the next one. */
function failTimes(throttle: LoginThrottle, n: number, username = 'ada', address = '10.0.0.1') {
  for (let i = 0; i < n; i++) expect(throttle.check(username, address).allowed).toBe(true);
  return throttle.check(username, address);
}

describe('LoginThrottle', () => {
  it('allows five failures of a username and refuses the sixth attempt', () => {
    // given
    const clock = { now: 0 };
    const throttle = throttleAt(clock);

    // when
    const sixth = failTimes(throttle, 5);

    // then
    expect(sixth).toEqual({ allowed: false, retryAfterMs: 5 * MINUTE });
  });

  it('says when the oldest failure leaves the window and lets the user in then', () => {
    // given
    const clock = { now: 0 };
    const throttle = throttleAt(clock);
    throttle.check('ada', '10.0.0.1');
    clock.now = 2 * MINUTE;
    failTimes(throttle, 4);

    // when
    clock.now = 4 * MINUTE;
    const blocked = throttle.check('ada', '10.0.0.1');
    clock.now = 5 * MINUTE + 1;
    const later = throttle.check('ada', '10.0.0.1');

    // then
    expect(blocked).toEqual({ allowed: false, retryAfterMs: MINUTE });
    expect(later.allowed).toBe(true);
  });

  it('counts usernames case-insensitively', () => {
    // given
    const throttle = throttleAt({ now: 0 });
    failTimes(throttle, 5, 'ada');

    // when
    const verdict = throttle.check('  ADA ', '10.0.0.2');

    // then
    expect(verdict.allowed).toBe(false);
  });

  it('resets the username on success, so earlier failures no longer count', () => {
    // given
    const throttle = throttleAt({ now: 0 });
    failTimes(throttle, 3);
    const success = throttle.check('ada', '10.0.0.1');
    if (!success.allowed) throw new Error('expected the attempt to be allowed');

    // when
    success.succeeded();
    const afterwards = failTimes(throttle, 4);

    // then
    expect(afterwards.allowed).toBe(true);
  });

  it('does not let one user block another, until the address itself reaches its limit', () => {
    // given
    const throttle = throttleAt({ now: 0 });
    failTimes(throttle, 5, 'ada');

    // when
    const other = throttle.check('bob', '10.0.0.1');
    for (let i = 0; i < 14; i++) throttle.check(`user${i}`, '10.0.0.1');
    const fromAddress = throttle.check('carol', '10.0.0.1');
    const fromElsewhere = throttle.check('carol', '10.0.0.9');

    // then
    expect(other.allowed).toBe(true);
    expect(fromAddress.allowed).toBe(false);
    expect(fromElsewhere.allowed).toBe(true);
  });

  it('counts an attempt while it runs, so parallel guesses cannot all pass the check', () => {
    // given
    const throttle = throttleAt({ now: 0 });

    // when: six checks start before any password check finishes
    const verdicts = Array.from({ length: 6 }, () => throttle.check('ada', '10.0.0.1'));

    // then
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('forgets expired failures on prune and bounds the keys it tracks', () => {
    // given
    const clock = { now: 0 };
    const throttle = throttleAt(clock, { maxTracked: 3 });
    for (const name of ['a', 'b', 'c', 'd']) throttle.check(name, name);

    // when
    const bounded = throttle.tracked();
    clock.now = 6 * MINUTE;
    throttle.prune();

    // then
    expect(bounded).toEqual({ usernames: 3, addresses: 3 });
    expect(throttle.tracked()).toEqual({ usernames: 0, addresses: 0 });
  });
});
