import { SessionConflictError } from "@sessions/core";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { eventsOf, openManager } from "./fixture.js";

const WRITERS = 20;

/** Compare-and-set through the manager: no lost update, typed conflicts, regenerate. */
export function concurrencyChecks(backend: Backend): void {
  describe("concurrency and regenerate", () => {
    it(`${WRITERS} concurrent update(id, fn) writers lose no increment`, async () => {
      const { sessions } = await openManager(backend);
      const { id } = await sessions.create({ data: { counter: 0 } });
      await Promise.all(
        Array.from({ length: WRITERS }, () =>
          sessions.update(id, (previous) => ({ counter: (previous.counter as number) + 1 })),
        ),
      );
      const final = await sessions.require(id);
      expect(final.data).toEqual({ counter: WRITERS });
      expect(final.version).toBe(WRITERS + 1);
    });

    it("a stale expectedVersion throws SessionConflictError and writes nothing", async () => {
      const { sessions, events } = await openManager(backend);
      const { id } = await sessions.create({ data: { step: 0 } });
      expect((await sessions.update(id, { step: 1 }, { expectedVersion: 1 })).version).toBe(2);
      await expect(sessions.update(id, { step: 2 }, { expectedVersion: 1 })).rejects.toBeInstanceOf(
        SessionConflictError,
      );
      expect(await sessions.require(id)).toMatchObject({ version: 2, data: { step: 1 } });
      expect(eventsOf(events, "conflict")).toMatchObject([{ operation: "update" }]);
    });

    it(`of ${WRITERS} concurrent updates expecting one version exactly one wins`, async () => {
      const { sessions } = await openManager(backend);
      const { id } = await sessions.create({ data: { writer: -1 } });
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, writer) =>
          sessions.update(id, { writer }, { expectedVersion: 1 }),
        ),
      );
      const winners = results.flatMap((result) =>
        result.status === "fulfilled" ? [result.value] : [],
      );
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === "rejected")
          expect(result.reason).toBeInstanceOf(SessionConflictError);
      }
      expect(await sessions.require(id)).toMatchObject({ version: 2, data: winners[0]!.data });
    });

    it("regenerate gives a new id with the same data and owner; the old id dies", async () => {
      const { sessions, events } = await openManager(backend);
      const created = await sessions.create({ owner: "alice", data: { cart: ["apple"] } });
      const regenerated = await sessions.regenerate(created.id);
      expect(regenerated.id).not.toBe(created.id);
      expect(regenerated.handle).not.toBe(created.handle);
      expect(regenerated).toMatchObject({
        owner: "alice",
        data: { cart: ["apple"] },
        createdAt: created.createdAt,
        version: created.version + 1,
      });
      expect(await sessions.get(created.id)).toBeNull();
      expect((await sessions.require(regenerated.id)).data).toEqual({ cart: ["apple"] });
      expect((await sessions.getByOwner("alice")).map((info) => info.handle)).toEqual([
        regenerated.handle,
      ]);
      expect(eventsOf(events, "regenerated")).toMatchObject([
        { handle: regenerated.handle, previousHandle: created.handle },
      ]);
    });
  });
}
