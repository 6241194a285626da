// Hostile import files, rejected with the line and field named and nothing half-applied:
// portable JSON Lines through the manager's `import`, and json/csv store files (the
// backup/export format of those drivers) through `migrate` into every driver.
import { writeFile } from "node:fs/promises";
import {
  memoryDriver,
  migrate,
  type PortableRecord,
  SerializationError,
  type SessionDriver,
  type StoredSession,
} from "@sessions/core";
import { scanAll, sortByKey } from "@sessions/test-suite";
import { beforeAll, describe, expect, test } from "vitest";
import { auditSecrets } from "../src/audit.js";
import { byKey, exportAll } from "../src/dataset.js";
import { type DriverEntry, driverRegistry, type OpenedDriver } from "../src/drivers.js";
import type { Expected } from "../src/hostile-files.js";
import { reportMissingDrivers } from "../src/missing.js";
import { openDriver } from "../src/open-driver.mjs";
import { LineError, parseJsonLines, toJsonLines } from "../src/portable-file.js";
import { captureConsole } from "../src/sink.js";
import { CSV_FILE_CASES, JSON_FILE_CASES } from "../src/store-files.js";
import { tracked, trackedManager } from "../src/tracked-manager.js";

captureConsole();
const { available, missing } = driverRegistry();
const MAX_DATA_BYTES = 1024;
let portable: PortableRecord[];
let stored: StoredSession[];

beforeAll(async () => {
  const driver = memoryDriver();
  const sessions = trackedManager("import source", { driver, clock: { now: () => Date.now() } });
  for (const owner of ["alice", "bob", null, "carol"]) {
    await sessions.create({ owner, data: { owner, note: 'a, "quoted"\nline' } });
  }
  portable = await exportAll(sessions as never);
  stored = sortByKey(await scanAll(driver));
});

/** Runs `work` against each target, seeded with two sessions, and checks it is unchanged. */
async function onEveryTarget(work: (target: OpenedDriver) => Promise<void>): Promise<void> {
  for (const entry of available) {
    const target = await entry.open();
    try {
      const seed = trackedManager(`${entry.name} seed`, { driver: target.driver });
      await seed.create({ owner: "alice", data: { seeded: 1 } });
      await seed.create({ data: { seeded: 2 } });
      const before = sortByKey(await scanAll(target.driver));
      await work(target);
      expect(sortByKey(await scanAll(target.driver)), `${entry.name} changed`).toEqual(before);
    } finally {
      await target.cleanup();
    }
  }
}

function expectNamed(error: unknown, expected: Expected, kind: "record" | "line"): void {
  const position =
    kind === "record" ? (error as SerializationError).record : (error as { line?: number }).line;
  expect(position).toBe(expected.line);
  const field = (error as { field?: string }).field;
  if (expected.field instanceof RegExp) expect(field).toMatch(expected.field);
  else if (expected.field !== undefined) expect(field).toBe(expected.field);
  expect((error as Error).message).toContain(`${expected.line}`);
}

/** Portable JSON Lines (what `export` yields, one record per line), each line an edit. */
const PORTABLE_CASES: {
  name: string;
  lines: () => string[];
  expected: Expected;
}[] = [
  {
    name: "schema-invalid record (version as text)",
    lines: () => withLine(2, (record) => JSON.stringify({ ...record, version: "2" })),
    expected: { line: 3, field: "version" },
  },
  {
    name: "__proto__ key",
    lines: () =>
      withLine(1, (record) => `{"__proto__":{"admin":true},${JSON.stringify(record).slice(1)}`),
    expected: { line: 2, field: "__proto__" },
  },
  {
    name: "a line over the size limit",
    lines: () =>
      withLine(3, (record) => JSON.stringify({ ...record, payload: "x".repeat(70_000) })),
    expected: { line: 4, field: "payload" },
  },
  {
    name: "unknown format version",
    lines: () => withLine(0, (record) => JSON.stringify({ ...record, format: 2 })),
    expected: { line: 1, field: "format" },
  },
  {
    name: "duplicate keys",
    lines: () => [...portable.map((record) => JSON.stringify(record)), JSON.stringify(portable[1])],
    expected: { line: 5, field: "key" },
  },
  {
    name: "unreadable payload",
    lines: () => withLine(3, (record) => JSON.stringify({ ...record, payload: "{not json" })),
    expected: { line: 4, field: "payload" },
  },
];

function withLine(index: number, edit: (record: PortableRecord) => string): string[] {
  return portable.map((record, at) => (at === index ? edit(record) : JSON.stringify(record)));
}

describe("hostile portable files through import()", () => {
  test("the valid file imports (the cases below differ from it by one line)", async () => {
    await onEveryTargetAccepting(toJsonLines(portable));
  });

  for (const hostile of PORTABLE_CASES) {
    test(`${hostile.name}: rejected naming line ${hostile.expected.line} and its field, nothing applied`, async () => {
      const text = `${hostile.lines().join("\n")}\n`;
      await onEveryTarget(async (target) => {
        for (const onDuplicate of ["fail", "skip", "overwrite"] as const) {
          const sessions = trackedManager(`${target.name} import`, {
            driver: target.driver,
            maxDataBytes: MAX_DATA_BYTES,
          });
          const error = await sessions
            .import(parseJsonLines(text), { onDuplicate })
            .catch((e) => e);
          expect(error).toBeInstanceOf(SerializationError);
          expectNamed(error, hostile.expected, "record");
        }
      });
    });
  }

  test("truncated last line: rejected naming the line, nothing applied", async () => {
    const text = toJsonLines(portable);
    const truncated = text.slice(0, text.length - 40);
    await onEveryTarget(async (target) => {
      const sessions = trackedManager(`${target.name} import`, { driver: target.driver });
      const error = await sessions.import(parseJsonLines(truncated)).catch((e) => e);
      expect(error).toBeInstanceOf(LineError);
      expect(error.line).toBe(portable.length);
    });
  });
});

/** The valid portable file goes in everywhere: the hostile cases fail for their edit only. */
async function onEveryTargetAccepting(text: string) {
  for (const entry of available) {
    const target = await entry.open();
    try {
      const sessions = trackedManager(`${entry.name} import`, { driver: target.driver });
      expect(await sessions.import(parseJsonLines(text))).toEqual({
        imported: portable.length,
        skipped: 0,
        expired: 0,
      });
      expect(await exportAll(sessions as never)).toEqual(byKey(portable));
    } finally {
      await target.cleanup();
    }
  }
}

const FILE_FORMATS = [
  {
    name: "json",
    cases: JSON_FILE_CASES,
    encode: async (records: StoredSession[]) =>
      (await import("@sessions/json")).jsonCodec.encode(records),
  },
  {
    name: "csv",
    cases: CSV_FILE_CASES,
    encode: async (records: StoredSession[]) =>
      (await import("@sessions/csv")).csvCodec.encode(records),
  },
] as const;

for (const format of FILE_FORMATS) {
  const entry = available.find((candidate) => candidate.name === format.name);
  if (entry === undefined) continue; // reported by reportMissingDrivers below
  describe(`hostile ${format.name} store files through migrate()`, () => {
    /** A file of `text` in a fresh namespace of the format's driver. */
    async function fileDriver(
      text: string,
    ): Promise<{ driver: SessionDriver; opened: OpenedDriver }> {
      const opened = await (entry as DriverEntry).open();
      const path = (opened.spec as { path: string }).path;
      await opened.driver.close();
      await writeFile(path, text);
      return { driver: await openDriver(opened.spec), opened };
    }

    test("the valid file migrates into every driver", async () => {
      const text = await format.encode(stored);
      for (const target of available) {
        const source = await fileDriver(text);
        const opened = await target.open();
        try {
          expect(await migrate(source.driver, opened.driver)).toEqual({
            imported: stored.length,
            skipped: 0,
            expired: 0,
          });
          expect(sortByKey(await scanAll(opened.driver))).toEqual(stored);
        } finally {
          await source.driver.close();
          await source.opened.cleanup();
          await opened.cleanup();
        }
      }
    });

    for (const hostile of format.cases) {
      test(`${hostile.name}: rejected naming the line and field, nothing applied`, async () => {
        const valid = await format.encode(stored);
        const { text, expected } = hostile.build(
          valid,
          stored.map((record) => record.key),
        );
        expect(text).not.toBe(valid);
        await onEveryTarget(async (target) => {
          const source = await fileDriver(text);
          try {
            const error = await tracked(`${format.name} migrate`, () =>
              migrate(source.driver, target.driver),
            ).catch((e) => e);
            expect(error).toMatchObject({ code: "CORRUPT_RECORD", name: "FileCorruptError" });
            expectNamed(error, expected, "line");
          } finally {
            await source.driver.close();
            await source.opened.cleanup();
          }
        });
      });
    }
  });
}

reportMissingDrivers("hostile imports", missing);
auditSecrets({ secrets: 4, captures: 10 });
