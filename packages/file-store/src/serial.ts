/**
 * Runs async tasks one at a time, in the order they were queued: the in-process half of the
 * file lock. A group-commit batch and a background compaction of the same store take turns
 * here before they take the cross-process lock, so one process never races itself for it.
 */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` once every task queued before it has settled; settles as `task` does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
