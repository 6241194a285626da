// Differential hostile values: every driver stores the same hostile data and owners and
// must answer exactly alike (the data back unchanged, or the same typed error).
import { createHash } from "node:crypto";
import { SessionError, type SessionManager } from "@sessions/core";
import { manualClock } from "@sessions/test-suite";
import { describe, expect, test } from "vitest";
import { auditSecrets } from "../src/audit.js";
import { driverRegistry, type OpenedDriver } from "../src/drivers.js";
import {
  HOSTILE_CASES,
  HOSTILE_OWNERS,
  type HostileCase,
  type Outcome,
} from "../src/hostile-values.js";
import { reportMissingDrivers } from "../src/missing.js";
import { captureConsole } from "../src/sink.js";
import { trackedManager } from "../src/tracked-manager.js";

captureConsole();
const { available, missing } = driverRegistry();

/** What one driver answered for one case: the outcome and a digest of the exact text. */
interface Observation {
  readonly outcome: Outcome | string;
  readonly digest: string;
}

/** Per driver, per case. The first driver (memory) is the reference of the others. */
const observed = new Map<string, Record<string, Observation>>();

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function manager(opened: OpenedDriver, hostile: HostileCase): SessionManager<unknown> {
  return trackedManager(`${opened.name} hostile`, {
    driver: opened.driver,
    clock: manualClock(Date.now()),
    ...(hostile.maxDataBytes !== undefined && { maxDataBytes: hostile.maxDataBytes }),
  });
}

/** Creates, reads, updates and reads the case's data; any error is its outcome. */
async function observe(opened: OpenedDriver, hostile: HostileCase): Promise<Observation> {
  const sessions = manager(opened, hostile);
  const data = hostile.data();
  const expectedText = JSON.stringify(data);
  const before = await opened.driver.count(Date.now());
  try {
    const created = await sessions.create({ data });
    const read = await sessions.require(created.id);
    expect(JSON.stringify(read.data)).toBe(expectedText);
    // Through update too: a write path other than insert (compare-and-set).
    await sessions.update(created.id, { replaced: true });
    await sessions.update(created.id, data);
    const updated = await sessions.require(created.id);
    expect(JSON.stringify(updated.data)).toBe(expectedText);
    expect(updated.version).toBe(3);
    return { outcome: "round-trips", digest: digest(JSON.stringify(updated.data)) };
  } catch (error) {
    if (!(error instanceof SessionError)) throw error;
    // Refused before the driver was called: nothing was stored.
    expect(await opened.driver.count(Date.now())).toBe(before);
    return { outcome: error.code, digest: digest(`${error.name}: ${error.message}`) };
  }
}

describe("differential hostile values", () => {
  for (const entry of available) {
    test(`${entry.name}: every hostile value gives the expected outcome`, async () => {
      const opened = await entry.open();
      try {
        const table: Record<string, Observation> = {};
        for (const hostile of HOSTILE_CASES) table[hostile.name] = await observe(opened, hostile);
        const outcomes = Object.fromEntries(
          Object.entries(table).map(([name, seen]) => [name, seen.outcome]),
        );
        expect(outcomes).toEqual(
          Object.fromEntries(HOSTILE_CASES.map((hostile) => [hostile.name, hostile.expected])),
        );
        observed.set(entry.name, table);
      } finally {
        await opened.cleanup();
      }
    });

    test(`${entry.name}: hostile owners select exactly their own sessions`, async () => {
      const opened = await entry.open();
      try {
        const sessions = trackedManager(`${entry.name} owners`, {
          driver: opened.driver,
          clock: manualClock(Date.now()),
        });
        const handles = new Map<string, string>();
        for (const owner of [...HOSTILE_OWNERS, "a"]) {
          handles.set(owner, (await sessions.create({ owner })).handle);
        }
        for (const owner of HOSTILE_OWNERS) {
          const listed = await sessions.getByOwner(owner);
          expect(listed.map((info) => [info.handle, info.owner])).toEqual([
            [handles.get(owner), owner],
          ]);
        }
        expect(await sessions.destroyByOwner("a.b")).toBe(1);
        expect(await sessions.getByOwner("a.b")).toEqual([]);
        expect((await sessions.stats()).active).toBe(HOSTILE_OWNERS.length);
        // Prototype untouched by "__proto__" and "constructor" owners and keys.
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      } finally {
        await opened.cleanup();
      }
    });
  }

  test("every driver answered exactly like the memory driver (data bytes and error messages)", () => {
    const reference = observed.get("memory");
    expect(reference, "the memory driver's run failed").toBeDefined();
    expect([...observed.keys()]).toEqual(available.map((entry) => entry.name));
    for (const [name, table] of observed)
      expect({ name, table }).toEqual({ name, table: reference });
  });
});

reportMissingDrivers("hostile values", missing);
auditSecrets({ secrets: 10, captures: 10 });
