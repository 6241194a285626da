import type { JsonValue, SessionDriver, SessionManagerOptions } from "@sessions/core";

/** The two groups of checks: the raw driver contract, and a session manager over the driver. */
export type ConformanceLevel = "driver" | "manager";

/**
 * Options merged into every session manager the manager-level checks build (e.g. `{ cipher }`).
 * The suite always supplies `driver`, `clock` and `onEvent` itself, so they are left out.
 */
export type ManagerOverrides = Partial<
  Omit<SessionManagerOptions<Record<string, JsonValue>>, "driver" | "clock" | "onEvent">
>;

/** What {@link ConformanceOptions.create} receives. */
export interface DriverFactoryContext {
  /**
   * A namespace no other test uses (`t<counter>_<hex>`: lowercase letters, digits and `_`, so
   * it is a valid table name, key prefix or file name). Map it to your backend's namespace.
   */
  readonly namespace: string;
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** Names the suite in the report, e.g. `"postgres"`. */
  readonly name: string;
  /**
   * Returns a fresh driver (or a Promise of one) on a fresh namespace. Called once per test
   * (twice in the namespace-isolation checks), never shared between tests.
   */
  readonly create: (context: DriverFactoryContext) => SessionDriver | Promise<SessionDriver>;
  /**
   * Called after each test with every driver it created, after the suite has called
   * `driver.close()` itself: drop tables, delete files, flush keys. Default: nothing.
   */
  readonly destroy?: (driver: SessionDriver) => void | Promise<void>;
  /**
   * A reason to skip (e.g. `"SESSIONS_MONGO_URL is not set"`). Every check is then registered
   * with `describe.skip`, plus one visible test named `SKIPPED: <reason>` that prints the
   * reason, so a suite without its backend never passes silently. Default: run everything.
   */
  readonly skip?: string;
  /** Which groups of checks to run. Default `["driver", "manager"]`. */
  readonly levels?: readonly ConformanceLevel[];
  /**
   * Options merged into every manager the manager-level checks build, e.g. `{ cipher }` to run
   * them with encryption on. What a check sets itself (`ttl: "1h"` by default, `app`,
   * `uniquePerOwner`...) takes precedence, so the checks keep meaning what they say.
   * Default: none.
   */
  readonly manager?: ManagerOverrides;
}

/** {@link ConformanceOptions} checked, with defaults applied. */
export interface ResolvedOptions {
  /** See {@link ConformanceOptions.name}. */
  readonly name: string;
  /** See {@link ConformanceOptions.create}. */
  readonly create: ConformanceOptions["create"];
  /** See {@link ConformanceOptions.destroy}. */
  readonly destroy: ConformanceOptions["destroy"];
  /** See {@link ConformanceOptions.skip}; `undefined` runs every check. */
  readonly skip: string | undefined;
  /** The levels to register. */
  readonly levels: ReadonlySet<ConformanceLevel>;
  /** See {@link ConformanceOptions.manager}; `{}` when not given. */
  readonly manager: ManagerOverrides;
}

const LEVELS: readonly ConformanceLevel[] = ["driver", "manager"];
const SUITE_OWNED = ["driver", "clock", "onEvent"] as const;

/** Checks the options of `runConformance`; throws a `TypeError` naming the bad option. */
export function resolveOptions(options: ConformanceOptions): ResolvedOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError("runConformance needs an options object: { name, create }");
  }
  const { name, create, destroy, skip, levels = LEVELS, manager = {} } = options;
  if (typeof name !== "string" || name.length === 0) {
    throw new TypeError("runConformance: name must be a non-empty string");
  }
  if (typeof create !== "function") {
    throw new TypeError("runConformance: create must be a function returning a driver");
  }
  if (destroy !== undefined && typeof destroy !== "function") {
    throw new TypeError("runConformance: destroy must be a function when given");
  }
  if (skip !== undefined && (typeof skip !== "string" || skip.length === 0)) {
    throw new TypeError("runConformance: skip must be a non-empty reason when given");
  }
  if (
    !Array.isArray(levels) ||
    levels.length === 0 ||
    !levels.every((level) => LEVELS.includes(level))
  ) {
    throw new TypeError(
      'runConformance: levels must be a non-empty list of "driver" and "manager"',
    );
  }
  if (
    manager === null ||
    typeof manager !== "object" ||
    Array.isArray(manager) ||
    SUITE_OWNED.some((key) => key in manager)
  ) {
    throw new TypeError(
      "runConformance: manager must be an object of createSessionManager options without driver, clock or onEvent",
    );
  }
  return { name, create, destroy, skip, levels: new Set(levels), manager };
}
