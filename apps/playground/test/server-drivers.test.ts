/**
 * The server drivers from the playground: the web app on Redis and on PostgreSQL, and the CLI
 * moving sessions sqlite → postgres → redis. Real servers on free ports (@sessions/test-services).
 */

import { join } from "node:path";
import { sqliteDriver } from "@sessions/sqlite";
import {
  type PostgresServer,
  type RedisServer,
  startPostgres,
  startRedis,
} from "@sessions/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run.js";
import { createPlaygroundManager } from "../src/manager.js";
import { createApp } from "../src/server/app.js";
import { captureIo, startWith, tempDir } from "./helpers.js";

let redis: RedisServer;
let postgres: PostgresServer;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir();
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([redis?.stop(), postgres?.stop()]);
  await dir?.remove();
});

// MongoDB cannot be installed on these machines: its case runs when SESSIONS_MONGO_URL is set.
const mongoUrl = process.env.SESSIONS_MONGO_URL;

describe.each([
  ["redis", () => redis.url],
  ["postgres", () => postgres.url],
  ["mongo", () => mongoUrl ?? ""],
])("the web app on %s", (kind, url) => {
  it.skipIf(kind === "mongo" && !mongoUrl)(
    "signs in and keeps the cart in the server's store",
    async () => {
      const playground = await startWith("--driver", `${kind}:${url()}`, "--encryption", "off");
      try {
        const app = createApp(playground.state);
        const origin = "http://127.0.0.1";
        const form = (body: Record<string, string>, cookie?: string) => ({
          method: "POST",
          headers: {
            origin,
            "content-type": "application/x-www-form-urlencoded",
            ...(cookie ? { cookie } : {}),
          },
          body: new URLSearchParams(body),
        });
        const login = await app.request(`${origin}/login`, form({ name: `${kind}-user` }));
        const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
        await app.request(`${origin}/cart/add`, form({ item: "milk" }, cookie));
        const storage = await (
          await app.request(`${origin}/storage`, { headers: { cookie } })
        ).text();
        expect(storage).toContain(`${new URL(url()).protocol}//`);
        expect(storage).toContain("playground-plain:");
        expect(storage).toContain("milk");
        // Signing out deletes the record: the CLI test below starts from empty servers.
        expect((await app.request(`${origin}/logout`, form({}, cookie))).status).toBe(303);
        expect(await playground.state.driver.count(Date.now())).toBe(0);
      } finally {
        await playground.close();
      }
    },
  );
});

describe("the CLI across servers", () => {
  it("migrates sqlite → postgres → redis and lists the sessions there", async () => {
    const file = join(dir.path, "seed.db");
    const manager = createPlaygroundManager({
      driver: sqliteDriver({ database: file }),
      cipher: null,
    });
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        manager.create({ owner: `user${index % 20}`, data: { cart: [String(index)] } }),
      ),
    );
    await manager.close();

    const toPostgres = captureIo();
    expect(
      await runCli(
        ["migrate", "--from", `sqlite:${file}`, "--to", `postgres:${postgres.url}`],
        toPostgres,
      ),
    ).toBe(0);
    expect(toPostgres.stderr.at(-1)).toContain("imported 200, skipped 0, expired 0");
    const toRedis = captureIo();
    expect(await runCli(["migrate", "--from", postgres.url, "--to", redis.url], toRedis)).toBe(0);
    expect(toRedis.stderr.at(-1)).toContain("imported 200, skipped 0, expired 0");
    const listed = captureIo();
    expect(await runCli(["list", "--driver", redis.url, "--encryption", "off"], listed)).toBe(0);
    expect(listed.stderr).toEqual(["200 sessions"]);
    const stats = captureIo();
    expect(
      await runCli(["stats", "--driver", `postgres:${postgres.url}`, "--encryption", "off"], stats),
    ).toBe(0);
    expect(stats.stdout.join("\n")).toMatch(/active {3}200[\s\S]*owners {3}20/);
  });
});
