/**
 * The 1,000 sessions of the export/import matrix, created once through real managers (a
 * cipher on one app, none on the other) and exported as portable records.
 */
import { randomBytes } from "node:crypto";
import { memoryDriver, type PortableRecord, type SessionManager } from "@sessions/core";
import type { Cipher } from "@sessions/crypto";
import { HOUR, manualClock } from "@sessions/test-suite";
import { testCipher } from "./cipher.js";
import { registerSecret } from "./sink.js";
import { trackedManager } from "./tracked-manager.js";

/** The two apps of the dataset: payloads and owners in the clear, and sealed by a cipher. */
export const APPS = ["plain", "sealed"] as const;
/** One of {@link APPS}. */
export type AppName = (typeof APPS)[number];

/** Owners, chosen to stress CSV and JSON quoting (commas, quotes, non-ASCII). */
export const OWNERS = ["alice", "bob", 'o"neil, jr', "dürer", "李小龍", "user;drop"] as const;

/** What a test needs to know about one created session. */
export interface SessionFact {
  readonly app: AppName;
  readonly token: string;
  readonly handle: string;
  readonly owner: string | null;
  readonly locked: boolean;
  /** True for the sessions that are already dead at {@link Dataset.importAt}. */
  readonly expires: boolean;
  /** The data as created and updated (null for locked sessions: hidden). */
  readonly data: unknown;
}

/** The exported dataset and its timeline. */
export interface Dataset {
  /** Clock of the export (every record live). */
  readonly exportedAt: number;
  /** Clock of the matrix imports: the short-lived sessions are expired by then. */
  readonly importAt: number;
  /** Portable records of each app, sorted by key. */
  readonly records: Readonly<Record<AppName, readonly PortableRecord[]>>;
  readonly facts: readonly SessionFact[];
  /** The cipher the sealed app's payloads and owners are sealed with. */
  readonly cipher: Cipher;
  /** The password of every locked session (a secret for the audit). */
  readonly password: string;
}

const PER_APP = 500;
const LOCKED_PER_APP = 3;
const EXPIRING_PER_APP = 5;

/** Sorts portable records by key (export order depends on the driver). */
export function byKey(records: Iterable<PortableRecord>): PortableRecord[] {
  return [...records].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Every record an app exports, sorted by key. */
export async function exportAll(manager: SessionManager<unknown>): Promise<PortableRecord[]> {
  const records: PortableRecord[] = [];
  for await (const record of manager.export()) records.push(record);
  return byKey(records);
}

function sessionData(app: AppName, index: number, canary: string): Record<string, unknown> {
  return {
    n: index,
    app,
    note: `row ${index}, "quoted", =SUM(A1) \u{1f600}\n\u202eRTL`,
    secret: `${canary}-${index}`,
    nested: { list: [index, index * 2, { deep: true }] },
  };
}

/**
 * Creates the dataset: 500 sessions per app (1,000 in all), 3 locked per app, owners spread
 * over {@link OWNERS} and none, 5 per app with a 1-hour ttl (expired at `importAt`, two hours
 * later), every fifth session updated once or twice so versions differ. Timestamps are near
 * the real time: drivers with native TTL (redis) must not evict anything during the run.
 */
export async function createDataset(): Promise<Dataset> {
  const start = Date.now();
  const clock = manualClock(start);
  const { cipher } = testCipher();
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  const canary = `canary-${randomBytes(9).toString("hex")}`;
  registerSecret("data canary", canary);
  const driver = memoryDriver();
  const managers = {
    plain: trackedManager<unknown>("dataset plain", { driver, app: "plain", ttl: "8h", clock }),
    sealed: trackedManager<unknown>("dataset sealed", {
      driver,
      app: "sealed",
      ttl: "8h",
      clock,
      cipher,
    }),
  } satisfies Record<AppName, SessionManager<unknown>>;
  const facts: SessionFact[] = [];
  for (const app of APPS) {
    const manager = managers[app];
    for (let index = 0; index < PER_APP; index++) {
      clock.advance(7);
      const owner = index % 7 === 6 ? null : OWNERS[index % 7]!;
      const locked = index < LOCKED_PER_APP;
      const expires = index >= PER_APP - EXPIRING_PER_APP;
      let data: unknown = sessionData(app, index, canary);
      const session = await manager.create({
        owner,
        data,
        ...(locked && { locked: true, password }),
        ...(expires && { ttl: "1h" }),
        ...(index % 3 === 0 && { meta: { device: `d${index}`, ip: "203.0.113.7" } }),
      });
      if (!locked && index % 5 === 0) {
        for (let write = 0; write <= index % 2; write++) {
          data = { ...(data as object), writes: write + 1 };
          await manager.update(session.id, data as never);
        }
      }
      facts.push({
        app,
        token: session.id,
        handle: session.handle,
        owner,
        locked,
        expires,
        data: locked ? null : data,
      });
    }
  }
  const exportedAt = clock.now();
  const records = {
    plain: await exportAll(managers.plain),
    sealed: await exportAll(managers.sealed),
  };
  await driver.close();
  return { exportedAt, importAt: exportedAt + 2 * HOUR, records, facts, cipher, password };
}
