import { expect, it } from "vitest";
import { findPostgresBinDir, findRedisServer } from "../src/binaries.js";

const hint = "apt-get install -y redis-server postgresql";

it("says what to install when redis-server is missing", () => {
  expect(() => findRedisServer("/nonexistent")).toThrow(hint);
});

it("says what to install when the PostgreSQL server binaries are missing", () => {
  const nowhere = { pgConfig: "/nonexistent/pg_config", libRoot: "/nonexistent" };
  expect(() => findPostgresBinDir(nowhere)).toThrow(hint);
});
