import { SessionStoreError, type StoredSession } from "@sessions/core";
import { afterAll, describe, expect, it } from "vitest";
import { type PostgresDriverOptions, postgresDriver } from "../src/index.js";
import { statements } from "../src/statements.js";
import { connect, NOW, postgresUrl, record, recordingClient, unique } from "./helpers.js";

const sql = connect();
afterAll(() => sql.end({ timeout: 5 }));

const SHORT = NOW + 1_000;
const STORED = [
  record("a"),
  record("b", { owner: "bob", payload: '{"b":1}', expiresAt: SHORT }),
  record("c", { payload: "\u0000 NUL and \ud800 lone" }),
];

type Read = readonly [key: string, now: number];
const READS: Read[] = [
  ["a", NOW],
  ["b", NOW],
  ["missing", NOW],
  ["b", SHORT - 1],
  ["a", NOW + 1],
  ["b", SHORT],
  ["c", NOW],
  ["b", NOW - 5],
];

/** How a call settled: its value, or its error's code and the SQLSTATE of its cause. */
const settle = (call: PromiseLike<unknown>) =>
  Promise.resolve(call).then(
    (value) => ({ value }),
    (error: SessionStoreError) => ({
      error: error.code,
      cause: (error.cause as { code?: string } | undefined)?.code,
    }),
  );

/** The same calls, one at a time: the answers batching must reproduce. */
async function alone(calls: (() => PromiseLike<unknown>)[]) {
  const results = [];
  for (const call of calls) results.push(await settle(call()));
  return results;
}

/** A driver on a fresh table over a recording client of its own, `records` stored. */
async function fresh(
  label: string,
  records: readonly StoredSession[] = STORED,
  options: Pick<PostgresDriverOptions, "createTableIfMissing" | "timeoutMs"> = {},
) {
  const client = recordingClient();
  await client.ready();
  const driver = postgresDriver({ ...options, sql: client.sql, table: unique(label) });
  await driver.createSchema();
  for (const r of records) await driver.insert(r, NOW);
  client.sent.length = 0;
  const text = statements(driver.table);
  const close = async () => {
    await driver.dropSchema();
    await client.sql.end({ timeout: 5 });
  };
  return { driver, sent: client.sent, text, close };
}

describe("calls of one tick share one statement", () => {
  it("N gets, exists or deletes issued together are one statement each, every call answered exactly as alone", async () => {
    const { driver, sent, text, close } = await fresh("batch_exact");
    const twin = await fresh("batch_twin");
    try {
      const gets = READS.map(
        ([key, now]) =>
          () =>
            driver.get(key, now),
      );
      const batched = await Promise.all(gets.map((get) => settle(get())));
      expect(sent).toEqual([text.getMany]);
      expect(batched).toEqual(await alone(gets));
      expect(batched.map((r) => (r as { value: StoredSession | null }).value?.key ?? null)).toEqual(
        ["a", "b", null, "b", "a", null, "c", "b"],
      );
      const values = batched.map((r) => (r as { value: StoredSession | null }).value);
      expect(values[0]).not.toBe(values[4]); // one record object per call, key repeated or not
      expect(values[1]).not.toBe(values[3]);

      sent.length = 0;
      const exists = READS.map(
        ([key, now]) =>
          () =>
            driver.exists(key, now),
      );
      const found = await Promise.all(exists.map((call) => settle(call())));
      expect(sent).toEqual([text.existsMany]);
      expect(found).toEqual(await alone(exists));

      // Deletes change the table: the twin table gets the same calls one at a time.
      sent.length = 0;
      const keys = ["a", "b", "a", "missing", "c", "b"];
      const removed = await Promise.all(keys.map((key) => settle(driver.delete(key))));
      expect(sent).toEqual([text.deleteMany]);
      expect(removed).toEqual(await alone(keys.map((key) => () => twin.driver.delete(key))));
      expect(removed.map((r) => (r as { value: boolean }).value)).toEqual([
        true,
        true,
        false,
        false,
        true,
        false,
      ]);
      expect(await driver.count(0)).toBe(0);
    } finally {
      await close();
      await twin.close();
    }
  });

  it("a tick of more gets than a batch holds (32) is split: 70 gets are 3 statements", async () => {
    const { driver, sent, text, close } = await fresh("batch_split");
    try {
      const keys = Array.from({ length: 70 }, (_, i) => (i % 7 === 0 ? "a" : `missing${i}`));
      const found = await Promise.all(keys.map((key) => driver.get(key, NOW)));
      expect(found).toEqual(keys.map((key) => (key === "a" ? STORED[0] : null)));
      expect(sent).toEqual([text.getMany, text.getMany, text.getMany]);
    } finally {
      await close();
    }
  });

  it("calls awaited one at a time use the single-key statements", async () => {
    const { driver, sent, text, close } = await fresh("batch_sequential");
    try {
      expect(await driver.get("a", NOW)).toEqual(STORED[0]);
      expect(await driver.get("b", SHORT)).toBeNull();
      expect(await driver.exists("a", NOW)).toBe(true);
      expect(await driver.delete("a")).toBe(true);
      expect(await driver.delete("a")).toBe(false);
      expect(sent).toEqual([text.get, text.get, text.exists, text.delete, text.delete]);
    } finally {
      await close();
    }
  });

  it("a tick holding a key TEXT cannot hold exactly (NUL, lone surrogate) or a fractional now runs its calls alone", async () => {
    const odd = [record("a"), record("k\ud800")]; // stored as k\ufffd: UTF-8 has no lone surrogates
    const { driver, sent, text, close } = await fresh("batch_odd", odd);
    const twin = await fresh("batch_odd_twin", odd);
    try {
      // Alone, each is as it always was: found under its UTF-8 form, or refused by the server
      // (22021 for NUL, 22P02 for a fractional int8): a typed error of that call only.
      const oddReads: Read[] = [
        ["k\ud800", NOW],
        ["x\u0000y", NOW],
        ["a", NOW + 0.5],
      ];
      for (const odd of oddReads) {
        const reads: Read[] = [["a", NOW], odd, ["missing", NOW]];
        for (const kind of ["get", "exists"] as const) {
          sent.length = 0;
          const calls = reads.map(
            ([key, now]) =>
              () =>
                driver[kind](key, now),
          );
          const batched = await Promise.all(calls.map((call) => settle(call())));
          expect(sent).toEqual(reads.map(() => text[kind]));
          expect(batched).toEqual(await alone(calls));
          expect(batched[0]).toEqual({ value: kind === "get" ? record("a") : true });
        }
      }
      sent.length = 0;
      const keys = ["a", "k\ud800", "x\u0000y", "a"];
      const removed = await Promise.all(keys.map((key) => settle(driver.delete(key))));
      expect(sent).toEqual(keys.map(() => text.delete));
      expect(removed).toEqual(await alone(keys.map((key) => () => twin.driver.delete(key))));
      expect(removed).toEqual([
        { value: true },
        { value: true },
        { error: "STORE_FAILURE", cause: "22021" },
        { value: false },
      ]);
    } finally {
      await close();
      await twin.close();
    }
  });

  it("EXPLAIN: the batch statements look every key up in the primary key, custom and generic plans", async () => {
    const table = unique("batch_plans");
    const driver = postgresDriver({ sql, table });
    await driver.createSchema();
    await sql.unsafe(
      `INSERT INTO "${table}" SELECT 'app:s:' || i, NULL, '{}', ${NOW}, ${NOW} + i, 1
       FROM generate_series(1, 20000) AS i`,
    );
    await sql.unsafe(`ANALYZE "${table}"`);
    const text = statements(driver.table);
    const keys = `{${Array.from({ length: 64 }, (_, i) => `"app:s:${i * 300 + 1}"`).join(",")}}`;
    const byKey = new RegExp(
      `(Index Scan using|Bitmap Index Scan on) ${table}_pkey[\\s\\S]*Index Cond: \\(key = ANY`,
    );
    const plan = (rows: Record<string, unknown>[]) =>
      rows.map((row) => String(row["QUERY PLAN"])).join("\n");
    const batchStatements = [
      [text.getMany, [keys, NOW]],
      [text.existsMany, [keys, NOW]],
      [text.deleteMany, [keys]],
    ] as const;
    for (const [query, parameters] of batchStatements) {
      expect(plan(await sql.unsafe(`EXPLAIN ${query}`, [...parameters]))).toMatch(byKey);
    }
    // The plan a prepared statement may switch to after five executions, for any array.
    await sql.begin(async (tx) => {
      await tx.unsafe("SET LOCAL plan_cache_mode = force_generic_plan");
      for (const [i, [query, parameters]] of batchStatements.entries()) {
        await tx.unsafe(`PREPARE batch_${i} AS ${query}`);
        const values = parameters.map((value) => `'${value}'`).join(", ");
        const generic = plan(await tx.unsafe(`EXPLAIN EXECUTE batch_${i}(${values})`));
        expect(generic).toMatch(byKey);
        expect(generic).toContain("$1");
        await tx.unsafe(`DEALLOCATE batch_${i}`);
      }
    });
    await driver.dropSchema();
  });
});

describe("inserts of one tick", () => {
  /** Every row of a driver's table, by key (the raw rows, dead ones too). */
  const rows = (table: string) =>
    sql.unsafe(`SELECT key, owner, payload, created_at::float8 AS c, expires_at::float8 AS e,
      version::float8 AS v FROM ${table} ORDER BY key`);

  it("share one INSERT … unnest statement, each answered and stored exactly as alone", async () => {
    const { driver, sent, text, close } = await fresh("insert_batch");
    const twin = await fresh("insert_batch_twin");
    try {
      const inserts: [StoredSession, number][] = [
        [record("n1", { owner: "NULL", payload: '{"q":"\\"x\\"}' }), NOW],
        [record("a", { payload: '{"lost":1}' }), NOW], // a is live at NOW: refused
        // b is live at NOW but dead at SHORT: refused at the batch's earliest now, then run
        // alone with its own now, which replaces it.
        [record("b", { owner: "carol", payload: '{"b":2}' }), SHORT],
        [record("n2", { owner: "\u0000 NUL \ud800 lone", payload: "\u0001x\u0000" }), NOW + 5],
        [record("n3", { expiresAt: NOW - 1 }), NOW], // dead on arrival, stored anyway as alone
      ];
      const calls = inserts.map(
        ([r, now]) =>
          () =>
            driver.insert(r, now),
      );
      const batched = await Promise.all(calls.map((call) => settle(call())));
      expect(sent).toEqual([text.insertMany, text.insert]);
      expect(batched.map((r) => (r as { value: boolean }).value)).toEqual([
        true,
        false,
        true,
        true,
        true,
      ]);
      expect(batched).toEqual(
        await alone(
          inserts.map(
            ([r, now]) =>
              () =>
                twin.driver.insert(r, now),
          ),
        ),
      );
      expect(await rows(driver.table)).toEqual(await rows(twin.driver.table));
      expect(await driver.get("n2", NOW)).toEqual(inserts[3]![0]);
      expect(await driver.get("n1", NOW)).toEqual(inserts[0]![0]);
    } finally {
      await close();
      await twin.close();
    }
  });

  it("a tick repeating a key, or holding a key TEXT cannot hold or a fractional field, runs its inserts alone", async () => {
    const { driver, sent, text, close } = await fresh("insert_alone", []);
    const twin = await fresh("insert_alone_twin", []);
    try {
      const ticks: StoredSession[][] = [
        [record("k"), record("k", { payload: '{"second":1}' })],
        [record("m"), record("x\u0000y")],
        [record("p"), record("q", { version: 1.5 })],
      ];
      for (const tick of ticks) {
        sent.length = 0;
        const batched = await Promise.all(tick.map((r) => settle(driver.insert(r, NOW))));
        expect(sent).toEqual(tick.map(() => text.insert));
        expect(batched).toEqual(await alone(tick.map((r) => () => twin.driver.insert(r, NOW))));
        expect(batched[0]).toEqual({ value: true });
      }
      expect(await rows(driver.table)).toEqual(await rows(twin.driver.table));
    } finally {
      await close();
      await twin.close();
    }
  });

  it("a batch one row fails (an index row too large) runs its inserts alone: the others are stored", async () => {
    const { driver, sent, text, close } = await fresh("insert_row_failure", []);
    try {
      // Random text does not compress: as a primary key it exceeds a btree page's row limit.
      const huge = Array.from({ length: 12_000 }, () =>
        String.fromCharCode(33 + Math.floor(Math.random() * 90)),
      ).join("");
      const results = await Promise.all(
        [record("fine"), record(huge), record("also")].map((r) => settle(driver.insert(r, NOW))),
      );
      expect(sent).toEqual([text.insertMany, text.insert, text.insert, text.insert]);
      expect(results).toEqual([
        { value: true },
        { error: "STORE_FAILURE", cause: "54000" },
        { value: true },
      ]);
      expect((await rows(driver.table)).map((row) => row.key)).toEqual(["also", "fine"]);
    } finally {
      await close();
    }
  });
});

describe("a batch that fails", () => {
  it("rejects every caller with the typed error of its statement", async () => {
    // The table is never created: each batch statement fails (42P01 undefined_table).
    const { driver, sent, text, close } = await fresh("batch_failing", [], {
      createTableIfMissing: false,
    });
    await driver.dropSchema();
    sent.length = 0;
    try {
      const calls = [
        ...READS.map(([key, now]) => driver.get(key, now)),
        ...READS.map(([key, now]) => driver.exists(key, now)),
        ...READS.map(([key]) => driver.delete(key)),
        ...["i1", "i2"].map((key) => driver.insert(record(key), NOW)),
      ];
      const results = await Promise.allSettled(calls);
      expect(sent).toEqual([text.getMany, text.existsMany, text.deleteMany, text.insertMany]);
      for (const result of results) {
        expect(result.status).toBe("rejected");
        const error = (result as PromiseRejectedResult).reason;
        expect(error).toBeInstanceOf(SessionStoreError);
        expect(error).toMatchObject({ code: "STORE_FAILURE", driver: "postgres" });
        expect(error.cause).toMatchObject({ code: "42P01" });
      }
    } finally {
      await close();
    }
  });

  it("held past the deadline (table locked), rejects every caller with TIMEOUT in bounded time; the next batch works", async () => {
    const TIMEOUT_MS = 400;
    const { driver, close } = await fresh("batch_locked", STORED, { timeoutMs: TIMEOUT_MS });
    try {
      await sql.begin(async (tx) => {
        await tx.unsafe(`LOCK TABLE ${driver.table} IN ACCESS EXCLUSIVE MODE`);
        const started = performance.now();
        const results = await Promise.allSettled(READS.map(([key, now]) => driver.get(key, now)));
        expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 750);
        for (const result of results) {
          expect((result as PromiseRejectedResult).reason).toMatchObject({
            code: "TIMEOUT",
            driver: "postgres",
          });
        }
      });
      const again = await Promise.all(READS.map(([key, now]) => settle(driver.get(key, now))));
      expect(again.map((r) => (r as { value: StoredSession | null }).value?.key ?? null)).toEqual([
        "a",
        "b",
        null,
        "b",
        "a",
        null,
        "c",
        "b",
      ]);
    } finally {
      await close();
    }
  });

  it("rolled back by a deadlock (a delete batch locks several rows), runs its calls alone", async () => {
    const { driver, sent, text, close } = await fresh(
      "batch_deadlock",
      [record("k1"), record("k2")],
      {
        timeoutMs: 10_000,
      },
    );
    try {
      let deletes: Promise<boolean[]> | undefined;
      const transaction = sql.begin(async (tx) => {
        await tx.unsafe(`DELETE FROM ${driver.table} WHERE key = 'k2'`);
        deletes = Promise.all([driver.delete("k1"), driver.delete("k2")]);
        // The batch locks k1 and waits for k2, locked here; asking for k1 closes the cycle.
        // The batch, waiting longer, is the one PostgreSQL's deadlock check (after 1 s) aborts.
        for (;;) {
          const [waiting] = await tx`SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query = ${text.deleteMany}`;
          if (waiting!.n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await tx.unsafe(`DELETE FROM ${driver.table} WHERE key = 'k1'`);
        throw new Error("roll back");
      });
      await expect(transaction).rejects.toThrow("roll back");
      // Rolled back, this side deleted nothing: the calls, run alone, each remove their row.
      expect(await deletes).toEqual([true, true]);
      expect(sent).toEqual([text.deleteMany, text.delete, text.delete]);
    } finally {
      await close();
    }
  }, 20_000);
});

describe("close()", () => {
  it("sends the calls accepted before it, then ends an owned client", async () => {
    const table = unique("batch_close");
    const owned = postgresDriver({ url: postgresUrl(), table });
    await owned.insert(record("a"), NOW);
    const calls = [owned.get("a", NOW), owned.exists("a", NOW), owned.delete("missing")];
    const closing = owned.close();
    expect(await Promise.all(calls)).toEqual([STORED[0], true, false]);
    await closing;
    await expect(owned.get("a", NOW)).rejects.toMatchObject({ code: "CLOSED" });
    await sql.unsafe(`DROP TABLE "${table}"`);
  });
});
