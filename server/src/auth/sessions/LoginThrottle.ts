/**
 * Throttles failed sign-ins per username and per client address, in memory.
 *
 * Counted per process, not in the database: it is a brake on password guessing, not a
 * security boundary (the passwords' scrypt cost is), so several server processes each
 * allow their own quota, and a restart forgets. Each attempt is counted as a failure
 * when it starts, so parallel guesses cannot all slip past the check while scrypt runs;
 * a success takes its own count back and clears the username's failures.
 */

/** At most `maxFailures` failures within any `windowMs`. */
export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
}

export interface LoginThrottleOptions {
  perUsername?: ThrottleRule;
  /** Looser than per username: people behind one office NAT share an address. */
  perAddress?: ThrottleRule;
  /** Wall-clock milliseconds. */
  now?: () => number;
  /** Keys kept per kind; past this the oldest are forgotten. */
  maxTracked?: number;
}

export type ThrottleVerdict =
  | {
      allowed: true;
      /** The attempt succeeded: forget the username's failures. */
      succeeded(): void;
    }
  | { allowed: false; retryAfterMs: number };

export const DEFAULT_USERNAME_RULE: ThrottleRule = { maxFailures: 5, windowMs: 5 * 60_000 };
export const DEFAULT_ADDRESS_RULE: ThrottleRule = { maxFailures: 20, windowMs: 5 * 60_000 };

/** The times of a key's most recent failures, oldest first, at most `maxFailures`. */
class FailureLog {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: ThrottleRule,
    private readonly maxTracked: number,
  ) {}

  /** Milliseconds until the key may try again; 0 when it may now. */
  blockedFor(key: string, now: number): number {
    const times = this.recent(key, now);
    if (times.length < this.rule.maxFailures) return 0;
    return (times[0] as number) + this.rule.windowMs - now;
  }

  add(key: string, now: number) {
    const times = this.recent(key, now);
    if (times.length === 0) this.makeRoom(now);
    times.push(now);
    if (times.length > this.rule.maxFailures) times.shift();
    this.failures.set(key, times);
  }

  /** Takes back one failure recorded at `at`. */
  remove(key: string, at: number) {
    const times = this.failures.get(key);
    const index = times?.lastIndexOf(at) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
    if (times?.length === 0) this.failures.delete(key);
  }

  clear(key: string) {
    this.failures.delete(key);
  }

  prune(now: number) {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
  }

  get size() {
    return this.failures.size;
  }

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const cutoff = now - this.rule.windowMs;
    while (times.length && (times[0] as number) <= cutoff) times.shift();
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  private makeRoom(now: number) {
    if (this.failures.size < this.maxTracked) return;
    this.prune(now);
    while (this.failures.size >= this.maxTracked) {
      this.failures.delete(this.failures.keys().next().value as string);
    }
  }
}

/**
 * @example
 * const verdict = throttle.check(username, req.ip ?? '');
 * if (!verdict.allowed) throw tooManyAttempts(verdict.retryAfterMs);
 * if (await passwordMatches()) verdict.succeeded();
 */
export class LoginThrottle {
  private readonly byUsername: FailureLog;
  private readonly byAddress: FailureLog;
  private readonly now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    const maxTracked = options.maxTracked ?? 10_000;
    this.byUsername = new FailureLog(options.perUsername ?? DEFAULT_USERNAME_RULE, maxTracked);
    this.byAddress = new FailureLog(options.perAddress ?? DEFAULT_ADDRESS_RULE, maxTracked);
    this.now = options.now ?? Date.now;
  }

  /** Lets the attempt through (counting it as a failure until it succeeds) or refuses it. */
  check(username: string, address: string): ThrottleVerdict {
    const user = username.trim().toLowerCase();
    const now = this.now();
    const retryAfterMs = Math.max(
      this.byUsername.blockedFor(user, now),
      this.byAddress.blockedFor(address, now),
    );
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    this.byUsername.add(user, now);
    this.byAddress.add(address, now);
    return {
      allowed: true,
      succeeded: () => {
        this.byUsername.clear(user);
        this.byAddress.remove(address, now);
      },
    };
  }

  /** Forgets failures that left their window; the session sweep calls it. */
  prune(): void {
    const now = this.now();
    this.byUsername.prune(now);
    this.byAddress.prune(now);
  }

  /** How many usernames and addresses have failures on record. */
  tracked(): { usernames: number; addresses: number } {
    return { usernames: this.byUsername.size, addresses: this.byAddress.size };
  }
}
