import { randomBytes } from "node:crypto";
import type { SessionDriver, StoredSession } from "@sessions/core";
import { afterEach, expect } from "vitest";
import { type AppRecordsInit, appRecords, startTime, storedRecord } from "./fixtures.js";
import type { ManagerOverrides, ResolvedOptions } from "./options.js";

let namespaceCounter = 0;

/** A namespace no other test uses: `t<counter>_<8 hex digits>`. */
export function freshNamespace(): string {
  namespaceCounter++;
  return `t${namespaceCounter}_${randomBytes(4).toString("hex")}`;
}

/** A driver opened for one test, with builders on that test's timeline. */
export interface DriverFixture {
  /** The driver `create` returned for this test's namespace. */
  readonly driver: SessionDriver;
  /** Start of this test's timeline (see `startTime`). */
  readonly t0: number;
  /** {@link storedRecord} created at `t0`. */
  record(label: string, init?: Partial<StoredSession>): StoredSession;
  /** {@link appRecords} created at `t0`. */
  records(init: AppRecordsInit): StoredSession[];
  /** Inserts records one after the other at `t0`, expecting every insert to succeed. */
  insert(...records: StoredSession[]): Promise<void>;
}

/** The backend under test, as the checks see it. */
export interface Backend {
  /** The suite's name. */
  readonly name: string;
  /** Options merged into every manager the checks build (`runConformance`'s `manager`). */
  readonly manager: ManagerOverrides;
  /** Opens a fresh driver on a fresh namespace; it is closed and destroyed after the test. */
  open(): Promise<DriverFixture>;
  /** Runs `cleanup` after the current test, before the cleanups registered earlier. */
  defer(cleanup: () => unknown): void;
}

/**
 * Builds the {@link Backend} of a suite and registers the `afterEach` that releases what each
 * test opened: managers, then drivers (`close()`, then the user's `destroy`).
 */
export function useBackend(options: ResolvedOptions): Backend {
  let cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    const pending = cleanups.reverse();
    cleanups = [];
    const errors: unknown[] = [];
    for (const cleanup of pending) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} cleanups failed`);
  });
  return {
    name: options.name,
    manager: options.manager,
    async open() {
      const driver = await options.create({ namespace: freshNamespace() });
      cleanups.push(async () => {
        try {
          await driver.close();
        } finally {
          await options.destroy?.(driver);
        }
      });
      return driverFixture(driver);
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
  };
}

function driverFixture(driver: SessionDriver): DriverFixture {
  const t0 = startTime(driver);
  return {
    driver,
    t0,
    record: (label, init) => storedRecord(label, t0, init),
    records: (init) => appRecords(t0, init),
    async insert(...records) {
      for (const record of records) {
        expect(await driver.insert(record, t0), `insert of ${record.key}`).toBe(true);
      }
    },
  };
}
