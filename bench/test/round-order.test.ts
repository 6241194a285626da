import { describe, expect, it } from "vitest";
import { roundOrder } from "../src/bench.js";

describe("roundOrder", () => {
  const subjects = ["sessions", "by token", "raw", "peer", "keyv"];

  it("runs every subject once per round, for any number of subjects", () => {
    for (let n = 1; n <= 7; n++) {
      const some = subjects.concat(["x", "y"]).slice(0, n);
      for (let round = 0; round < 6; round++) {
        expect([...roundOrder(some, round)].sort()).toEqual([...some].sort());
      }
    }
  });

  it("changes both the first subject and each subject's predecessor over three rounds", () => {
    const orders = [0, 1, 2].map((round) => roundOrder(subjects, round));
    expect(new Set(orders.map((order) => order[0])).size).toBe(3);
    for (const subject of subjects) {
      const before = orders.map((order) => order[order.indexOf(subject) - 1] ?? "(first)");
      expect(new Set(before).size, `predecessors of ${subject}: ${before.join(", ")}`).toBe(3);
    }
  });
});
