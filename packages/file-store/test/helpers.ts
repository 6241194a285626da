import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StoredSession } from "@sessions/core";
import { afterAll } from "vitest";
import type { FileCodec } from "../src/index.js";
import { toStoredSession } from "../src/index.js";

const root = mkdtempSync(join(tmpdir(), "sessions-file-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

/** A fresh directory per call, under one temp root removed after the file. */
export function freshPath(label: string): string {
  return join(mkdtempSync(join(root, `${label}-${counter++}-`)), "sessions.test");
}

/** A minimal codec (one JSON array of records) so the machinery is tested on its own. */
export const testCodec: FileCodec = {
  format: "test",
  encode: (records) => JSON.stringify(records),
  decode: (text) =>
    (JSON.parse(text) as unknown[]).map((r, i) => toStoredSession("test", i + 1, r as never)),
};

export const NOW = 1_900_000_000_000;

/** A live record of key `default:s:<label>`. */
export function record(label: string, init: Partial<StoredSession> = {}): StoredSession {
  return {
    key: `default:s:${label}`,
    owner: null,
    createdAt: NOW,
    expiresAt: NOW + 3_600_000,
    version: 1,
    payload: `{"label":"${label}"}`,
    ...init,
  };
}

/** A pid that certainly no longer runs: a child that has exited and been reaped. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}
