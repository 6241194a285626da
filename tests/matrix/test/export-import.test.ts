// Export/import matrix: the 1,000-session dataset goes into every driver, comes out byte for
// byte, and each driver's export is imported into every other driver (each ordered pair).
import type { PortableRecord, SessionManager } from "@sessions/core";
import { SessionConflictError } from "@sessions/core";
import { manualClock } from "@sessions/test-suite";
import { beforeAll, describe, expect, test } from "vitest";
import { auditSecrets } from "../src/audit.js";
import {
  APPS,
  type AppName,
  createDataset,
  type Dataset,
  exportAll,
  OWNERS,
} from "../src/dataset.js";
import { type DriverEntry, driverRegistry, type OpenedDriver } from "../src/drivers.js";
import { reportMissingDrivers } from "../src/missing.js";
import { parseJsonLines, toJsonLines } from "../src/portable-file.js";
import { captureConsole } from "../src/sink.js";
import { trackedManager } from "../src/tracked-manager.js";

captureConsole();
const { available, missing } = driverRegistry();
let dataset: Dataset;
/** Each driver's export (JSON Lines per app), taken at `exportedAt`. */
const exports = new Map<string, Record<AppName, string>>();

beforeAll(async () => {
  dataset = await createDataset();
}, 120_000);

/** The two managers (one per app) of the dataset over one driver, at a fixed time. */
function managersOn(opened: OpenedDriver, at: number): Record<AppName, SessionManager<unknown>> {
  const clock = manualClock(at);
  const base = { driver: opened.driver, ttl: "8h", clock } as const;
  return {
    plain: trackedManager(`${opened.name} plain`, { ...base, app: "plain" }),
    sealed: trackedManager(`${opened.name} sealed`, {
      ...base,
      app: "sealed",
      cipher: dataset.cipher,
    }),
  };
}

function liveAt(records: readonly PortableRecord[], now: number): PortableRecord[] {
  return records.filter((record) => record.expiresAt > now);
}

async function withDriver<T>(entry: DriverEntry, work: (opened: OpenedDriver) => Promise<T>) {
  const opened = await entry.open();
  try {
    expect(opened.driver.capabilities.crossProcess).toBe(entry.crossProcess);
    return await work(opened);
  } finally {
    await opened.cleanup();
  }
}

/** Both apps' exports, as JSON Lines text: byte-identical means text-identical. */
async function exportText(managers: Record<AppName, SessionManager<unknown>>) {
  return {
    plain: toJsonLines(await exportAll(managers.plain)),
    sealed: toJsonLines(await exportAll(managers.sealed)),
  };
}

describe("export/import matrix", () => {
  test("the dataset: 1,000 sessions, locked, owned and unowned, sealed and plain, 10 expiring", () => {
    const all = [...dataset.records.plain, ...dataset.records.sealed];
    expect(all).toHaveLength(1000);
    expect(dataset.facts.filter((fact) => fact.locked)).toHaveLength(6);
    expect(dataset.facts.filter((fact) => fact.expires)).toHaveLength(10);
    expect(liveAt(all, dataset.importAt)).toHaveLength(990);
    expect(new Set(all.map((record) => record.version))).toEqual(new Set([1, 2, 3]));
    // Sealed owners are ciphertext: none of the owner names shows in the sealed export.
    const sealedText = toJsonLines(dataset.records.sealed);
    for (const owner of OWNERS) expect(sealedText).not.toContain(JSON.stringify(owner));
    expect(toJsonLines(dataset.records.plain)).toContain(JSON.stringify("alice"));
  });

  for (const source of available) {
    test(`${source.name}: the 1,000 records go in and come out byte for byte`, async () => {
      await withDriver(source, async (opened) => {
        const managers = managersOn(opened, dataset.exportedAt);
        for (const app of APPS) {
          const result = await managers[app].import(dataset.records[app]);
          expect(result).toEqual({ imported: 500, skipped: 0, expired: 0 });
        }
        const text = await exportText(managers);
        for (const app of APPS) expect(text[app]).toBe(toJsonLines(dataset.records[app]));
        exports.set(source.name, text);
      });
    });
  }

  for (const source of available) {
    for (const target of available) {
      if (target === source) continue;
      test(`${source.name} → ${target.name}: identical records, expired ones dropped, tokens work, re-import idempotent under skip, overwrite and fail`, async () => {
        const file = exports.get(source.name);
        expect(file, `${source.name} export missing (its own test failed)`).toBeDefined();
        await withDriver(target, async (opened) => {
          const managers = managersOn(opened, dataset.importAt);
          for (const app of APPS) {
            const result = await managers[app].import(parseJsonLines(file![app]));
            expect(result).toEqual({ imported: 495, skipped: 0, expired: 5 });
          }
          const expected = {
            plain: toJsonLines(liveAt(dataset.records.plain, dataset.importAt)),
            sealed: toJsonLines(liveAt(dataset.records.sealed, dataset.importAt)),
          };
          expect(await exportText(managers)).toEqual(expected);

          await reimportChangesNothing(managers, file!, expected);
          await checkSessions(managers);
        });
      });
    }
  }

  /** A second import of the same file under each policy leaves the target byte-identical. */
  async function reimportChangesNothing(
    managers: Record<AppName, SessionManager<unknown>>,
    file: Record<AppName, string>,
    expected: Record<AppName, string>,
  ) {
    for (const app of APPS) {
      const lines = () => parseJsonLines(file[app]);
      expect(await managers[app].import(lines(), { onDuplicate: "skip" })).toEqual({
        imported: 0,
        skipped: 495,
        expired: 5,
      });
      expect(await managers[app].import(lines(), { onDuplicate: "overwrite" })).toEqual({
        imported: 495,
        skipped: 0,
        expired: 5,
      });
      await expect(managers[app].import(lines(), { onDuplicate: "fail" })).rejects.toBeInstanceOf(
        SessionConflictError,
      );
      // "fail" is the default policy.
      await expect(managers[app].import(lines())).rejects.toMatchObject({
        code: "SESSION_CONFLICT",
      });
    }
    expect(await exportText(managers)).toEqual(expected);
  }

  /**
   * The imported sessions are the same sessions: their tokens open them with the same data,
   * locked ones stay locked, expired ones are gone, owner listings count the same.
   */
  async function checkSessions(managers: Record<AppName, SessionManager<unknown>>) {
    const sample = dataset.facts.filter((_, index) => index % 25 < 2 || index % 500 < 3);
    for (const fact of sample) {
      const session = await managers[fact.app].get(fact.token);
      if (fact.expires) {
        expect(session).toBeNull();
        continue;
      }
      expect(session).toMatchObject({
        handle: fact.handle,
        owner: fact.owner,
        locked: fact.locked,
        data: fact.data,
      });
    }
    for (const app of APPS) {
      for (const owner of OWNERS) {
        const expected = dataset.facts.filter(
          (fact) => fact.app === app && fact.owner === owner && !fact.expires,
        );
        const listed = await managers[app].getByOwner(owner);
        expect(listed.map((info) => info.handle).sort()).toEqual(
          expected.map((fact) => fact.handle).sort(),
        );
      }
    }
  }
});

reportMissingDrivers("export/import matrix", missing);
auditSecrets({ secrets: 1000, captures: 1000 });
