/**
 * Why targets are missed: explanations written by people, shown under a section's verdicts
 * when (and only when) a matching target is missed in the run being reported. A miss with no
 * matching note is listed as unexplained, so a new miss cannot pass unnoticed.
 */

/** One explanation. */
export interface Note {
  /** Benchmarks (result-file names) it applies to. */
  readonly benchmarks: readonly string[];
  /** Verdict keys it explains; `*` matches any run of characters (`peer * update`). */
  readonly keys: readonly string[];
  readonly text: string;
}

/** Every explanation, in the order they are shown. */
export const NOTES: readonly Note[] = [
  {
    benchmarks: ["sqlite", "postgres", "redis"],
    keys: ["raw update", "peer * update"],
    text: "`update(session, data)` is one round trip, but a compare-and-set: the driver checks the version and keeps the owner index in the same statement or Lua script, and core encodes the envelope header and re-seals the record, where the raw client and the peers write the value blind. On Redis 7.0 a compare-and-set needs a script (there is no native conditional SET): 11.6 µs of redis-server CPU alone and 9.0–9.4 µs per call inside a batch of 16 (INFO commandstats), against ~1.5 µs for the raw SET XX. The `sessions by token` row pays a read before every write.",
  },
  {
    benchmarks: ["sqlite", "postgres", "redis"],
    keys: ["raw touch", "peer * touch"],
    text: "Without an idle timeout a touch has no deadline to move (the absolute one is fixed), so `touch(session)` only checks that the record still exists: the driver's `exists`, a GETRANGE of the record's 16-byte deadline on Redis or a primary-key probe in SQL, plus the manager's own call; the raw client sends one PEXPIREAT and does nothing else. On Redis the two bare commands cost the same (GETRANGE 55.7 µs, PEXPIREAT 55.1 µs sequentially); over 30 alternating blocks of 2,000 sequential touches the manager measured 0.89× raw.",
  },
  {
    benchmarks: ["sqlite", "postgres", "redis"],
    keys: ["raw get", "peer * get"],
    text: "`manager.get` hashes the token to its storage key and decodes the stored envelope and data on every read; where the raw client's read is nearly all I/O (64 in flight on a local server, or SQLite's in-process reads), that CPU shows in the ratio. With calls in flight the drivers batch the gets of one tick (one `key = ANY($1)` SELECT, one `json_each` join, one MGET); a lone get keeps the single-key statement, so sequential ratios compare the same statements as before batching. Sequential ratios also carry this machine's noise. The `sessions` and `sessions by token` rows run the identical get: in the run of 2026-12-02 05:04 they differed by 20% on postgres (6,078 against 7,297/s) and 26% on redis (9,933 against 12,545/s); once every round moved each subject's predecessor (run of 07:10) they agreed within 5% on postgres and 3% on redis, yet differed by 24% on sqlite (60,485 against 75,240/s, the by-token row at 0.99× raw). On 2026-11-25 the sqlite twins agreed within 6% and the sequential get measured 0.77–0.83× raw. On SQLite (probe of 2026-12-02, 20,000 sequential gets per pass, 6 interleaved passes): `driver.get` alone ran at 95.6k/s, raw SELECT + JSON.parse at 60.3k/s, `manager.get` at 51.2k/s (0.85×) with the bench's ~1 KB payload and 68.9k/s with a trivial one: the payload's JSON.parse is paid on both sides, the manager adds ~4 µs.",
  },
  {
    benchmarks: ["postgres"],
    keys: ["raw get"],
    text: "Until ce481f8 (2026-12-02) the driver chained `.then` on postgres.js's query object, which cost 18–26 µs per sequential call against awaiting it (packages/postgres/README.md). Awaiting it, `bench:driver postgres` measured the sequential get at 0.84× raw (14:14); the full run of 14:23 measured 0.62×, with rounds from 0.53 to 1.35×.",
  },
  {
    benchmarks: ["redis"],
    keys: ["raw get", "raw touch"],
    text: "With 64 in flight on Redis, Node's CPU decides (redis-server needs ~1.5 µs per GET): ~15–20 µs of Node CPU per `manager.get` against ~11 µs for GET + JSON.parse, of which the data's JSON.parse (~12% of the profile) is the same on both sides and garbage collection (~19%) mostly the manager's objects and promises. Batching (16 gets per MGET) leaves the 64 callers moving in lockstep, so Node and Redis take turns: the profile shows Node ~25% idle.",
  },
  {
    benchmarks: ["redis"],
    keys: ["peer * destroy", "peer * create"],
    text: "The driver keeps an owner index (a sorted set per owner) so `listByOwner` is exact, updated in the same round trip as the record: create and destroy run a Lua script that also updates the index (3 or more Redis calls; 7.2–7.9 µs of redis-server CPU per call inside a batch, 10–13 µs alone), where connect-redis and Keyv send one SET or DEL (~1.7 µs) and cannot list by owner. The raw client doing the same index work with MULTI is itself slower than connect-redis on both phases in every run so far.",
  },
  {
    benchmarks: ["redis"],
    keys: ["raw destroy"],
    text: "`manager.destroy` knows only the token, so the driver's delete script first reads the record to learn its owner, then deletes it and removes it from the owner index; the raw client is handed the owner and sends DEL and ZREM without the read.",
  },
  {
    benchmarks: ["redis"],
    keys: ["raw create"],
    text: "A create runs the insert script (SET NX, ZADD, PEXPIREAT GT on the owner index: 11.7–13.4 µs of redis-server CPU alone, INFO commandstats) where the raw client's MULTI of SET and ZADD needs a few µs, and the manager makes the token, its digest and the envelope on top; sequentially both are paid in full on every call.",
  },
  {
    benchmarks: ["sqlite", "postgres"],
    keys: ["peer * create", "peer * destroy"],
    text: "The driver's table has two secondary indexes, owner (for `listByOwner`) and expiry (for cleanup), that every create and destroy also writes; sequentially each of those statements is paid in full. better-sqlite3-session-store's table and @keyv/postgres's have no secondary index at all, and the raw statements on the driver's table (same indexes) are level with or below those peers on these phases. On SQLite, the driver's WAL checkpoints run on a worker thread since c8ac937 (2026-12-02, packages/sqlite/README.md) instead of inside a commit: the sequential create and destroy against better-sqlite3-session-store went from 0.84× and 0.93× (full run of 14:23) to 1.19× and 1.16× (16:03), while bench:driver sqlite at 15:51 measured 0.92× and 1.21×.",
  },
  {
    benchmarks: ["postgres"],
    keys: ["peer * destroy"],
    text: "A destroy alone is one `DELETE … WHERE key = $1` for both the driver and connect-pg-simple, fsync-bound on the server: the two are level within this machine's noise (0.9–1.1× from run to run), so “faster” is not reliably measurable sequentially; with calls in flight the driver's deletes of one tick share one `DELETE … WHERE key = ANY($1)`.",
  },
  {
    benchmarks: ["postgres"],
    keys: ["raw destroy"],
    text: "A destroy alone is one `DELETE … WHERE key = $1` for the driver and the raw client alike, plus the manager's token digest, its audit event and the driver's call deadline; with calls in flight the driver's deletes of one tick share one `DELETE … = ANY($1) RETURNING key`.",
  },
  {
    benchmarks: ["postgres"],
    keys: ["raw create"],
    text: "A create alone is one `INSERT … ON CONFLICT (key) DO UPDATE … WHERE` the old row has expired (a live session is never overwritten, a dead one under the same key is replaced); the creates of one tick share one `INSERT … SELECT FROM unnest(…)` (since 2026-12-02, 414bf5e). The raw client sends a plain INSERT per call, and the manager makes the token, its SHA-256 digest, the envelope and an audit event on top. With 64 in flight on this 2-core machine, where the server has the other core, that CPU is paid on every call: batched, every statement carried 64 rows (312 statements for 20,000 creates, a probe through the manager), so what is left is Node's CPU per create. Before batching the committed runs measured 0.70–0.88×; bench:driver postgres with batching measured 0.72× (10:36) and 0.74× (14:14), the full run of 14:23 0.82×.",
  },
  {
    benchmarks: ["memory"],
    keys: ["ratio get", "ratio update"],
    text: "Get and update pay the same JSON pass over the payload as MemoryStore plus the token digest and the record header the design requires.",
  },
  {
    benchmarks: ["memory"],
    keys: ["ratio destroy", "ratio create"],
    text: "MemoryStore resolves every call through `setImmediate`: sequentially that costs it one event-loop turn per operation, with 64 in flight the turns are shared, so its cheapest phases gain the most from concurrency.",
  },
  {
    benchmarks: ["crypto"],
    keys: ["overhead get", "overhead update"],
    text: "A get opens one sealed payload, an update through the Session object seals one (an update by token opens one and seals one): AES-256-GCM-SIV with node:crypto's native AES and POLYVAL in WebAssembly, ~12–13 µs per 1 KB call on this machine (see packages/crypto/README.md). AES-256-GCM would be cheaper but is not nonce-misuse resistant, which SECURITY.md CR-1 rules out.",
  },
];

/** Whether verdict `key` matches `pattern` (`*` = any run of characters). */
export function keyMatches(pattern: string, key: string): boolean {
  const parts = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`).test(key);
}

/** The notes of `benchmark` that explain at least one of `missedKeys`. */
export function notesFor(benchmark: string, missedKeys: readonly string[]): Note[] {
  return NOTES.filter(
    (note) =>
      note.benchmarks.includes(benchmark) &&
      note.keys.some((pattern) => missedKeys.some((key) => keyMatches(pattern, key))),
  );
}

/** The missed keys no note of `benchmark` explains. */
export function unexplained(benchmark: string, missedKeys: readonly string[]): string[] {
  const notes = NOTES.filter((note) => note.benchmarks.includes(benchmark));
  return missedKeys.filter(
    (key) => !notes.some((note) => note.keys.some((pattern) => keyMatches(pattern, key))),
  );
}
