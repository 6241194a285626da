import { createSessionManager, memoryDriver, migrate, type PortableRecord } from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { HOUR, PAYLOAD_SAMPLES } from "../fixtures.js";
import { collect, scanAll, sortByKey } from "../readers.js";
import { type Data, type ManagerFixture, openManager } from "./fixture.js";

/** Sessions worth moving: owned and not, updated, with metadata and hostile data. */
async function populate(fixture: ManagerFixture) {
  const { sessions } = fixture;
  const hostile = await sessions.create({ owner: "alice", data: { ...PAYLOAD_SAMPLES } as Data });
  const created = await sessions.create({
    owner: "bob",
    data: { n: 1 },
    meta: { device: "phone" },
  });
  const updated = await sessions.update(created.id, { n: 2 });
  const anonymous = await sessions.create();
  const doomed = await sessions.create({ owner: "alice", ttl: "1h" });
  return { live: [hostile, updated, anonymous], doomed };
}

/** export/import between namespaces, and `migrate` between drivers. */
export function transferChecks(backend: Backend): void {
  describe("export, import and migrate", () => {
    it("export then import into a fresh namespace reproduces every record byte for byte", async () => {
      const source = await openManager(backend, { ttl: "1d" });
      const { live } = await populate(source);
      source.clock.advance(2 * HOUR);
      const exported = await collect(source.sessions.export());
      expect(exported).toHaveLength(live.length);

      const target = await openManager(backend, { ttl: "1d" });
      target.clock.set(source.clock.now());
      expect(await target.sessions.import(exported)).toEqual({
        imported: 3,
        skipped: 0,
        expired: 0,
      });
      const reexported = await collect(target.sessions.export());
      expect(sortByKey<PortableRecord>(reexported)).toEqual(sortByKey(exported));
      for (const session of live) {
        expect((await target.sessions.require(session.id)).data).toEqual(session.data);
      }
      expect(await target.sessions.import(exported, { onDuplicate: "skip" })).toEqual({
        imported: 0,
        skipped: 3,
        expired: 0,
      });
    });

    it("migrate(driver, memoryDriver()) keeps keys, owners, payloads, expiry and versions and drops expired records", async () => {
      const source = await openManager(backend, { ttl: "1d" });
      const { live, doomed } = await populate(source);
      source.clock.advance(2 * HOUR);
      const now = source.clock.now();
      const stored = (await scanAll(source.driver)).filter((record) => record.expiresAt > now);
      expect(stored).toHaveLength(live.length);

      const target = memoryDriver();
      try {
        expect(await migrate(source.driver, target, { clock: source.clock })).toEqual({
          imported: 3,
          skipped: 0,
          expired: 1,
        });
        expect(sortByKey(await scanAll(target))).toEqual(sortByKey(stored));
        const moved = createSessionManager<Data>({
          ...backend.manager,
          driver: target,
          clock: source.clock,
          ttl: "1d",
        });
        for (const session of live) {
          expect((await moved.require(session.id)).data).toEqual(session.data);
        }
        expect(await moved.get(doomed.id)).toBeNull();
      } finally {
        await target.close();
      }
    });
  });
}
