/**
 * A progress bar with counts and rate for long commands. On a terminal it redraws one line;
 * elsewhere (CI logs, tests) it prints a line at most once a second and always a final one.
 */

import type { CliIo } from "./io.js";

const WIDTH = 24;
const LOG_INTERVAL_MS = 1000;
const number = new Intl.NumberFormat("en-US");

/** One running operation's progress. */
export class Progress {
  readonly #io: CliIo;
  readonly #label: string;
  readonly #total: number | null;
  readonly #started = performance.now();
  #lastShown = Number.NEGATIVE_INFINITY;
  #done = 0;

  /** `total` is the expected count, or `null` when unknown (no bar, counts and rate only). */
  constructor(io: CliIo, label: string, total: number | null) {
    this.#io = io;
    this.#label = label;
    this.#total = total;
  }

  /** Reports `done` items so far; `extra` is appended (`expired 12`). */
  update(done: number, extra = ""): void {
    this.#done = done;
    const now = performance.now();
    if (this.#io.interactive) {
      this.#io.redraw(this.#line(extra));
    } else if (now - this.#lastShown >= LOG_INTERVAL_MS) {
      this.#lastShown = now;
      this.#io.err(this.#line(extra));
    }
  }

  /** Prints the final line (and ends the redrawn one). */
  finish(extra = ""): void {
    if (this.#io.interactive) this.#io.redraw(`${this.#line(extra)}\n`);
    else this.#io.err(this.#line(extra));
  }

  #line(extra: string): string {
    const seconds = Math.max((performance.now() - this.#started) / 1000, 0.001);
    const rate = `${number.format(Math.round(this.#done / seconds))}/s`;
    const parts = [this.#label];
    if (this.#total !== null && this.#total > 0) {
      const ratio = Math.min(this.#done / this.#total, 1);
      const filled = Math.round(ratio * WIDTH);
      parts.push(`[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}]`);
      parts.push(`${number.format(this.#done)}/${number.format(this.#total)}`);
      parts.push(`${Math.floor(ratio * 100)}%`);
    } else {
      parts.push(number.format(this.#done));
    }
    parts.push(rate);
    if (extra) parts.push(extra);
    return parts.join("  ");
  }
}
