/**
 * The registry of every driver available on this machine. Each entry opens a fresh namespace
 * (temp file, table, key prefix) per call and returns the spec other processes open it by.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { SessionDriver } from "@sessions/core";
import type {} from "@sessions/test-services/global-setup";
import { inject } from "vitest";
import { type DriverSpec, openDriver } from "./open-driver.mjs";

/** A driver on a namespace of its own, with what it takes to reopen and remove it. */
export interface OpenedDriver {
  /** The registry name (`sqlite`, `redis`...). */
  readonly name: string;
  readonly driver: SessionDriver;
  /** Serialisable: a worker process opens the same namespace with `openDriver(spec)`. */
  readonly spec: DriverSpec;
  /** Closes the driver (idempotent) and removes the namespace: file, table or keys. */
  cleanup(): Promise<void>;
}

/** One kind of driver the matrix runs against. */
export interface DriverEntry {
  readonly name: DriverSpec["kind"];
  /** What the driver promises (checked against `capabilities.crossProcess` when opened). */
  readonly crossProcess: boolean;
  /** Opens a fresh, empty namespace. */
  open(): Promise<OpenedDriver>;
}

/** A driver left out of the matrix, and why (reported by a visible test, never silently). */
export interface MissingDriver {
  readonly name: string;
  readonly reason: string;
}

const require = createRequire(import.meta.url);

/** `t_<16 hex>`: a valid SQL identifier, Redis prefix part, collection and file name. */
function namespaceId(): string {
  return `t_${randomBytes(8).toString("hex")}`;
}

/** True once a workspace package's build output exists (json/csv are written concurrently). */
function isBuilt(packageName: string): boolean {
  try {
    const manifest = require.resolve(`${packageName}/package.json`);
    return existsSync(join(dirname(manifest), "dist", "index.js"));
  } catch {
    return false;
  }
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "sessions-matrix-"));
}

/** Opens `spec` and pairs it with `remove`, which closes the driver and deletes the namespace. */
async function opened(
  name: string,
  spec: DriverSpec,
  remove: (driver: SessionDriver, spec: DriverSpec) => Promise<void>,
): Promise<OpenedDriver> {
  const driver = await openDriver(spec);
  let done: Promise<void> | undefined;
  return {
    name,
    driver,
    spec,
    cleanup: () => {
      done ??= remove(driver, spec);
      return done;
    },
  };
}

/**
 * Closes the test's driver, then removes the namespace through a fresh one: the test may
 * have closed its driver already (a manager's `close()` closes it).
 */
async function removeWith(
  driver: SessionDriver,
  spec: DriverSpec,
  remove: (fresh: SessionDriver) => Promise<void>,
): Promise<void> {
  await driver.close();
  const fresh = await openDriver(spec);
  try {
    await remove(fresh);
  } finally {
    await fresh.close();
  }
}

/** A file-backed driver in a temp dir of its own, removed with the dir. */
function fileEntry(name: "sqlite" | "json" | "csv", file: string): DriverEntry {
  return {
    name,
    crossProcess: true,
    async open() {
      const dir = await tempDir();
      const path = join(dir, file);
      const spec: DriverSpec =
        name === "sqlite" ? { kind: name, path, table: "sessions" } : { kind: name, path };
      return opened(name, spec, async (driver) => {
        await driver.close();
        await rm(dir, { recursive: true, force: true });
      });
    },
  };
}

const memory: DriverEntry = {
  name: "memory",
  crossProcess: false,
  open: () => opened("memory", { kind: "memory" }, (driver) => driver.close()),
};

const postgres: DriverEntry = {
  name: "postgres",
  crossProcess: true,
  open: () =>
    opened(
      "postgres",
      { kind: "postgres", url: inject("postgresUrl"), table: namespaceId() },
      (driver, spec) =>
        removeWith(driver, spec, (fresh) =>
          // dropSchema is the postgres driver's own extra: the table goes with its records.
          (fresh as SessionDriver & { dropSchema(): Promise<void> }).dropSchema(),
        ),
    ),
};

const redis: DriverEntry = {
  name: "redis",
  crossProcess: true,
  open: () =>
    opened(
      "redis",
      { kind: "redis", url: inject("redisUrl"), prefix: `matrix:${namespaceId()}:` },
      (driver, spec) => removeWith(driver, spec, (fresh) => fresh.clear()),
    ),
};

function mongo(url: string): DriverEntry {
  return {
    name: "mongo",
    crossProcess: true,
    open: () =>
      opened(
        "mongo",
        { kind: "mongo", url, dbName: "sessions_matrix", collectionName: namespaceId() },
        (driver, spec) => removeWith(driver, spec, (fresh) => fresh.clear()),
      ),
  };
}

/**
 * Every driver the matrix can run here, and the ones it cannot with the reason. mongo needs
 * `SESSIONS_MONGO_URL`: its mingo-backed fake collection lives in `packages/mongo/test` and
 * is not exported, so without a server there is no mongo to run.
 */
export function driverRegistry(): { available: DriverEntry[]; missing: MissingDriver[] } {
  const available: DriverEntry[] = [memory, fileEntry("sqlite", "sessions.db"), postgres, redis];
  const missing: MissingDriver[] = [];
  const mongoUrl = process.env.SESSIONS_MONGO_URL;
  if (mongoUrl) available.push(mongo(mongoUrl));
  else missing.push({ name: "mongo", reason: "SESSIONS_MONGO_URL is not set (no MongoDB server)" });
  for (const [name, file] of [
    ["json", "sessions.json"],
    ["csv", "sessions.csv"],
  ] as const) {
    if (isBuilt(`@sessions/${name}`)) available.push(fileEntry(name, file));
    else missing.push({ name, reason: `@sessions/${name} is not built (no dist/index.js)` });
  }
  return { available, missing };
}
