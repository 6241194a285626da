import { describe, expect, it } from "vitest";
import {
  ConfigError,
  createSessionManager,
  memoryDriver,
  migrate,
  type PortableRecord,
  SerializationError,
  SessionConflictError,
} from "../src/index.js";
import { manualClock, setup } from "./helpers.js";

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

async function seeded(count: number) {
  const context = setup();
  for (let i = 0; i < count; i++) {
    await context.sessions.create({ owner: `user${i % 3}`, data: { i }, ttl: i < 2 ? 1000 : "1h" });
  }
  return context;
}

describe("export and import", () => {
  it("exports live records with hashed keys and imports them byte-identical", async () => {
    const source = await seeded(12);
    source.clock.advance(1000);
    const exported = await collect(source.sessions.export());
    expect(exported).toHaveLength(10);
    expect(exported[0]).toMatchObject({ format: 1, owner: expect.stringMatching(/^user\d$/) });

    const target = setup({ driver: memoryDriver() });
    target.clock.set(source.clock.now());
    expect(await target.sessions.import(exported)).toEqual({
      imported: 10,
      skipped: 0,
      expired: 0,
    });
    expect(await collect(target.sessions.export())).toEqual(exported);
    expect((await target.sessions.getByOwner("user1")).length).toBeGreaterThan(0);

    // A second import: skip leaves all, overwrite rewrites all, fail refuses and writes nothing.
    expect(await target.sessions.import(exported, { onDuplicate: "skip" })).toEqual({
      imported: 0,
      skipped: 10,
      expired: 0,
    });
    expect(await target.sessions.import(exported, { onDuplicate: "overwrite" })).toEqual({
      imported: 10,
      skipped: 0,
      expired: 0,
    });
    await expect(target.sessions.import(exported)).rejects.toBeInstanceOf(SessionConflictError);
    expect(await collect(target.sessions.export())).toEqual(exported);
  });

  it("drops expired records on import and accepts async iterables", async () => {
    const source = await seeded(4);
    const exported = await collect(source.sessions.export());
    const target = setup();
    target.clock.set(source.clock.now() + 1000);
    async function* stream() {
      yield* exported;
    }
    expect(await target.sessions.import(stream())).toEqual({ imported: 2, skipped: 0, expired: 2 });
  });

  it("rejects hostile records naming record and field, writing nothing", async () => {
    const source = await seeded(3);
    const good = await collect(source.sessions.export());
    const base = good[2];
    const cases: Array<[string, unknown, string]> = [
      ["not an object", "text", "(record)"],
      ["array", [], "(record)"],
      ["unknown field", { ...base, extra: 1 }, "extra"],
      [
        "__proto__ key",
        JSON.parse(`{"__proto__": 1, ${JSON.stringify(base).slice(1)}`),
        "__proto__",
      ],
      ["unknown format", { ...base, format: 2 }, "format"],
      ["bad key", { ...base, key: "../etc/passwd" }, "key"],
      ["bad owner", { ...base, owner: 7 }, "owner"],
      ["payload type", { ...base, payload: { $set: 1 } }, "payload"],
      ["payload unreadable", { ...base, payload: "not a payload" }, "payload"],
      ["payload over the limit", { ...base, payload: "x".repeat(3 * 1024 * 1024) }, "payload"],
      ["time", { ...base, createdAt: "yesterday" }, "createdAt"],
      ["expiry before creation", { ...base, expiresAt: 1 }, "expiresAt"],
      ["version", { ...base, version: 0 }, "version"],
      ["duplicate key", good[0], "key"],
    ];
    for (const [label, hostile, field] of cases) {
      const target = setup();
      target.clock.set(source.clock.now());
      const records = [good[0], good[1], hostile];
      const error = await target.sessions.import(records).catch((caught: unknown) => caught);
      expect(error, label).toBeInstanceOf(SerializationError);
      expect(error, label).toMatchObject({ record: 3, field });
      expect(await target.driver.count(target.clock.now()), label).toBe(0);
    }
    await expect(
      setup().sessions.import(good, { onDuplicate: "merge" as never }),
    ).rejects.toBeInstanceOf(SerializationError);
  });

  it("imports into another app under that app's namespace", async () => {
    const source = await seeded(3);
    const exported = await collect(source.sessions.export());
    const driver = memoryDriver();
    const clock = manualClock(source.clock.now());
    const other = createSessionManager({ driver, app: "other", clock });
    await other.import(exported);
    expect((await other.list()).sessions).toHaveLength(3);
    expect((await createSessionManager({ driver, clock }).list()).sessions).toHaveLength(0);
  });
});

describe("migrate", () => {
  it("streams every live record keeping keys, owners, expiry and versions", async () => {
    const source = await seeded(25);
    const { id } = await source.sessions.create({ owner: "zed", data: { keep: true } });
    await source.sessions.update(id, { keep: "v2" });
    source.clock.advance(1000);
    const target = memoryDriver();
    const progress: number[] = [];
    const result = await migrate(source.driver, target, {
      batchSize: 7,
      clock: source.clock,
      onProgress: (totals) => progress.push(totals.imported),
    });
    expect(result).toEqual({ imported: 24, skipped: 0, expired: 2 });
    expect(progress.at(-1)).toBe(24);
    const now = source.clock.now();
    const original = (await source.driver.scan({ limit: 1000 })).records.filter(
      (r) => r.expiresAt > now,
    );
    expect((await target.scan({ limit: 1000 })).records).toEqual(original);
    // The data is usable through a manager on the target.
    const moved = createSessionManager({ driver: target, clock: source.clock });
    expect((await moved.require(id)).data).toEqual({ keep: "v2" });
    expect((await moved.require(id)).version).toBe(2);
  });

  it("applies the duplicate policy", async () => {
    const source = await seeded(3);
    const target = memoryDriver();
    await migrate(source.driver, target, { clock: source.clock });
    expect(await migrate(source.driver, target, { clock: source.clock })).toEqual({
      imported: 0,
      skipped: 3,
      expired: 0,
    });
    expect(
      await migrate(source.driver, target, { clock: source.clock, onDuplicate: "overwrite" }),
    ).toEqual({
      imported: 3,
      skipped: 0,
      expired: 0,
    });
    await expect(
      migrate(source.driver, target, { clock: source.clock, onDuplicate: "fail" }),
    ).rejects.toBeInstanceOf(SessionConflictError);
    await expect(
      migrate(source.driver, target, { onDuplicate: "merge" as never }),
    ).rejects.toBeInstanceOf(ConfigError);
    await expect(migrate(source.driver, target, { batchSize: 0 })).rejects.toBeInstanceOf(
      ConfigError,
    );
    await expect(migrate({} as never, target)).rejects.toBeInstanceOf(ConfigError);
  });

  it("wraps driver failures as store errors naming the driver", async () => {
    const source = await seeded(1);
    const broken = {
      ...memoryDriver(),
      name: "broken",
      insert: async () => Promise.reject(new Error("disk on fire")),
    };
    const error = await migrate(source.driver, broken, { clock: source.clock }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: "STORE_FAILURE", driver: "broken" });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});

export type { PortableRecord };
