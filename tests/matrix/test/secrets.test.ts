// Nothing sensitive in logs, events or errors: every error path a user can hit, on every
// driver, fed with canaries (tokens, passwords, cipher keys, data); the audit at the end reads
// every captured event, message, cause and stack. (Every other file of the matrix ends with
// the same audit over its own traffic.)
import { randomBytes } from "node:crypto";
import { ConfigError, type StandardSchemaV1 } from "@sessions/core";
import { createCipher } from "@sessions/crypto";
import { manualClock } from "@sessions/test-suite";
import { describe, expect, test } from "vitest";
import { auditSecrets } from "../src/audit.js";
import { testCipher } from "../src/cipher.js";
import { driverRegistry } from "../src/drivers.js";
import { reportMissingDrivers } from "../src/missing.js";
import { captureConsole, captureError, registerSecret, secretsIn } from "../src/sink.js";
import { trackedManager } from "../src/tracked-manager.js";

captureConsole();
const { available, missing } = driverRegistry();

function canary(label: string): string {
  const value = `${label}-canary-${randomBytes(12).toString("hex")}`;
  registerSecret(`${label} canary`, value);
  return value;
}

/** A validator whose issues carry a path only (what core reports). */
const rejectsSecrets: StandardSchemaV1<unknown, unknown> = {
  "~standard": {
    version: 1,
    vendor: "matrix",
    validate: (value) =>
      String((value as { secret?: unknown }).secret).startsWith("forbidden")
        ? { issues: [{ message: "forbidden value", path: ["secret"] }] }
        : { value },
  },
};

describe("error paths fed with canaries", () => {
  for (const entry of available) {
    test(`${entry.name}: every failure is typed and carries no secret`, async () => {
      const opened = await entry.open();
      try {
        const clock = manualClock(Date.now());
        const { cipher } = testCipher();
        const sessions = trackedManager(`${entry.name} secrets`, {
          driver: opened.driver,
          clock,
          cipher,
          ttl: "1h",
          maxDataBytes: 4096,
          validate: rejectsSecrets,
        });
        const password = canary("password");
        const data = { secret: canary("data") };
        const locked = await sessions.create({ owner: "alice", data, password, locked: true });
        await expect(sessions.require(locked.id)).rejects.toMatchObject({ code: "SESSION_LOCKED" });
        await expect(sessions.unlock(locked.id, canary("wrong-password"))).rejects.toMatchObject({
          code: "INVALID_PASSWORD",
        });
        const open = await sessions.create({ owner: "bob", data });
        const codes = [
          sessions.update(open.id, { secret: `${data.secret}${"x".repeat(5000)}` }),
          sessions.update(open.id, { secret: `forbidden ${data.secret}` }),
          sessions.update(open.id, { secret: 1n } as never),
          sessions.get(`${canary("token-shaped")}\u0000`),
          sessions.require(canary("x").slice(0, 43).replace(/-/g, "_")),
          sessions.import([
            {
              format: 1,
              key: "k".repeat(43),
              owner: null,
              payload: canary("payload"),
              createdAt: 1,
              expiresAt: 9e12,
              version: 1,
            },
          ]),
        ].map((call) =>
          (call as Promise<unknown>).then(
            () => "resolved",
            (error) => error.code,
          ),
        );
        expect(await Promise.all(codes)).toEqual([
          "PAYLOAD_TOO_LARGE",
          "SERIALIZATION",
          "SERIALIZATION",
          "INVALID_SESSION_ID",
          "SESSION_NOT_FOUND",
          "SERIALIZATION",
        ]);
        // A sealed record moved onto another key does not open: one generic error.
        const raw = await opened.driver.scan({ limit: 100 });
        const victim = raw.records.find((record) => record.key.endsWith(open.handle))!;
        const other = raw.records.find((record) => record.key.endsWith(locked.handle))!;
        expect(
          await opened.driver.compareAndSet(
            { ...victim, payload: other.payload, version: victim.version + 1 },
            victim.version,
            clock.now(),
          ),
        ).toBe(true);
        await expect(sessions.get(open.id)).rejects.toMatchObject({ code: "CORRUPT_RECORD" });
        await sessions.getByOwner("bob"); // listing skips it and emits an error event
        await sessions.close();
        await expect(sessions.get(open.id)).rejects.toMatchObject({ code: "CLOSED" });
      } finally {
        await opened.cleanup();
      }
    });
  }

  test("the audit sees a secret in every encoding a leak would use", () => {
    const token = "Zm9vYmFyLWJhei1xdXV4LXRva2VuLTAxMjM0NTY3ODlh"; // 43 base64url chars
    registerSecret("self-test token", token);
    const bytes = Buffer.from(token, "base64url");
    for (const leaked of [
      `id=${token}`,
      Buffer.from(token).toString("hex"),
      Buffer.from(token).toString("base64"),
      bytes.toString("hex"),
      bytes.toString("base64"),
      `cause: ${bytes.toString("base64url")}`,
    ]) {
      expect(secretsIn(leaked)).toContain("self-test token");
    }
    expect(secretsIn("nothing to see")).toEqual([]);
  });

  test("a cipher refuses a bad key without showing it", () => {
    const key = Buffer.from(canary("short-key")).toString("base64url");
    registerSecret("cipher key", key);
    let error: unknown;
    try {
      createCipher({ keys: { 1: key }, current: 1 });
    } catch (caught) {
      error = caught;
      captureError("createCipher", caught);
    }
    expect(error).toBeInstanceOf(ConfigError);
  });
});

reportMissingDrivers("secrets", missing);
auditSecrets({ secrets: 10, captures: 20 });
