/** What {@link tickBatcher} runs. */
export interface TickBatcherOptions<Item, Result> {
  /**
   * Runs one item alone: what a lone call of a tick costs, so a caller awaiting one call at a
   * time pays nothing for batching (typically the driver's single-key statement).
   */
  readonly one: (item: Item) => PromiseLike<Result>;
  /**
   * Runs two or more items as one backend call; resolves with one entry per item, in order.
   * An entry that is an `Error` rejects that item alone; a rejection rejects them all.
   */
  readonly many: (items: readonly Item[]) => PromiseLike<readonly (Result | Error)[]>;
  /** Largest batch; a tick with more items makes several batches. Default 256. */
  readonly maxBatch?: number;
  /**
   * Runs a call at once through `one` when no other call led in the same round of promise
   * jobs and none is waiting, and batches (until the end of the tick) the calls after it.
   * For an in-process backend (SQLite), where a lone call answers at once and must not wait for
   * the end of the tick. Default `false`: every call waits for the end of the tick.
   */
  readonly lead?: boolean;
}

interface Pending<Result> {
  readonly resolve: (value: Result) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * Collects the calls made within one tick and runs them as one batch once the tick's
 * synchronous code and promise jobs are done (`process.nextTick`, the DataLoader technique).
 * With many requests in flight, the continuations that one network read resumes all run in
 * that tick, so their next calls share a single statement or script instead of one each:
 * per-call overhead in the client and the server is paid once per batch. A lone call goes to
 * `one` with no batch built; with `lead`, a call no other call preceded in its round of
 * promise jobs does, at once.
 *
 * The batcher only groups; the backend call must give each item exactly the answer it would
 * get alone (items of one batch may repeat a key or carry different `now`s).
 */
export function tickBatcher<Item, Result>(
  options: TickBatcherOptions<Item, Result>,
): (item: Item) => Promise<Result> {
  const maxBatch = options.maxBatch ?? 256;
  const lead = options.lead === true;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) {
    throw new RangeError("maxBatch must be a positive integer");
  }
  let items: Item[] = [];
  let waiting: Pending<Result>[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    const batch = items;
    const pending = waiting;
    items = [];
    waiting = [];
    if (batch.length === 1) runOne(batch[0]!, pending[0]!);
    else if (batch.length > 1) runMany(batch, pending);
  };

  const runOne = (item: Item, pending: Pending<Result>): void => {
    try {
      options.one(item).then(pending.resolve, pending.reject);
    } catch (error) {
      pending.reject(error);
    }
  };

  const runMany = (batch: Item[], pending: Pending<Result>[]): void => {
    const failAll = (error: unknown) => {
      for (const call of pending) call.reject(error);
    };
    try {
      options.many(batch).then((results) => {
        if (results.length !== pending.length) {
          failAll(new Error(`a batch of ${pending.length} calls got ${results.length} results`));
          return;
        }
        for (let i = 0; i < pending.length; i++) {
          const result = results[i];
          if (result instanceof Error) pending[i]!.reject(result);
          else pending[i]!.resolve(result as Result);
        }
      }, failAll);
    } catch (error) {
      failAll(error);
    }
  };

  const queue = (item: Item) =>
    new Promise<Result>((resolve, reject) => {
      items.push(item);
      waiting.push({ resolve, reject });
      if (items.length >= maxBatch) flush();
      else if (!scheduled) {
        scheduled = true;
        process.nextTick(flush);
      }
    });

  if (!lead) return queue;
  // With `lead`, a call runs at once unless another call led within the current round of
  // promise jobs or calls are already waiting for the tick. Concurrent callers resumed together
  // reach their next call in the same round (they are batched behind the first, and so is the
  // first once it comes back: a leader answered at once must not run its whole loop alone
  // while the others wait); a caller awaiting one call at a time reaches its next only after
  // the round closed, with nothing waiting, so it always leads and never waits for the tick.
  // (The tick itself cannot be the window: an in-process backend answers at once, so one
  // caller's whole await loop runs within one tick.)
  let leading = false;
  const endRound = (): void => {
    leading = false;
  };
  return (item) => {
    if (leading || items.length > 0) return queue(item);
    leading = true;
    queueMicrotask(endRound);
    try {
      return Promise.resolve(options.one(item));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/**
 * A batch's calls run one by one through `one`, each failure its own entry: the `many` of a
 * batch that cannot share one backend call (a value the batched form cannot carry exactly, a
 * batched statement that failed as a whole), so each caller still gets its own answer or error.
 */
export function eachAlone<Item, Result>(
  items: readonly Item[],
  one: (item: Item) => PromiseLike<Result>,
): Promise<(Result | Error)[]> {
  return Promise.all(items.map((item) => Promise.resolve(item).then(one).then(undefined, asError)));
}

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
