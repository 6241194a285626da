import { randomBytes } from "node:crypto";
import {
  createSessionManager,
  type JsonValue,
  type SessionCipher,
  type SessionDriver,
} from "@sessions/core";
import { describe, expect, it } from "vitest";
import { freshNamespace } from "./backend.js";
import type { DriverFactoryContext } from "./options.js";

/** What a backend holds, as an operator with access to it would see it. */
export type RawDump = string | Uint8Array | readonly (string | Uint8Array)[];

/** Options of {@link runAtRestCheck}. */
export interface AtRestOptions {
  /** Names the suite in the report (`<name> at rest`). */
  readonly name: string;
  /** A fresh driver on a fresh namespace (as in `runConformance`). */
  readonly create: (context: DriverFactoryContext) => SessionDriver | Promise<SessionDriver>;
  /** Runs after the driver is closed: drop the table, delete the file, remove the keys. */
  readonly destroy?: (driver: SessionDriver) => void | Promise<void>;
  /** The cipher every session is written with (e.g. `@sessions/crypto`'s `createCipher`). */
  readonly cipher: SessionCipher;
  /**
   * Every byte the backend holds for this driver, read past the driver: the database or
   * journal files, the table's rows, the keys *and* values under the prefix. Called while the
   * driver is open, after the last write resolved.
   */
  readonly dump: (driver: SessionDriver) => Promise<RawDump> | RawDump;
  /** How many sessions to write (default 100). */
  readonly sessions?: number;
}

/**
 * The forms a secret could leak in: as text, and as hex, base64 (padded and not) and
 * base64url of its UTF-8 and UTF-16 bytes.
 */
export function leakForms(secret: string): string[] {
  return [Buffer.from(secret, "utf8"), Buffer.from(secret, "utf16le")].flatMap((bytes) => [
    bytes.toString("utf8"),
    bytes.toString("hex"),
    bytes.toString("base64"),
    bytes.toString("base64url"),
    // base64 without its padding: how it would sit inside a longer encoded run
    bytes.toString("base64").replace(/=+$/, ""),
  ]);
}

/**
 * The secrets among `secrets` that appear in `text` in any of their {@link leakForms} (case
 * folded too, so an upper-cased hex or e-mail counts). Empty when nothing leaked.
 */
export function findLeaks(text: string, secrets: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return secrets.filter(
    (secret) =>
      lower.includes(secret.toLowerCase()) || leakForms(secret).some((form) => text.includes(form)),
  );
}

function dumpText(dump: RawDump): string {
  const parts = Array.isArray(dump) ? dump : [dump];
  // latin1 keeps every byte visible as one character, so binary pages (SQLite, WAL) are
  // searched byte for byte; utf8 catches the text as the backend would show it.
  return parts
    .flatMap((part: string | Uint8Array) =>
      typeof part === "string"
        ? [part]
        : [Buffer.from(part).toString("latin1"), Buffer.from(part).toString("utf8")],
    )
    .join("\n");
}

type Data = Record<string, JsonValue>;

/**
 * Registers one test that writes sessions through a manager with `cipher` (owners that look
 * like e-mail addresses, data holding a canary, half of them updated, one locked with a
 * password), then reads the backend raw through `dump` and fails if any token, owner,
 * canary or password appears there in any encoding; finally every session must read back
 * through the manager (the encryption round-trips on this driver).
 */
export function runAtRestCheck(options: AtRestOptions): void {
  const count = options.sessions ?? 100;
  describe(`${options.name} at rest`, () => {
    it(`a raw dump of ${count} encrypted sessions holds no token, owner, canary or password`, async () => {
      const driver = await options.create({ namespace: freshNamespace() });
      const sessions = createSessionManager<Data>({ driver, ttl: "1h", cipher: options.cipher });
      try {
        const canary = `CANARY-${randomBytes(8).toString("hex")}`;
        const password = `pw-${randomBytes(6).toString("hex")}`;
        const secrets = [canary, password, "example.com"];
        const expected = new Map<string, Data>();
        for (let index = 0; index < count; index++) {
          const owner = `user${index}@example.com`;
          let data: Data = { note: `${canary}-${index}`, nested: { list: [canary] } };
          const session = await sessions.create({ owner, data, meta: { device: "phone" } });
          if (index % 2 === 0) {
            data = { note: `${canary}-updated-${index}` };
            await sessions.update(session.id, data);
          }
          expected.set(session.id, data);
          secrets.push(session.id, owner);
        }
        const [lockedId] = expected.keys();
        await sessions.lock(lockedId!, password);
        expected.delete(lockedId!);

        const text = dumpText(await options.dump(driver));
        expect(text.length, "the dump is empty: it does not read the backend").toBeGreaterThan(0);
        expect(findLeaks(text, secrets)).toEqual([]);

        for (const [id, data] of expected) {
          expect((await sessions.get(id))?.data).toEqual(data);
        }
      } finally {
        await sessions.close();
        await options.destroy?.(driver);
      }
    });
  });
}
