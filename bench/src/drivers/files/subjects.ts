/**
 * The subjects of the file benchmark: `@sessions/json`, `@sessions/csv` and the naive peer,
 * each through the one manager subject, each opening a fresh directory whose file already
 * holds `background` sessions (written directly in the store's format before timing).
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionDriver, StoredSession } from "@sessions/core";
import { csvCodec, csvDriver } from "@sessions/csv";
import type { FileDriver } from "@sessions/file-store";
import { jsonCodec, jsonDriver } from "@sessions/json";
import { type PayloadSet, payloadOf } from "../../payload.js";
import type { Subject } from "../../subject.js";
import { managerSubject } from "../../subjects/manager-subject.js";
import { naiveJsonDriver, writeNaiveFile } from "./naive-store.js";

const HOUR = 3_600_000;

/**
 * Writes a seed file and fsyncs it: otherwise the kernel is still flushing ~140 MB of it while
 * the first phases run, and every fsync measured then waits behind that writeback.
 */
function writeDurably(path: string, text: string): void {
  writeFileSync(path, text);
  const fd = openSync(path, "r");
  fsyncSync(fd);
  closeSync(fd);
}

/** `count` stored records shaped like the manager's (app-prefixed 43-char keys, ~1 KB data). */
export function backgroundRecords(count: number, payloads: PayloadSet): StoredSession[] {
  const now = Date.now();
  const records: StoredSession[] = new Array(count);
  for (let i = 0; i < count; i++) {
    records[i] = {
      key: `default:s:bg${i.toString(36).padStart(41, "0")}`,
      owner: `default:bg${i >> 2}`,
      createdAt: now,
      expiresAt: now + 24 * HOUR,
      version: 1,
      payload: JSON.stringify({ data: payloadOf(payloads, i).initial }),
    };
  }
  return records;
}

/** One store kind: how to write its starting file and open a driver on it. */
interface Kind {
  readonly name: string;
  readonly description: string;
  readonly target: boolean;
  readonly seed: (path: string, records: readonly StoredSession[]) => void;
  readonly open: (path: string) => SessionDriver;
}

export const KINDS: readonly Kind[] = [
  {
    name: "json",
    description: "@sessions/json jsonDriver (journal + group commit + compaction) via the manager",
    target: true,
    seed: (path, records) => writeDurably(path, jsonCodec.encode(records)),
    open: (path) => jsonDriver({ path }),
  },
  // The csv driver (packages/csv, same file machinery, RFC 4180 codec).
  {
    name: "csv",
    description: "@sessions/csv csvDriver (same machinery, RFC 4180 codec) via the manager",
    target: true,
    seed: (path, records) => writeDurably(path, csvCodec.encode(records)),
    open: (path) => csvDriver({ path }),
  },
  {
    name: "naive",
    description:
      "naive JSON store: read + parse whole file, modify, stringify, temp + fsync + rename",
    target: false,
    seed: writeNaiveFile,
    open: naiveJsonDriver,
  },
];

/** The driver a subject instance opened last (to time a compaction on it after a run). */
export let lastDriver: SessionDriver | undefined;

/** A manager subject over `kind`, each instance on a fresh file seeded with `records`. */
export function fileSubject(kind: Kind, label: string, records: readonly StoredSession[]): Subject {
  return managerSubject({
    name: `${kind.name}@${label}`,
    description: kind.description,
    target: kind.target,
    // By token, as in earlier runs: the targets here compare write costs across file sizes,
    // and this run's interleaved, offset phases have no untimed read before touch and update.
    form: "token",
    backend: () => {
      const dir = mkdtempSync(join(tmpdir(), `sessions-bench-${kind.name}-`));
      const path = join(dir, `sessions.${kind.name}`);
      kind.seed(path, records);
      const driver = kind.open(path);
      lastDriver = driver;
      return { driver, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  });
}

/** True when `driver` is a file driver with an explicit compaction. */
export const isFileDriver = (driver: SessionDriver | undefined): driver is FileDriver =>
  typeof (driver as Partial<FileDriver> | undefined)?.compact === "function";
