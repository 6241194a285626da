import { existsSync } from "node:fs";
import postgres from "postgres";
import { createClient } from "redis";
import { describe, expect, it } from "vitest";
import { startPostgres } from "../src/postgres-server.js";
import { startRedis } from "../src/redis-server.js";

function expectGone(pid: number, dir: string): void {
  expect(() => process.kill(pid, 0)).toThrow();
  expect(existsSync(dir)).toBe(false);
}

describe("startRedis", () => {
  it("stops by pid and removes its temp dir; stopping twice is harmless", async () => {
    const server = await startRedis();
    expect(() => process.kill(server.pid, 0)).not.toThrow();
    expect(existsSync(server.dir)).toBe(true);
    await server.stop();
    await server.stop();
    expect(server.running).toBe(false);
    expectGone(server.pid, server.dir);
  });

  it("keeps append-only data across kill -9 and a start on the same port", async () => {
    const server = await startRedis({ appendonly: true });
    const { port, pid: firstPid } = server;
    try {
      const write = createClient({ url: server.url });
      await write.connect();
      await write.set("k", "v");
      write.destroy();
      await server.kill("SIGKILL");
      expect(() => process.kill(firstPid, 0)).toThrow();
      await server.start();
      expect(server.port).toBe(port);
      expect(server.pid).not.toBe(firstPid);
      const read = createClient({ url: server.url });
      await read.connect();
      expect(await read.get("k")).toBe("v");
      read.destroy();
    } finally {
      await server.stop();
    }
    expectGone(server.pid, server.dir);
  });
});

describe("startPostgres", () => {
  it("stops by pid and removes its temp dir; stopping twice is harmless", async () => {
    const server = await startPostgres();
    expect(() => process.kill(server.pid, 0)).not.toThrow();
    expect(existsSync(server.dataDir)).toBe(true);
    await server.stop();
    await server.stop();
    expect(server.running).toBe(false);
    expectGone(server.pid, server.dir);
  });

  it("keeps committed rows across an immediate stop and a start on the same port", async () => {
    const server = await startPostgres();
    const { port, pid: firstPid } = server;
    try {
      const before = postgres(server.url, { max: 1, onnotice: () => {} });
      await before`create table t (id int primary key)`;
      await before`insert into t values (1)`;
      await before.end({ timeout: 1 });
      await server.stopImmediate();
      expect(() => process.kill(firstPid, 0)).toThrow();
      await server.start();
      expect(server.port).toBe(port);
      const after = postgres(server.url, { max: 1, onnotice: () => {} });
      expect(await after`select id from t`).toEqual([{ id: 1 }]);
      await after.end({ timeout: 1 });
    } finally {
      await server.stop();
    }
    expectGone(server.pid, server.dir);
  });
});
