import type { SessionError } from "@sessions/core";

interface Call {
  readonly started: number;
  readonly operation: string;
  readonly reject: (reason: unknown) => void;
}

/**
 * Deadlines of in-flight calls without a timer per call: calls sit in a Set in start order
 * (all share one timeout), and one unref'd timer, armed only while calls are in flight, rejects
 * the overdue ones. A per-call `setTimeout` + `Promise.race` cost a measurable share of a
 * pipelined round trip.
 */
export class Deadlines {
  readonly #timeoutMs: number;
  readonly #onTimeout: (operation: string) => SessionError;
  readonly #onError: (operation: string, error: unknown) => SessionError;
  readonly #calls = new Set<Call>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    timeoutMs: number,
    onTimeout: (operation: string) => SessionError,
    onError: (operation: string, error: unknown) => SessionError,
  ) {
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
    this.#onError = onError;
  }

  /** Settles like `work`, or rejects with the timeout error once the deadline passes. */
  bound<T>(operation: string, work: PromiseLike<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const call: Call = { started: performance.now(), operation, reject };
      this.#calls.add(call);
      this.#timer ??= this.#arm(this.#timeoutMs);
      work.then(
        (value) => {
          if (this.#calls.delete(call)) resolve(value);
        },
        (error: unknown) => {
          if (this.#calls.delete(call)) reject(this.#onError(operation, error));
        },
      );
    });
  }

  #arm(delay: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.#sweep(), Math.max(1, Math.ceil(delay)));
    timer.unref(); // pending calls, not this timer, keep the process alive
    return timer;
  }

  #sweep(): void {
    this.#timer = undefined;
    const now = performance.now();
    for (const call of this.#calls) {
      const left = call.started + this.#timeoutMs - now;
      if (left > 0) {
        this.#timer = this.#arm(left);
        return;
      }
      this.#calls.delete(call);
      call.reject(this.#onTimeout(call.operation));
    }
  }
}
