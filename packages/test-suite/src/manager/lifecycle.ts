import { SessionNotFoundError } from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { HOUR, PAYLOAD_SAMPLES, SECOND } from "../fixtures.js";
import { scanAll } from "../readers.js";
import { eventTypes, openManager } from "./fixture.js";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Create, read, update and destroy through the manager; handles are not tokens. */
export function lifecycleChecks(backend: Backend): void {
  describe("lifecycle", () => {
    it("creates, gets, requires, updates and destroys a session, bumping the version", async () => {
      const { sessions, clock, events, driver } = await openManager(backend);
      const start = clock.now();
      const created = await sessions.create({
        owner: "alice",
        data: { cart: ["apple"] },
        meta: { device: "phone" },
      });
      expect(created.id).toMatch(TOKEN);
      expect(created.handle).toMatch(TOKEN);
      expect(created.handle).not.toBe(created.id);
      expect(created).toMatchObject({
        owner: "alice",
        data: { cart: ["apple"] },
        createdAt: start,
        expiresAt: start + HOUR,
        version: 1,
        locked: false,
        meta: { device: "phone" },
      });

      clock.advance(SECOND);
      expect(await sessions.get(created.id)).toMatchObject({
        data: { cart: ["apple"] },
        version: 1,
      });
      const updated = await sessions.update(created.id, { cart: ["apple", "pear"] });
      expect(updated).toMatchObject({ version: 2, data: { cart: ["apple", "pear"] } });
      const incremented = await sessions.update(created.id, (previous) => ({ ...previous, n: 1 }));
      expect(incremented.version).toBe(3);
      expect(await sessions.require(created.id)).toMatchObject({
        version: 3,
        data: { cart: ["apple", "pear"], n: 1 },
        createdAt: start,
      });

      expect(await sessions.destroy(created.id)).toBe(true);
      expect(await sessions.destroy(created.id)).toBe(false);
      expect(await sessions.get(created.id)).toBeNull();
      await expect(sessions.require(created.id)).rejects.toBeInstanceOf(SessionNotFoundError);
      await expect(sessions.update(created.id, {})).rejects.toBeInstanceOf(SessionNotFoundError);
      expect(await sessions.touch(created.id)).toBe(false);
      expect(await scanAll(driver)).toEqual([]);
      expect(eventTypes(events)).toEqual(["created", "destroyed"]);
    });

    it("a handle lists and revokes a session but never works as its token", async () => {
      const { sessions } = await openManager(backend);
      const session = await sessions.create({ owner: "alice" });
      expect(await sessions.get(session.handle)).toBeNull();
      expect((await sessions.inspect(session.handle))?.version).toBe(1);
      expect((await sessions.getByOwner("alice")).map((info) => info.handle)).toEqual([
        session.handle,
      ]);
      expect(await sessions.revoke(session.handle)).toBe(true);
      expect(await sessions.get(session.id)).toBeNull();
      expect(await sessions.revoke(session.handle)).toBe(false);
    });

    it("an unknown token is not found and creates nothing", async () => {
      const { sessions, driver, clock } = await openManager(backend);
      const unknown = "A".repeat(43);
      expect(await sessions.get(unknown)).toBeNull();
      await expect(sessions.require(unknown)).rejects.toBeInstanceOf(SessionNotFoundError);
      expect(await sessions.touch(unknown)).toBe(false);
      expect(await driver.count(clock.now())).toBe(0);
    });

    it("hostile strings in data round-trip exactly", async () => {
      const { sessions } = await openManager(backend);
      const data = { ...PAYLOAD_SAMPLES, nested: { list: Object.values(PAYLOAD_SAMPLES) } };
      const { id } = await sessions.create({ data });
      expect((await sessions.require(id)).data).toEqual(data);
      const updated = { ...data, more: PAYLOAD_SAMPLES.emoji! };
      await sessions.update(id, updated);
      expect((await sessions.require(id)).data).toEqual(updated);
    });

    it("list pages through every live session and stats counts them", async () => {
      const { sessions } = await openManager(backend);
      const created = [];
      for (let index = 0; index < 12; index++) {
        created.push(await sessions.create({ owner: `user-${index % 3}` }));
      }
      const handles: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await sessions.list({ limit: 5, ...(cursor !== undefined && { cursor }) });
        expect(page.sessions.length).toBeLessThanOrEqual(5);
        handles.push(...page.sessions.map((info) => info.handle));
        cursor = page.cursor;
      } while (cursor !== undefined && handles.length <= created.length);
      expect(handles.sort()).toEqual(created.map((session) => session.handle).sort());
      expect(await sessions.stats()).toEqual({ active: 12, locked: 0, owners: 3 });
    });
  });
}
