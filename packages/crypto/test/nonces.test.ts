// Nonces drawn in batches are still 12 fresh CSPRNG bytes each, and never change once returned.
import { describe, expect, it } from "vitest";
import { randomNonce } from "../src/nonces.js";

describe("randomNonce", () => {
  it("returns distinct 12-byte nonces that stay as they were across batch refills", () => {
    const first = randomNonce();
    const copy = Buffer.from(first);
    const seen = new Set<string>([copy.toString("hex")]);
    for (let i = 0; i < 2000; i++) {
      const nonce = randomNonce();
      expect(nonce.length).toBe(12);
      seen.add(nonce.toString("hex"));
    }
    expect(seen.size).toBe(2001);
    expect(first.equals(copy)).toBe(true);
  });
});
