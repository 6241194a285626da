import { OwnerBusyError } from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { MINUTE, SECOND } from "../fixtures.js";
import { eventsOf, openManager } from "./fixture.js";

/** Owner policies: listing, logout everywhere, one session per owner, a session limit. */
export function ownerPolicyChecks(backend: Backend): void {
  describe("owners", () => {
    it("getByOwner lists the owner's live sessions oldest first, without tokens or data", async () => {
      const { sessions, clock } = await openManager(backend);
      const short = await sessions.create({ owner: "alice", ttl: "1m" });
      const alice = [];
      for (let index = 0; index < 3; index++) {
        clock.advance(SECOND);
        alice.push(await sessions.create({ owner: "alice", data: { index } }));
      }
      await sessions.create({ owner: "bob" });
      clock.set(short.expiresAt);
      const listed = await sessions.getByOwner("alice");
      expect(listed.map((info) => info.handle)).toEqual(alice.map((session) => session.handle));
      for (const info of listed) {
        expect(info).toMatchObject({ owner: "alice", status: "active" });
        expect(info).not.toHaveProperty("id");
        expect(info).not.toHaveProperty("data");
      }
      expect(await sessions.getByOwner("carol")).toEqual([]);
    });

    it("destroyByOwner removes every live session of the owner, except the given one, and counts them", async () => {
      const { sessions, events, clock } = await openManager(backend);
      // Already expired, not yet swept: not a session any more, so not counted as destroyed.
      await sessions.create({ owner: "alice", ttl: "1m" });
      clock.advance(2 * MINUTE);
      const [first, kept, third] = [
        await sessions.create({ owner: "alice" }),
        await sessions.create({ owner: "alice" }),
        await sessions.create({ owner: "alice" }),
      ];
      const bob = await sessions.create({ owner: "bob" });
      expect(await sessions.destroyByOwner("alice", { except: kept.id })).toBe(2);
      expect(await sessions.get(first.id)).toBeNull();
      expect(await sessions.get(third.id)).toBeNull();
      expect(await sessions.get(kept.id)).not.toBeNull();
      expect(eventsOf(events, "destroyed").map((event) => event.reason)).toEqual([
        "owner",
        "owner",
      ]);

      expect(await sessions.destroyByOwner("alice")).toBe(1);
      expect(eventsOf(events, "destroyed")).toHaveLength(3);
      expect(await sessions.get(kept.id)).toBeNull();
      expect(await sessions.getByOwner("alice")).toEqual([]);
      expect(await sessions.get(bob.id)).not.toBeNull();
    });

    it("uniquePerOwner refuses a new session while the owner's is young and takes over after", async () => {
      const { sessions, clock, events } = await openManager(backend, {
        uniquePerOwner: { takeoverAfter: "5m" },
      });
      const first = await sessions.create({ owner: "alice", data: { n: 1 } });
      clock.advance(MINUTE);
      const refused = await sessions.create({ owner: "alice" }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OwnerBusyError);
      expect((refused as OwnerBusyError).retryAfterMs).toBe(4 * MINUTE);
      expect(await sessions.get(first.id)).not.toBeNull();
      await sessions.create({ owner: "bob" });

      clock.set(first.createdAt + 5 * MINUTE);
      const second = await sessions.create({ owner: "alice" });
      expect(await sessions.get(first.id)).toBeNull();
      expect((await sessions.getByOwner("alice")).map((info) => info.handle)).toEqual([
        second.handle,
      ]);
      expect(eventsOf(events, "takeover")).toMatchObject([
        { handle: second.handle, previousHandle: first.handle, owner: "alice" },
      ]);
      expect(await sessions.getByOwner("bob")).toHaveLength(1);
    });

    it("maxSessionsPerOwner evicts the owner's oldest sessions", async () => {
      const { sessions, clock, events } = await openManager(backend, { maxSessionsPerOwner: 2 });
      const created = [];
      for (let index = 0; index < 4; index++) {
        created.push(await sessions.create({ owner: "alice", data: { index } }));
        clock.advance(SECOND);
      }
      const bob = await sessions.create({ owner: "bob" });
      const [oldest, older, ...newest] = created;
      expect(await sessions.get(oldest!.id)).toBeNull();
      expect(await sessions.get(older!.id)).toBeNull();
      expect((await sessions.getByOwner("alice")).map((info) => info.handle)).toEqual(
        newest.map((session) => session.handle),
      );
      expect(eventsOf(events, "destroyed")).toMatchObject([
        { handle: oldest!.handle, reason: "evicted" },
        { handle: older!.handle, reason: "evicted" },
      ]);
      expect(await sessions.get(bob.id)).not.toBeNull();
    });
  });
}
