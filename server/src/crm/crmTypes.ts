/** What the CRM services need from the server around them. */

/** The shared clock of D3: every timestamp comes from it. */
export interface CrmClock {
  now(): number;
}

/** Server keys (int64 below 2^53, unique across entity types) from the key allocator. */
export interface CrmKeys {
  one(): Promise<number>;
}

/** The clock's time as a UTC ISO string. */
export function isoNow(clock: CrmClock): string {
  return new Date(clock.now()).toISOString();
}
