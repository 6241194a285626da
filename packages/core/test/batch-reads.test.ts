import { describe, expect, it } from "vitest";
import { answerReads, type BatchRead, earliestNow } from "../src/index.js";

describe("batch reads", () => {
  it("earliestNow is the smallest now of the batch", () => {
    expect(earliestNow([{ now: 5 }])).toBe(5);
    // A driver passes its reads (or inserts) as they are: anything with a now.
    const reads: BatchRead[] = [
      { key: "a", now: 5 },
      { key: "b", now: 3 },
      { key: "a", now: 9 },
    ];
    expect(earliestNow(reads)).toBe(3);
  });

  it("answers each read with its key's row only when live at its own now", () => {
    const a = { key: "a", expiresAt: 10, payload: "A" };
    const b = { key: "b", expiresAt: 20, payload: "B" };
    const reads = [
      { key: "a", now: 5 },
      { key: "b", now: 20 },
      { key: "missing", now: 1 },
      { key: "a", now: 10 },
      { key: "b", now: 19 },
    ];
    expect(answerReads(reads, [a, b])).toEqual([a, undefined, undefined, undefined, b]);
  });

  it("gives reads repeating a key objects of their own", () => {
    const a = { key: "a", expiresAt: 10 };
    const [first, second, third] = answerReads(
      [
        { key: "a", now: 1 },
        { key: "a", now: 2 },
        { key: "a", now: 3 },
      ],
      [a],
    );
    expect(first).toBe(a);
    expect(second).toEqual(a);
    expect(second).not.toBe(a);
    expect(third).not.toBe(second);
  });
});
