import type { ManagerContext } from "./context.js";
import { emit } from "./context.js";
import { ConfigError } from "./errors.js";
import { reportError } from "./records.js";
import type { CleanupOptions } from "./types.js";

const DEFAULT_BATCH = 1000;
// Bounds one sweep even against a driver that keeps reporting full batches.
const MAX_BATCHES_PER_SWEEP = 100_000;

/**
 * Removes expired records of the manager's app in batches, on demand, on a fraction of calls
 * (`probability`) or on an unref'd timer (`intervalMs`). A background sweep that fails never
 * fails a call: it emits an `error` event.
 */
export class Sweeper {
  readonly #ctx: ManagerContext;
  readonly #probability: number;
  readonly #random: () => number;
  readonly #batchSize: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(ctx: ManagerContext, options: CleanupOptions | undefined) {
    this.#ctx = ctx;
    this.#probability = 0;
    this.#random = Math.random;
    this.#batchSize = DEFAULT_BATCH;
    if (options === undefined || options === false) return;
    if (options.batchSize !== undefined) {
      if (!Number.isSafeInteger(options.batchSize) || options.batchSize < 1) {
        throw new ConfigError("cleanup.batchSize must be a whole number of at least 1");
      }
      this.#batchSize = options.batchSize;
    }
    if ("probability" in options) {
      if (!(options.probability >= 0 && options.probability <= 1)) {
        throw new ConfigError("cleanup.probability must be between 0 and 1");
      }
      this.#probability = options.probability;
      this.#random = options.random ?? Math.random;
    } else if ("intervalMs" in options) {
      if (!Number.isSafeInteger(options.intervalMs) || options.intervalMs < 1) {
        throw new ConfigError("cleanup.intervalMs must be a whole number of at least 1");
      }
      this.#timer = setInterval(() => this.#background(), options.intervalMs);
      this.#timer.unref();
    } else {
      throw new ConfigError("cleanup must be { probability }, { intervalMs } or false");
    }
  }

  /** Called on every manager call: starts a background sweep with the configured probability. */
  maybeSweep(): void {
    if (this.#probability > 0 && this.#random() < this.#probability) this.#background();
  }

  /** Sweeps every expired record of the app now; resolves with how many were removed. */
  async sweep(): Promise<{ removed: number }> {
    const { driver, keys, clock, clockToleranceMs } = this.#ctx;
    let removed = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_SWEEP; batch++) {
      // Only records dead for longer than the tolerance: a process whose clock is behind
      // ours may still be serving the others (see `clockTolerance`).
      const count = await driver.deleteExpired(clock.now() - clockToleranceMs, {
        limit: this.#batchSize,
        prefix: keys.appPrefix,
      });
      removed += count;
      if (count < this.#batchSize) break;
    }
    emit(this.#ctx, { type: "cleanup", removed });
    return { removed };
  }

  /** Stops the timer and waits for a running background sweep. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #background(): void {
    if (this.#running) return;
    this.#running = this.sweep()
      .catch((error: unknown) => reportError(this.#ctx, "cleanup", error))
      .finally(() => {
        this.#running = undefined;
      });
  }
}
