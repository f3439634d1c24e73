/** What the SDK test files share: how long to wait, and waiting for a result to appear. */

/** How long a test waits for the server or a worker to catch up. */
export const WAIT_MS = 20_000;

/** Calls `probe` until it returns a value, for at most `WAIT_MS`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`, { cause: last });
}
