import { memoryDriver, type SessionCipher } from "@sessions/core";
import { afterAll, describe, expect, it } from "vitest";
import { runConformance } from "../src/index.js";

// A reversible toy cipher (not encryption): a manager built without it could not read what one
// built with it stored, so a manager the `manager` option missed fails its check.
const calls = { sealPayload: 0, openPayload: 0, sealOwner: 0, openOwner: 0 };
const toyCipher: SessionCipher = {
  sealOwner(owner) {
    calls.sealOwner++;
    return `toy.${owner}`;
  },
  ownerForms: (owner) => [`toy.${owner}`],
  openOwner(sealed) {
    calls.openOwner++;
    if (!sealed.startsWith("toy.")) throw new Error("not sealed");
    return sealed.slice(4);
  },
  sealPayload(plaintext, recordKey) {
    calls.sealPayload++;
    return `toy.${recordKey}.${plaintext}`;
  },
  openPayload(sealed, recordKey) {
    calls.openPayload++;
    const prefix = `toy.${recordKey}.`;
    if (!sealed.startsWith(prefix)) throw new Error("not sealed for this record");
    return sealed.slice(prefix.length);
  },
};

runConformance({
  name: "memory with manager options",
  create: () => memoryDriver(),
  levels: ["manager"],
  manager: { cipher: toyCipher },
});

afterAll(() => {
  for (const [method, count] of Object.entries(calls)) {
    expect(count, `${method} calls`).toBeGreaterThan(0);
  }
});

describe("manager option", () => {
  it("refuses what the suite supplies itself, and non-objects", () => {
    const create = () => memoryDriver();
    const bad: unknown[] = [null, [], "cipher", { driver: memoryDriver() }, { clock: {} }];
    for (const manager of bad) {
      expect(() => runConformance({ name: "x", create, manager: manager as never })).toThrow(
        TypeError,
      );
    }
  });
});
