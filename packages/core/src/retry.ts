/** How many times an optimistic write is retried before it gives up with a conflict. */
export const MAX_WRITE_ATTEMPTS = 50;

/**
 * Pause before retry `attempt` of a lost compare-and-set: none for the first few (in-process
 * races settle at once), then a random, growing pause so writers from several processes
 * stop colliding.
 */
export function backoff(attempt: number): Promise<void> | undefined {
  if (attempt < 3) return undefined;
  const ceiling = 2 ** Math.min(attempt - 2, 6);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
