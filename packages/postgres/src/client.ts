/**
 * The few postgres.js methods the driver uses, typed structurally so an injected `sql` from any
 * postgres.js 3.x version fits.
 */

/** A result set of postgres.js: the rows, plus how many rows the statement touched. */
export type ResultLike = Record<string, unknown>[] & { readonly count: number };

/** What the driver needs of a postgres.js `sql` instance. */
export interface PostgresSqlLike {
  unsafe(
    query: string,
    // biome-ignore lint/suspicious/noExplicitAny: postgres.js' own parameter type is generic.
    parameters?: any[],
    options?: { prepare?: boolean },
  ): PromiseLike<ResultLike>;
  end(options?: { timeout?: number }): Promise<void>;
}
