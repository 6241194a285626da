import { randomBytes } from "node:crypto";
import { scanAll } from "@sessions/test-suite";
import { describe, expect, it } from "vitest";
import { harness, rotating } from "./helpers.js";

/** The forms a value could leak in: as text, hex, base64 and base64url of UTF-8 and UTF-16. */
function leakForms(value: string): string[] {
  return [Buffer.from(value, "utf8"), Buffer.from(value, "utf16le")].flatMap((bytes) => [
    bytes.toString("utf8"),
    bytes.toString("hex"),
    bytes.toString("base64"),
    bytes.toString("base64url"),
    // base64 without its padding: how it would sit inside a longer encoded run
    bytes.toString("base64").replace(/=+$/, ""),
  ]);
}

describe("nothing sensitive at rest", () => {
  it("a raw dump of 100 sessions holds no token, owner or canary in any encoding", async () => {
    const h = harness(rotating());
    const canary = `CANARY-${randomBytes(8).toString("hex")}`;
    const secrets: string[] = [canary];
    for (let index = 0; index < 100; index++) {
      const owner = `user${index}@example.com`;
      const session = await h.sessions.create({
        owner,
        data: { note: `${canary}-${index}`, nested: { list: [canary] } },
        meta: { device: "phone" },
      });
      if (index % 2 === 0) await h.sessions.update(session.id, { note: `${canary}-updated` });
      secrets.push(session.id, owner, `${canary}-${index}`);
    }
    const records = await scanAll(h.driver);
    expect(records).toHaveLength(100);
    const dump = JSON.stringify(records);
    const lower = dump.toLowerCase();
    for (const secret of secrets) {
      for (const form of leakForms(secret)) {
        expect(dump.includes(form), `dump contains ${JSON.stringify(form)}`).toBe(false);
      }
      expect(lower.includes(secret.toLowerCase())).toBe(false);
    }
    expect(lower.includes("example.com")).toBe(false);
    expect(lower.includes("canary")).toBe(false);
    // What is there: handles (token digests), sealed owners and payloads, numbers.
    for (const record of records) {
      expect(record.owner).toMatch(/^default:v1\.2\.[A-Za-z0-9_-]+$/);
      expect(record.payload).toMatch(/^v1\.2\.[A-Za-z0-9_-]+$/);
    }
  });
});
