import { createSessionManager } from "@sessions/core";
import { expect, it } from "vitest";
import type { FaultContext } from "./context.js";

/** Several processes on one file: exact counters, no lost create. */
export function processChecks(ctx: FaultContext): void {
  it("4 processes × 200 concurrent update(id, fn) on shared sessions: exact counters", async () => {
    const path = ctx.path("update");
    const manager = createSessionManager<{ n: number }>({
      driver: await ctx.open(path),
      ttl: "1h",
      cleanup: false,
    });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await manager.create({ data: { n: 0 } })).id);
    const children = [0, 1, 2, 3].map(() =>
      ctx.start({ mode: "update", options: { path, lockTimeoutMs: 30_000 }, count: 200, ids }),
    );
    expect(await Promise.all(children.map((c) => c.exit))).toEqual([0, 0, 0, 0]);
    for (const id of ids) {
      const session = await manager.require(id);
      expect(session.data.n).toBe(200);
    }
    await manager.close();
  });

  it("4 processes creating 150 sessions each at once: every acknowledged create is there", async () => {
    const path = ctx.path("create");
    const children = [0, 1, 2, 3].map((i) =>
      ctx.start({
        mode: "create",
        options: { path, lockTimeoutMs: 30_000 },
        count: 150,
        owner: `p${i}`,
      }),
    );
    expect(await Promise.all(children.map((c) => c.exit))).toEqual([0, 0, 0, 0]);
    const manager = createSessionManager({
      driver: await ctx.open(path),
      ttl: "1h",
      cleanup: false,
    });
    for (const [i, child] of children.entries()) {
      const ids = child.lines().filter((line) => line !== "done");
      expect(ids).toHaveLength(150);
      for (const id of ids)
        expect(await manager.get(id), `a create of p${i} is lost`).not.toBeNull();
      expect(await manager.getByOwner(`p${i}`)).toHaveLength(150);
    }
    expect((await manager.stats()).active).toBe(600);
    await manager.close();
  });
}
