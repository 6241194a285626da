/**
 * The peer: a naive read-modify-write JSON file store, as lowdb- or session-file-store-style
 * code does it, made honest: every call reads the whole file and JSON.parses it; every write
 * then JSON.stringifies the whole store, writes a temp file, fsyncs it and renames it over the
 * file. Calls are serialised in-process (without that, 64 in flight would lose writes); there
 * is no cross-process lock, no journal, no directory fsync.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import {
  CONTRACT_VERSION,
  defineDriver,
  type SessionDriver,
  type StoredSession,
} from "@sessions/core";

type Store = Record<string, StoredSession>;

/** Writes the naive store's file holding `records` (the benchmark's starting state). */
export function writeNaiveFile(path: string, records: readonly StoredSession[]): void {
  const store: Store = {};
  for (const record of records) store[record.key] = record;
  persist(path, store);
}

function persist(path: string, store: Store): void {
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(temp, "w");
  writeSync(fd, JSON.stringify({ sessions: store }));
  fsyncSync(fd);
  closeSync(fd);
  renameSync(temp, path);
}

const load = (path: string): Store =>
  (JSON.parse(readFileSync(path, "utf8")) as { sessions: Store }).sessions;
const live = (r: StoredSession | undefined, now: number): r is StoredSession =>
  r !== undefined && r.expiresAt > now;

/** The naive store as a `SessionDriver`, so the same manager calls run over it. */
export function naiveJsonDriver(path: string): SessionDriver {
  let queue: Promise<unknown> = Promise.resolve();
  // One call at a time: read, modify, write. `write` returns whether to persist.
  const run = <T>(work: (store: Store) => [T, boolean]): Promise<T> => {
    const next = queue.then(() => {
      const store = load(path);
      const [result, changed] = work(store);
      if (changed) persist(path, store);
      return result;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  const read = <T>(work: (store: Store) => T) => run((store) => [work(store), false]);
  const removeWhere = (test: (r: StoredSession) => boolean) =>
    run((store) => {
      const keys = Object.values(store)
        .filter(test)
        .map((r) => r.key);
      for (const key of keys) delete store[key];
      return [keys.length, keys.length > 0];
    });

  return defineDriver({
    contract: CONTRACT_VERSION,
    name: "naive-json",
    capabilities: { nativeTtl: false, crossProcess: false },
    get: (key, now) => read((s) => (live(s[key], now) ? s[key] : null)),
    insert: (record, now) =>
      run((s) => {
        if (live(s[record.key], now)) return [false, false];
        s[record.key] = record;
        return [true, true];
      }),
    compareAndSet: (record, expected, now) =>
      run((s) => {
        const current = s[record.key];
        if (!live(current, now) || current.version !== expected) return [false, false];
        if (record.expiresAt <= 0) delete s[record.key];
        else s[record.key] = record;
        return [true, true];
      }),
    touch: (key, expiresAt, now) =>
      run((s) => {
        const current = s[key];
        if (!live(current, now)) return [false, false];
        s[key] = { ...current, expiresAt };
        return [true, true];
      }),
    delete: (key) => removeWhere((r) => r.key === key).then((n) => n > 0),
    listByOwner: (owner, now) =>
      read((s) => Object.values(s).filter((r) => r.owner === owner && live(r, now))),
    deleteByOwner: (owner) => removeWhere((r) => r.owner === owner),
    deleteExpired: (now, { prefix = "" } = {}) =>
      removeWhere((r) => r.expiresAt <= now && r.key.startsWith(prefix)),
    scan: ({ cursor, limit, prefix = "" }) =>
      read((s) => {
        const keys = Object.keys(s)
          .filter((k) => k.startsWith(prefix) && (cursor === undefined || k > cursor))
          .sort();
        const records = keys.slice(0, limit).map((k) => s[k]!);
        const last = records.at(-1);
        return keys.length > limit && last ? { records, cursor: last.key } : { records };
      }),
    count: (now) => read((s) => Object.values(s).filter((r) => live(r, now)).length),
    clear: () =>
      run((s) => {
        for (const key of Object.keys(s)) delete s[key];
        return [undefined, true];
      }),
    close: async () => {
      await queue;
    },
  });
}
