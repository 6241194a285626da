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
 * `one` with no batch built.
 *
 * The batcher only groups; the backend call must give each item exactly the answer it would
 * get alone (items of one batch may repeat a key or carry different `now`s).
 */
export function tickBatcher<Item, Result>(
  options: TickBatcherOptions<Item, Result>,
): (item: Item) => Promise<Result> {
  const maxBatch = options.maxBatch ?? 256;
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

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      items.push(item);
      waiting.push({ resolve, reject });
      if (items.length >= maxBatch) flush();
      else if (!scheduled) {
        scheduled = true;
        process.nextTick(flush);
      }
    });
}
