/** Shared steps of message, signal and timer deliveries. */
import type { Command, KeyRange } from '../../../runtime/src';
import { isDuplicateKey, type EngineCollections } from '../db/collections';
import type { KeyAllocator } from '../storage/KeyAllocator';
import type { EngineService } from '../engine/EngineService';
import { ProblemError } from '../http/ProblemError';

/** How old an unfinished claim must be before another process takes it over. */
export const CLAIM_GRACE_MS = 10_000;

/** Keys a start event reserves for the instance it creates (recorded in its claim). */
export const START_KEY_RANGE = 2_000;

/**
 * Runs a delivery command on an instance. False when the instance no longer waits for it
 * (the subscription or timer is gone, the instance ended): that answer never changes, so
 * the caller may move on to the next candidate.
 */
export async function deliver(
  engine: EngineService,
  processInstanceKey: string,
  command: Command,
): Promise<boolean> {
  try {
    await engine.execute(processInstanceKey, command);
    return true;
  } catch (error) {
    if (error instanceof ProblemError && (error.status === 404 || error.status === 409)) {
      return false;
    }
    throw error;
  }
}

/** Whether the instance took in this message or signal key already. */
export async function wasDelivered(
  engine: EngineService,
  processInstanceKey: string,
  deliveryKey: number,
): Promise<boolean> {
  engine.forget(processInstanceKey);
  const loaded = await engine.load(processInstanceKey);
  return loaded?.state.deliveries?.includes(deliveryKey) ?? false;
}

/**
 * The keys of the instance a start event creates for one trigger (`claimId`): the first
 * caller's range, by insert; everyone after it (a retry after a crash) gets the same.
 */
export async function startKeys(
  c: EngineCollections,
  keys: KeyAllocator,
  claimId: string,
  size = START_KEY_RANGE,
): Promise<KeyRange> {
  const range = await keys.range(0, size);
  try {
    await c.startClaims.insertOne({ _id: claimId, keys: range, claimedAt: Date.now() });
    return range;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const claim = await c.startClaims.findOne({ _id: claimId });
  if (!claim) throw new Error(`start claim ${claimId} vanished`);
  return claim.keys;
}
