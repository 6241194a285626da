/** Driver specs: what each form means and the one-line errors. */

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { availableDrivers, describeSpec, parseDriverSpec } from "../src/drivers/registry.js";
import { DATA_DIR } from "../src/paths.js";

describe("parseDriverSpec", () => {
  it("reads each form", () => {
    expect(parseDriverSpec("memory")).toEqual({ kind: "memory", target: null });
    expect(parseDriverSpec("sqlite")).toEqual({
      kind: "sqlite",
      target: join(DATA_DIR, "sessions.db"),
    });
    expect(parseDriverSpec("json:/tmp/a.json")).toEqual({ kind: "json", target: "/tmp/a.json" });
    expect(parseDriverSpec("csv:/tmp/a.csv")).toEqual({ kind: "csv", target: "/tmp/a.csv" });
    expect(parseDriverSpec("postgres:postgres://u@h/db")).toEqual({
      kind: "postgres",
      target: "postgres://u@h/db",
    });
    expect(parseDriverSpec("redis://127.0.0.1:6379")).toEqual({
      kind: "redis",
      target: "redis://127.0.0.1:6379",
    });
    expect(parseDriverSpec("mongo", { SESSIONS_MONGO_URL: "mongodb://h/app" })).toEqual({
      kind: "mongo",
      target: "mongodb://h/app",
    });
  });

  it("resolves relative paths from where pnpm was run", () => {
    const saved = process.env.INIT_CWD;
    process.env.INIT_CWD = "/home/me/project";
    try {
      expect(parseDriverSpec("json:backup.json").target).toBe("/home/me/project/backup.json");
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
  });

  it.each([
    ["oracle", /unknown driver "oracle"/],
    ["memory:x", /memory takes no path or URL/],
    ["postgres", /postgres needs a URL: postgres:<URL>, or set SESSIONS_POSTGRES_URL/],
    [
      "redis:localhost",
      /bad URL for redis: not a URL \(it must start with redis:\/\/ or rediss:\/\/\)/,
    ],
    ["redis:http://localhost", /bad URL for redis: it must start with redis:\/\//],
    ["mongo:mongodb://", /bad URL for mongo/],
    ["ftp://x", /unknown driver URL scheme "ftp:\/\/"/],
  ])("refuses %s", (spec, message) => {
    expect(() => parseDriverSpec(spec, {})).toThrow(message);
  });
});

describe("describeSpec and availableDrivers", () => {
  it("masks a URL's password", () => {
    expect(describeSpec(parseDriverSpec("postgres://app:hunter2@db:5432/app"))).toBe(
      "postgres://app:***@db:5432/app",
    );
  });

  it("offers the server drivers only when their URL variable is set", () => {
    const kinds = (env: NodeJS.ProcessEnv) => availableDrivers(env).map((entry) => entry.kind);
    expect(kinds({})).toEqual(["memory", "sqlite", "json", "csv"]);
    expect(kinds({ SESSIONS_REDIS_URL: "redis://h" })).toEqual([
      "memory",
      "sqlite",
      "json",
      "csv",
      "redis",
    ]);
  });
});
