import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { megabytePayload, ownerKey, PAYLOAD_SAMPLES } from "../fixtures.js";
import { scanAll, sortByKey } from "../readers.js";

const HOSTILE_OWNERS = [
  "\u00fcn\u00ef c\u00f6d\u00e9 \u{1f600}",
  '"quoted", with commas',
  "line\r\nbreak",
  "colons:inside:owner",
  "  spaces  ",
];

/** Payloads and owners come back exactly as stored, through every read path. */
export function payloadChecks(backend: Backend): void {
  describe("payload round trip", () => {
    it("stores hostile payloads byte for byte (unicode, emoji, NUL, lone surrogates, CR/LF, quotes)", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const records = Object.entries(PAYLOAD_SAMPLES).map(([name, payload]) =>
        record(`payload-${name}`, { payload }),
      );
      await insert(...records);
      const names = Object.keys(PAYLOAD_SAMPLES);
      for (const [index, expected] of records.entries()) {
        const stored = await driver.get(expected.key, t0);
        expect(stored?.payload, `payload sample "${names[index]}" via get`).toBe(expected.payload);
        expect(stored, `record of sample "${names[index]}"`).toEqual(expected);
      }
      expect(sortByKey(await scanAll(driver))).toEqual(sortByKey(records));
      expect(sortByKey(await driver.listByOwner(ownerKey("alice"), t0))).toEqual(
        sortByKey(records),
      );
    });

    it("stores a 1 MiB payload byte for byte", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const big = record("payload-1mib", { payload: megabytePayload() });
      await insert(big);
      const stored = await driver.get(big.key, t0);
      expect(stored?.payload.length).toBe(1024 * 1024);
      expect(stored?.payload === big.payload, "1 MiB payload identical").toBe(true);
      const replaced = { ...big, payload: `${big.payload.slice(1)}!`, version: 2 };
      expect(await driver.compareAndSet(replaced, 1, t0)).toBe(true);
      expect((await driver.get(big.key, t0))?.payload === replaced.payload).toBe(true);
    });

    it("keeps hostile owner keys exact (unicode, quotes, commas, CR/LF, colons, spaces)", async () => {
      const { driver, t0, record, insert } = await backend.open();
      const records = HOSTILE_OWNERS.map((name, index) =>
        record(`owner-${index}`, { owner: ownerKey(name) }),
      );
      await insert(...records);
      for (const expected of records) {
        const owner = expected.owner!;
        expect(
          await driver.listByOwner(owner, t0),
          `listByOwner(${JSON.stringify(owner)})`,
        ).toEqual([expected]);
        expect((await driver.get(expected.key, t0))?.owner).toBe(owner);
      }
      expect(await driver.deleteByOwner(records[0]!.owner!)).toBe(1);
      expect(await driver.count(t0)).toBe(records.length - 1);
    });
  });
}
