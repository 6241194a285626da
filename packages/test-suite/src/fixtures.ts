import { createHash } from "node:crypto";
import type { SessionDriver, StoredSession } from "@sessions/core";

/** One second in milliseconds. */
export const SECOND = 1_000;
/** One minute in milliseconds. */
export const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 3_600_000;
/** One day in milliseconds. */
export const DAY = 86_400_000;

/** Where timelines start for drivers without native TTL: a fixed epoch, for readable failures. */
export const FIXED_EPOCH = Date.UTC(2030, 0, 1);

/**
 * The start of a test's timeline. A driver with `nativeTtl` may evict a record physically once
 * the real clock passes its `expiresAt`, so its timeline starts at the real time (whole
 * seconds): records the test reads stay hours away from real expiry, and "expired" is only
 * ever shown through `now` arguments past `expiresAt`. Other drivers start at
 * {@link FIXED_EPOCH}.
 */
export function startTime(driver: SessionDriver): number {
  return driver.capabilities.nativeTtl ? Math.ceil(Date.now() / SECOND) * SECOND : FIXED_EPOCH;
}

/**
 * A record key shaped like core's: `<app>:s:<43 base64url characters>`. The same label gives
 * the same key, so failures are reproducible.
 */
export function sessionKey(label: string, app = "default"): string {
  return `${app}:s:${createHash("sha256").update(label).digest("base64url")}`;
}

/** A stored owner shaped like core's: `<app>:<owner>`. */
export function ownerKey(name: string, app = "default"): string {
  return `${app}:${name}`;
}

/**
 * A record created at `createdAt`: key {@link sessionKey}(label), owner `default:alice`, a
 * payload naming the label, alive for an hour, version 1. `init` overrides any field.
 */
export function storedRecord(
  label: string,
  createdAt: number,
  init: Partial<StoredSession> = {},
): StoredSession {
  return {
    key: sessionKey(label),
    owner: ownerKey("alice"),
    payload: `{"v":1,"a":${createdAt + HOUR},"s":${createdAt}}\n{"label":${JSON.stringify(label)}}`,
    createdAt,
    expiresAt: createdAt + HOUR,
    version: 1,
    ...init,
  };
}

/** What {@link appRecords} builds. */
export interface AppRecordsInit {
  /** The app whose key prefix (`<app>:s:`) the records get. Default `"default"`. */
  readonly app?: string;
  /** How many records. */
  readonly count: number;
  /** Middle part of each label (`<app>-<name>-<index>`). Default `"record"`. */
  readonly name?: string;
  /** Field overrides of the record at `index`. */
  readonly init?: (index: number) => Partial<StoredSession>;
}

/** Several {@link storedRecord}s keyed under one app, labelled `<app>-<name>-<index>`. */
export function appRecords(createdAt: number, options: AppRecordsInit): StoredSession[] {
  const { app = "default", count, name = "record", init } = options;
  return Array.from({ length: count }, (_, index) => {
    const label = `${app}-${name}-${index}`;
    return storedRecord(label, createdAt, { key: sessionKey(label, app), ...init?.(index) });
  });
}

/**
 * Payload strings every driver must store byte for byte: core's payloads are opaque JSON or
 * ciphertext, and hostile data reaches them unchanged.
 */
export const PAYLOAD_SAMPLES: Readonly<Record<string, string>> = {
  ascii: '{"v":1,"a":1,"s":1}\n{"cart":["apple","pear"]}',
  unicode:
    "h\u00e9llo w\u00f6rld \u00df \u03a9 \u4e2d\u6587 \u65e5\u672c\u8a9e \u05e2\u05d1 \u0627\u0644",
  emoji:
    "\u{1f600} \u{1f469}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466} \u{1f3f3}\ufe0f\u200d\u{1f308} \u{1f1eb}\u{1f1f7} \u{1f44d}\u{1f3fd}",
  nul: "\u0000starts, middle\u0000middle, ends\u0000",
  loneHighSurrogate: "x\ud800y",
  loneLowSurrogate: "x\udc00y",
  reversedSurrogates: "\udc00\ud800",
  trailingHighSurrogate: "ends with half an emoji \ud83d",
  lineBreaks: "crlf\r\nlf\ncr\rlf-cr\n\r\u2028\u2029\u0085end",
  quotesAndCommas: `"double" 'single' \`back\` \\backslash\\ , comma ; semicolon`,
  csvShaped: '"a","b ""quoted""",c\r\n1,2,"3,4"\n',
  formulaPrefixes: "=1+2\n+3\n-4\n@5\n\tsix",
  operatorKeys: '{"$set":{"a.b":1},"$where":"1","__proto__":{"polluted":true}}',
  controlCharacters: "\u0001\u0007\b\f\v\u001b[31m\u007f",
  byteOrderMark: "\ufeffstarts with a byte order mark",
  whitespace: "  \t leading and trailing \t  ",
};

/**
 * A payload of exactly 1 MiB of UTF-16 code units (mostly ASCII, with multi-byte characters,
 * quotes, CR/LF and NUL mixed in): the size of core's default data cap.
 */
export function megabytePayload(): string {
  const unit = 'abcdefghijklmnopqrstuvwxyz0123456789 "quoted", \r\n\u00e9\u4e2d\u{1f600}\u0000|';
  return unit.repeat(Math.ceil((1024 * 1024) / unit.length) + 1).slice(0, 1024 * 1024);
}

/** A clock the test moves by hand; pass it as a manager's `clock`. */
export interface ManualClock {
  /** The current time, epoch ms. */
  now(): number;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  /** Sets the clock to `ms`. */
  set(ms: number): void;
}

/** A {@link ManualClock} starting at `start`. */
export function manualClock(start: number): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
    set: (ms) => {
      time = ms;
    },
  };
}
