// A committed v1 fixture: ciphertexts written by the first release. Later releases must keep
// opening these exact bytes (and keep finding the sealed owner) or ship a migration.
import { readFileSync } from "node:fs";
import { createSessionManager, memoryDriver, type StoredSession } from "@sessions/core";
import { manualClock } from "@sessions/test-suite";
import { describe, expect, it } from "vitest";
import { createCipher } from "../src/index.js";
import { KEY_2 } from "./helpers.js";

interface FormatFixture {
  key: { kid: number; base64url: string };
  owner: { plaintext: string; sealed: string };
  payload: { plaintext: string; recordKey: string; sealed: string };
  session: {
    token: string;
    now: number;
    handle: string;
    owner: string;
    data: unknown;
    meta: unknown;
    record: StoredSession;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/format-v1.json", import.meta.url), "utf8"),
) as FormatFixture;

const rings = {
  "the fixture key alone": () =>
    createCipher({ keys: { [fixture.key.kid]: fixture.key.base64url }, current: fixture.key.kid }),
  "the fixture key retiring (another key current)": () =>
    createCipher({ keys: { [fixture.key.kid]: fixture.key.base64url, 2: KEY_2 }, current: 2 }),
};

describe.each(Object.keys(rings))("format v1 fixture, with %s", (ring) => {
  const cipher = rings[ring as keyof typeof rings]();

  it("opens the sealed owner and still lists it among the owner's forms", () => {
    expect(cipher.openOwner(fixture.owner.sealed)).toBe(fixture.owner.plaintext);
    expect(cipher.ownerForms(fixture.owner.plaintext)).toContain(fixture.owner.sealed);
  });

  it("opens the sealed payload for its record key, and only for it", () => {
    const { sealed, recordKey, plaintext } = fixture.payload;
    expect(cipher.openPayload(sealed, recordKey)).toBe(plaintext);
    expect(() => cipher.openPayload(sealed, "x".repeat(43))).toThrow();
  });

  it("a manager reads the stored v1 session by its token and finds it by owner", async () => {
    const driver = memoryDriver();
    const { session } = fixture;
    expect(await driver.insert(session.record, session.now)).toBe(true);
    const sessions = createSessionManager({
      driver,
      cipher,
      clock: manualClock(session.now),
      ttl: "1000d",
    });
    try {
      expect(await sessions.require(session.token)).toMatchObject({
        handle: session.handle,
        owner: session.owner,
        data: session.data,
        meta: session.meta,
        version: 1,
      });
      expect((await sessions.getByOwner(session.owner)).map((info) => info.handle)).toEqual([
        session.handle,
      ]);
    } finally {
      await sessions.close();
    }
  });
});
