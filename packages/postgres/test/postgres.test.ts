import { ConfigError } from "@sessions/core";
import { hostileValueCalls } from "@sessions/test-suite";
import { afterAll, describe, expect, it } from "vitest";
import { postgresDriver } from "../src/index.js";
import { statements } from "../src/statements.js";
import { connect, NOW, postgresUrl, record, unique } from "./helpers.js";

const sql = connect();
afterAll(() => sql.end({ timeout: 5 }));
const catalog = async () =>
  sql`SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`;

describe("identifiers (IN-1)", () => {
  it.each([
    ["table", "x; DROP TABLE y"],
    ["table", 'a"b'],
    ["table", ""],
    ["table", "a".repeat(64)],
    ["table", "a.b"],
    ["schema", "public; DROP SCHEMA public"],
    ["schema", 'p"q'],
  ])(
    "refuses the %s name %j at construction with ConfigError; the catalog is unchanged",
    async (option, value) => {
      const before = await catalog();
      expect(() => postgresDriver({ sql, [option]: value })).toThrow(ConfigError);
      expect(await catalog()).toEqual(before);
    },
  );
});

describe("statements (one parameterized statement per operation, condition inside)", () => {
  const text = statements('"s"."t"');
  it("puts every condition in the statement", () => {
    expect(text.compareAndSet).toMatch(/WHERE key = \$6 AND version = \$7 AND expires_at > \$8$/);
    expect(text.compareAndDelete).toMatch(
      /^DELETE .* WHERE key = \$1 AND version = \$2 AND expires_at > \$3$/,
    );
    expect(text.insert).toMatch(
      /ON CONFLICT \(key\) DO UPDATE SET[\s\S]*WHERE t\.expires_at <= \$7$/,
    );
    expect(text.touch).toMatch(/WHERE key = \$2 AND expires_at > \$3$/);
    expect(text.deleteExpiredRange).toMatch(
      /DELETE FROM "s"\."t" WHERE key IN\s+\(SELECT key FROM "s"\."t" WHERE expires_at <= \$1 AND key >= \$2 AND key < \$3 LIMIT \$4\)/,
    );
    for (const statement of Object.values(text)) {
      expect(statement).not.toMatch(/LIKE/i);
      expect(statement).not.toContain(";");
    }
  });

  it("binds hostile values as parameters: each call sends exactly one statement and no value enters SQL text", async () => {
    const table = unique("victim");
    const driver = postgresDriver({ sql, table });
    await driver.createSchema();
    const sent: string[] = [];
    const spy = {
      unsafe: (query: string, parameters?: unknown[], options?: { prepare?: boolean }) => {
        sent.push(query);
        return sql.unsafe(query, parameters as never[], options);
      },
      end: () => Promise.resolve(),
    };
    const watched = postgresDriver({ sql: spy, table, createTableIfMissing: false });
    const calls = hostileValueCalls(watched, table, NOW);
    for (const call of calls) {
      const before = sent.length;
      await call();
      expect(sent.length - before).toBe(1);
    }
    for (const query of sent) {
      expect(query).not.toContain("DROP");
      expect(query).not.toContain("'1'='1");
    }
    const [found] = await sql`SELECT to_regclass(${`public.${table}`}) IS NOT NULL AS exists`;
    expect(found!.exists).toBe(true);
    await driver.dropSchema();
  });
});

describe("schema", () => {
  it("indexes owner and expires_at: listByOwner and deleteExpired are index scans (EXPLAIN)", async () => {
    const table = unique("plans");
    const driver = postgresDriver({ sql, table });
    await driver.createSchema();
    await sql.unsafe(
      `INSERT INTO "${table}" SELECT 'app:s:' || i, 'owner' || (i % 5000), '{}', ${NOW}, ${NOW} + i, 1
       FROM generate_series(1, 20000) AS i`,
    );
    await sql.unsafe(`ANALYZE "${table}"`);
    const text = statements(`"public"."${table}"`);
    const explain = async (query: string, parameters: unknown[]) =>
      (await sql.unsafe(`EXPLAIN ${query}`, parameters as never[]))
        .map((row) => String(row["QUERY PLAN"]))
        .join("\n");
    expect(await explain(text.listByOwner, ["owner7", NOW])).toMatch(
      new RegExp(`Index Scan using ${table}_owner|Bitmap Index Scan on ${table}_owner`),
    );
    expect(await explain(text.deleteExpired, [NOW + 10, 100])).toMatch(
      new RegExp(`Index Scan using ${table}_expires|Bitmap Index Scan on ${table}_expires`),
    );
    await driver.dropSchema();
  });

  it("keeps its table in the given schema; createSchema is idempotent; dropSchema drops the table", async () => {
    const schema = unique("ns");
    const driver = postgresDriver({ sql, schema, table: "sessions" });
    await driver.createSchema();
    await driver.createSchema();
    expect(await driver.insert(record("k"), NOW)).toBe(true);
    const [row] = await sql`SELECT count(*)::int AS n FROM ${sql(schema)}.sessions`;
    expect(row!.n).toBe(1);
    await driver.dropSchema();
    const [gone] = await sql`SELECT to_regclass(${`${schema}.sessions`}) IS NULL AS gone`;
    expect(gone!.gone).toBe(true);
    await sql`DROP SCHEMA ${sql(schema)}`;
  });

  it("createTableIfMissing: false creates nothing (calls fail with a typed error until createSchema)", async () => {
    const table = unique("lazy");
    const driver = postgresDriver({ sql, table, createTableIfMissing: false });
    await expect(driver.get("k", NOW)).rejects.toMatchObject({
      code: "STORE_FAILURE",
      driver: "postgres",
    });
    await driver.createSchema();
    expect(await driver.get("k", NOW)).toBeNull();
    await driver.dropSchema();
  });

  it("stores epoch milliseconds beyond 2^31 exactly and reads numbers back", async () => {
    const table = unique("wide");
    const driver = postgresDriver({ sql, table });
    const wide = record("w", {
      createdAt: 8_000_000_000_000,
      expiresAt: 8_000_000_000_001,
      version: 2 ** 40,
    });
    await driver.insert(wide, NOW);
    expect(await driver.get("w", NOW)).toEqual(wide);
    await driver.dropSchema();
  });
});

describe("ownership of the client", () => {
  it("ends a client it opened from a URL, never an injected one; close is idempotent", async () => {
    const table = unique("own");
    const injected = postgresDriver({ sql, table });
    await injected.count(NOW);
    await injected.close();
    await injected.close();
    expect((await sql`SELECT 1 AS one`)[0]!.one).toBe(1);
    await expect(injected.get("k", NOW)).rejects.toMatchObject({ code: "CLOSED" });
    const owned = postgresDriver({ url: postgresUrl(), table });
    expect(await owned.count(NOW)).toBe(0);
    await owned.close();
    await expect(owned.count(NOW)).rejects.toMatchObject({ code: "CLOSED" });
    await sql.unsafe(`DROP TABLE "${table}"`);
  });
});

describe("values PostgreSQL TEXT cannot hold", () => {
  it("keeps owners with lone surrogates or NUL apart and round-trips them; payloads starting with the marker too", async () => {
    const table = unique("owners");
    const driver = postgresDriver({ sql, table });
    const owners = ["a\ud800", "a\ufffd", "a\udc00b", "a\u0000b", "\u0001x"];
    for (const [i, owner] of owners.entries()) {
      await driver.insert(record(`k${i}`, { owner, payload: `\u0001${owner}` }), NOW);
    }
    for (const [i, owner] of owners.entries()) {
      const listed = await driver.listByOwner(owner, NOW);
      expect(listed.map((r) => [r.key, r.owner, r.payload])).toEqual([
        [`k${i}`, owner, `\u0001${owner}`],
      ]);
    }
    expect(await driver.deleteByOwner("a\ud800")).toBe(1);
    expect(await driver.count(NOW)).toBe(4);
    await driver.dropSchema();
  });
});
