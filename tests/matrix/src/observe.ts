/** Watching a store while other processes race on it. */

/**
 * Runs `look` over and over until `work` settles (at least once), and returns `work`'s
 * result with the number of observations made. `look` asserts what must hold at every one.
 */
export async function observeDuring<T>(
  work: Promise<T>,
  look: () => Promise<void>,
): Promise<{ result: T; observations: number }> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  let observations = 0;
  do {
    await look();
    observations++;
    // A driver that answers synchronously (better-sqlite3) resolves `look` in microtasks:
    // yield to the event loop, or the other processes' replies are never read.
    await new Promise((resolve) => setImmediate(resolve));
  } while (!settled);
  return { result: await done, observations };
}
