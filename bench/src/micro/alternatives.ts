/**
 * Candidate replacements for steps of core's hot path, each a drop-in for the function named
 * in its comment (same inputs, same outputs). The micro-benchmarks time them against the
 * current code; `checkEquivalence` proves they agree on the inputs used.
 */
import { hash } from "node:crypto";
import type { ScanPage, SessionDriver, SessionInfo } from "@sessions/core";
import { SessionStoreError, toStoreError } from "@sessions/core";
import type { Envelope } from "./core-internals.js";

/** token.ts:46 — one-shot `crypto.hash` (Node ≥ 20.12) instead of createHash().update().digest(). */
export function digestOneShot(token: string): string {
  return hash("sha256", token, "base64url");
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/**
 * data-codec.ts:50 `jsonDepth` — same result, but jumps over each string with the native
 * `indexOf('"')` instead of visiting every character in JS (strings are most of a payload).
 */
export function jsonDepthSkippingStrings(json: string): number {
  let depth = 0;
  let deepest = 0;
  const length = json.length;
  for (let i = 0; i < length; i++) {
    const code = json.charCodeAt(i);
    if (code === QUOTE) {
      let end = json.indexOf('"', i + 1);
      // An escaped quote has an odd run of backslashes before it: keep looking.
      while (end !== -1) {
        let slashes = 0;
        for (let j = end - 1; json.charCodeAt(j) === BACKSLASH; j--) slashes++;
        if ((slashes & 1) === 0) break;
        end = json.indexOf('"', end + 1);
      }
      if (end === -1) return deepest; // unterminated: not JSON.stringify output
      i = end;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > deepest) deepest = depth;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

/**
 * data-codec.ts:31 — a cheap pre-check before `jsonDepth`: nesting depth can never exceed the
 * number of `{` and `[` characters in the text (brackets inside strings only over-count), and
 * native `indexOf` finds those fast. Only a text with more than `maxDepth` openers pays for the
 * exact scan. Returns true when the exact scan is needed.
 */
export function openersExceed(json: string, limit: number): boolean {
  let count = 0;
  for (let p = json.indexOf("{"); p !== -1; p = json.indexOf("{", p + 1)) {
    if (++count > limit) return true;
  }
  for (let p = json.indexOf("["); p !== -1; p = json.indexOf("[", p + 1)) {
    if (++count > limit) return true;
  }
  return false;
}

/**
 * session-view.ts:15-19 `sessionView` — every key in one object literal, read from `infoOf`'s
 * result, instead of an object rest (`{ status, ...info }`) followed by a spread that adds
 * `id`, `locked` and `data`. Same keys, same order, same values. (On V8 a spread followed by
 * new keys yields a fresh hidden class per call: ~0.7 µs per added key.)
 */
export function sessionViewLiteral(
  info: SessionInfo,
  token: string,
  locked: boolean,
  data: unknown,
): unknown {
  return {
    handle: info.handle,
    owner: info.owner,
    createdAt: info.createdAt,
    expiresAt: info.expiresAt,
    absoluteExpiresAt: info.absoluteExpiresAt,
    lastSeenAt: info.lastSeenAt,
    version: info.version,
    meta: info.meta,
    id: token,
    locked,
    data: locked ? null : data,
  };
}

/**
 * envelope.ts:44-50 `encodePayload` — the common header (no password, not locked, no failures,
 * no meta) written as a template instead of building an object and JSON.stringify-ing it.
 */
export function encodePayloadFast(envelope: Envelope, dataJson: string): string {
  if (
    envelope.passwordHash === undefined &&
    !envelope.locked &&
    envelope.failures.length === 0 &&
    envelope.meta === null
  ) {
    return `{"v":1,"a":${envelope.absoluteExpiresAt},"s":${envelope.lastSeenAt}}\n${dataJson}`;
  }
  return "";
}

const NO_FAILURES: readonly number[] = Object.freeze([]);

/**
 * envelope.ts:56-70 `decodePayload` — the envelope built by plain assignment instead of a
 * conditional spread, and one shared frozen empty `failures` array.
 */
export function decodePayloadNoSpread(payload: string): { envelope: Envelope; dataJson: string } {
  const newline = payload.indexOf("\n");
  const header = JSON.parse(payload.slice(0, newline)) as {
    a: number;
    s: number;
    p?: string;
    k?: 1;
    f?: number[];
    m?: Record<string, never>;
  };
  const envelope: { -readonly [K in keyof Envelope]: Envelope[K] } = {
    absoluteExpiresAt: header.a,
    lastSeenAt: header.s,
    locked: header.k === 1,
    failures: header.f ?? NO_FAILURES,
    meta: header.m ?? null,
  };
  if (header.p !== undefined) envelope.passwordHash = header.p;
  return { envelope, dataJson: payload.slice(newline + 1) };
}

type DriverMethod = (a?: unknown, b?: unknown, c?: unknown) => Promise<unknown>;

/**
 * guarded-driver.ts:30-39 — a non-async wrapper with fixed arity: no rest array, no spread
 * call, no extra async frame; failures (sync throw or rejection) are still converted.
 */
export function guardDriverThen(driver: SessionDriver): SessionDriver {
  let closed = false;
  const wrap = (method: string): DriverMethod => {
    const call = (driver as unknown as Record<string, DriverMethod>)[method]!.bind(driver);
    const convert = (error: unknown): never => {
      throw toStoreError(driver.name, method, error);
    };
    return (a, b, c) => {
      if (closed && method !== "close") {
        return Promise.reject(
          new SessionStoreError(driver.name, "session manager is closed", { code: "CLOSED" }),
        );
      }
      try {
        return call(a, b, c).then(undefined, convert);
      } catch (error) {
        return Promise.reject(toStoreError(driver.name, method, error));
      }
    };
  };
  const methods = ["get", "insert", "compareAndSet", "touch", "delete", "listByOwner"];
  const guarded: Record<string, unknown> = {
    contract: driver.contract,
    name: driver.name,
    capabilities: driver.capabilities,
    markClosed: () => {
      closed = true;
    },
    scan: (): Promise<ScanPage> => Promise.resolve({ records: [] }),
  };
  for (const method of methods) guarded[method] = wrap(method);
  return guarded as unknown as SessionDriver;
}

/** The owner index of memory-driver.ts:24-36, as a standalone structure to time `put`. */
export interface OwnerIndex {
  readonly owners: Map<string, Set<string>>;
}

interface Indexed {
  readonly key: string;
  readonly owner: string | null;
}

function indexOwner(index: OwnerIndex, record: Indexed): void {
  if (record.owner === null) return;
  const keys = index.owners.get(record.owner);
  if (keys) keys.add(record.key);
  else index.owners.set(record.owner, new Set([record.key]));
}

function unindexOwner(index: OwnerIndex, record: Indexed): void {
  if (record.owner === null) return;
  const keys = index.owners.get(record.owner);
  if (!keys) return;
  keys.delete(record.key);
  if (keys.size === 0) index.owners.delete(record.owner);
}

/** memory-driver.ts:37-45 `put` as it is: always unindex the previous record, index the new. */
export function putReindexAlways(
  records: Map<string, Indexed>,
  index: OwnerIndex,
  record: Indexed,
): void {
  const previous = records.get(record.key);
  if (previous) unindexOwner(index, previous);
  const stored = { ...record };
  records.set(record.key, stored);
  indexOwner(index, stored);
}

/** `put` that leaves the owner index alone when the owner did not change (every update). */
export function putReindexOnOwnerChange(
  records: Map<string, Indexed>,
  index: OwnerIndex,
  record: Indexed,
): void {
  const previous = records.get(record.key);
  const stored = { ...record };
  records.set(record.key, stored);
  if (previous?.owner === stored.owner) return;
  if (previous) unindexOwner(index, previous);
  indexOwner(index, stored);
}
