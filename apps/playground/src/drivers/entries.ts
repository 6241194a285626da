/**
 * One small entry per driver the playground can open. Each entry says what its spec takes
 * (nothing, a file path or a URL) and how to open it; packages load lazily, so starting on
 * SQLite never loads the MongoDB client.
 */

import type { SessionDriver } from "@sessions/core";

/** How one driver is named, what its spec takes and how it opens. */
export interface DriverEntry {
  /** The name used in specs (`sqlite:sessions.db`) and shown in the page. */
  readonly kind: string;
  /** What follows `kind:`: nothing, a file path or a server URL. */
  readonly target: "none" | "path" | "url";
  /** One line for `--help` and the storage panel. */
  readonly summary: string;
  /** File name under the app's data folder when a path spec gives none. */
  readonly defaultFile?: string;
  /** URL schemes accepted, with the colon (`"redis:"`). */
  readonly protocols?: readonly string[];
  /** Environment variable holding the URL; the driver is offered only when it is set. */
  readonly env?: string;
  /** Opens the driver on a resolved path or a validated URL (`null` for `none`). */
  open(target: string | null): Promise<SessionDriver>;
}

/** Every driver the playground knows, in the order the page lists them. */
export const DRIVER_ENTRIES: readonly DriverEntry[] = [
  {
    kind: "memory",
    target: "none",
    summary: "in this process only; gone when it stops",
    open: async () => (await import("@sessions/core")).memoryDriver(),
  },
  {
    kind: "sqlite",
    target: "path",
    defaultFile: "sessions.db",
    summary: "one SQLite file (better-sqlite3, WAL)",
    open: async (path) => (await import("@sessions/sqlite")).sqliteDriver({ database: path! }),
  },
  {
    kind: "json",
    target: "path",
    defaultFile: "sessions.json",
    summary: "one JSON file, crash-safe and multi-process safe",
    open: async (path) => (await import("@sessions/json")).jsonDriver({ path: path! }),
  },
  {
    kind: "csv",
    target: "path",
    defaultFile: "sessions.csv",
    summary: "one CSV file (RFC 4180), crash-safe and multi-process safe",
    open: async (path) => (await import("@sessions/csv")).csvDriver({ path: path! }),
  },
  {
    kind: "postgres",
    target: "url",
    protocols: ["postgres:", "postgresql:"],
    env: "SESSIONS_POSTGRES_URL",
    summary: "PostgreSQL (postgres.js)",
    open: async (url) => (await import("@sessions/postgres")).postgresDriver({ url: url! }),
  },
  {
    kind: "redis",
    target: "url",
    protocols: ["redis:", "rediss:"],
    env: "SESSIONS_REDIS_URL",
    summary: "Redis 7+ (node-redis)",
    open: async (url) => (await import("@sessions/redis")).redisDriver({ url: url! }),
  },
  {
    kind: "mongo",
    target: "url",
    protocols: ["mongodb:", "mongodb+srv:"],
    env: "SESSIONS_MONGO_URL",
    summary: "MongoDB (the official driver)",
    open: async (url) => {
      // The database is the URL's path (`mongodb://host/app`), as the mongo shell reads it.
      const dbName = new URL(url!).pathname.slice(1) || "sessions_playground";
      return (await import("@sessions/mongo")).mongoDriver({ url: url!, dbName });
    },
  },
];
