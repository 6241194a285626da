import { memoryDriver } from "@sessions/core";
import { runAtRestCheck, scanAll } from "@sessions/test-suite";
import { describe, expect, it } from "vitest";
import { harness, rotating } from "./helpers.js";

// The shared check: 100 sessions through a manager with the cipher, then the store read raw.
// The other drivers run the same check in their own packages, against their own backends.
runAtRestCheck({
  name: "memory",
  create: () => memoryDriver(),
  cipher: rotating(),
  dump: async (driver) => JSON.stringify(await scanAll(driver)),
});

describe("what is at rest instead", () => {
  it("handles (token digests), sealed owners and sealed payloads under the current kid", async () => {
    const h = harness(rotating());
    for (let index = 0; index < 10; index++) {
      const session = await h.sessions.create({
        owner: `user${index}@example.com`,
        data: { index },
      });
      if (index % 2 === 0) await h.sessions.update(session.id, { index, updated: true });
    }
    const records = await scanAll(h.driver);
    expect(records).toHaveLength(10);
    for (const record of records) {
      expect(record.owner).toMatch(/^default:v1\.2\.[A-Za-z0-9_-]+$/);
      expect(record.payload).toMatch(/^v1\.2\.[A-Za-z0-9_-]+$/);
    }
  });
});
