import { describe, expect, it } from "vitest";
import type { Backend } from "../backend.js";
import { HOUR } from "../fixtures.js";
import { collect, scanAll } from "../readers.js";
import { openManager } from "./fixture.js";

/** Managers of different apps share one driver without seeing each other. */
export function appChecks(backend: Backend): void {
  describe("apps", () => {
    it("managers of two apps on one driver never see, list, count or clean each other's sessions", async () => {
      const shop = await openManager(backend, { app: "shop", ttl: "1d" });
      const blog = shop.attach({ app: "blog", ttl: "1d" });
      const { driver, clock } = shop;
      const shopSession = await shop.sessions.create({ owner: "alice", data: { app: "shop" } });
      const blogSession = await blog.sessions.create({ owner: "alice", data: { app: "blog" } });
      await shop.sessions.create({ owner: "alice", ttl: "1h" });
      await blog.sessions.create({ owner: "alice", ttl: "1h" });
      clock.advance(2 * HOUR);

      expect(await shop.sessions.get(blogSession.id)).toBeNull();
      expect(await blog.sessions.get(shopSession.id)).toBeNull();
      expect((await blog.sessions.require(blogSession.id)).data).toEqual({ app: "blog" });
      expect((await shop.sessions.getByOwner("alice")).map((info) => info.handle)).toEqual([
        shopSession.handle,
      ]);
      expect((await shop.sessions.list()).sessions.map((info) => info.handle)).toEqual([
        shopSession.handle,
      ]);
      expect(await shop.sessions.stats()).toEqual({ active: 1, locked: 0, owners: 1 });
      expect((await collect(shop.sessions.export())).map((record) => record.key)).toEqual([
        shopSession.handle,
      ]);

      expect(await shop.sessions.cleanup()).toEqual({ removed: 1 });
      expect(await scanAll(driver, { prefix: "blog:s:" })).toHaveLength(2);
      expect(await blog.sessions.cleanup()).toEqual({ removed: 1 });

      expect(await blog.sessions.destroyByOwner("alice")).toBe(1);
      expect(await shop.sessions.isActive(shopSession.id)).toBe(true);
      expect(await shop.sessions.stats()).toEqual({ active: 1, locked: 0, owners: 1 });
    });
  });
}
