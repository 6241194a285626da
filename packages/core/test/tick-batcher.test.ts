import { describe, expect, it } from "vitest";
import { eachAlone, tickBatcher } from "../src/index.js";

/** A batcher over a fake backend that records every call it gets. */
function recordingBatcher(maxBatch?: number) {
  const calls: { kind: "one" | "many"; items: number[] }[] = [];
  const call = tickBatcher<number, string>({
    one: async (item) => {
      calls.push({ kind: "one", items: [item] });
      return `one:${item}`;
    },
    many: async (items) => {
      calls.push({ kind: "many", items: [...items] });
      return items.map((item) => (item < 0 ? new Error(`bad ${item}`) : `many:${item}`));
    },
    ...(maxBatch !== undefined && { maxBatch }),
  });
  return { call, calls };
}

describe("tickBatcher", () => {
  it("sends a lone call to one(), with no batch", async () => {
    const { call, calls } = recordingBatcher();
    expect(await call(1)).toBe("one:1");
    expect(await call(2)).toBe("one:2");
    expect(calls).toEqual([
      { kind: "one", items: [1] },
      { kind: "one", items: [2] },
    ]);
  });

  it("runs the calls of one tick as one batch, each with its own result, in order", async () => {
    const { call, calls } = recordingBatcher();
    expect(await Promise.all([call(3), call(1), call(3)])).toEqual(["many:3", "many:1", "many:3"]);
    expect(calls).toEqual([{ kind: "many", items: [3, 1, 3] }]);
  });

  it("batches calls made by promise continuations resumed in the same tick", async () => {
    const { call, calls } = recordingBatcher();
    // Three workers resumed by one resolution, each going through a few awaits first (as
    // request handlers resumed by one network read do) before their next call.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const worker = async (item: number) => {
      await gate;
      await Promise.resolve();
      await Promise.resolve();
      return call(item);
    };
    const running = [worker(1), worker(2), worker(3)];
    release();
    expect(await Promise.all(running)).toEqual(["many:1", "many:2", "many:3"]);
    expect(calls).toEqual([{ kind: "many", items: [1, 2, 3] }]);
  });

  it("rejects only the item whose result is an Error", async () => {
    const { call } = recordingBatcher();
    const results = await Promise.allSettled([call(1), call(-2), call(3)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error("bad -2"));
  });

  it("rejects every item of a batch whose call fails, and serves the next tick", async () => {
    let fail = true;
    const call = tickBatcher<number, number>({
      one: async (item) => item,
      many: async (items) => {
        if (fail) throw new Error("backend down");
        return items;
      },
    });
    const failed = await Promise.allSettled([call(1), call(2)]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await Promise.all([call(1), call(2)])).toEqual([1, 2]);
  });

  it("rejects, never hangs, when one() or many() throw synchronously or miscount", async () => {
    const throwing = tickBatcher<number, number>({
      one: () => {
        throw new Error("one threw");
      },
      many: () => {
        throw new Error("many threw");
      },
    });
    await expect(throwing(1)).rejects.toThrow("one threw");
    await expect(Promise.all([throwing(1), throwing(2)])).rejects.toThrow("many threw");
    const miscounting = tickBatcher<number, number>({
      one: async (item) => item,
      many: async (items) => items.slice(1),
    });
    await expect(Promise.all([miscounting(1), miscounting(2)])).rejects.toThrow(
      "a batch of 2 calls got 1 results",
    );
  });

  it("splits a tick of more than maxBatch calls into several batches", async () => {
    const { call, calls } = recordingBatcher(2);
    expect(await Promise.all([1, 2, 3, 4, 5].map(call))).toEqual([
      "many:1",
      "many:2",
      "many:3",
      "many:4",
      "one:5",
    ]);
    expect(calls).toEqual([
      { kind: "many", items: [1, 2] },
      { kind: "many", items: [3, 4] },
      { kind: "one", items: [5] },
    ]);
  });

  it("refuses a maxBatch that is not a positive integer", () => {
    for (const maxBatch of [0, -1, 1.5, Number.NaN]) {
      expect(() => tickBatcher({ one: async () => 0, many: async () => [], maxBatch })).toThrow(
        RangeError,
      );
    }
  });
});

describe("tickBatcher with lead (an in-process backend that answers at once)", () => {
  /** A batcher over a backend answering synchronously, counting lone and batched calls. */
  function leadingBatcher() {
    const counts = { one: 0, many: 0, batched: 0 };
    const call = tickBatcher<number, number>({
      lead: true,
      one: (item) => {
        counts.one++;
        return Promise.resolve(item);
      },
      many: (items) => {
        counts.many++;
        counts.batched += items.length;
        return Promise.resolve(items.map((item) => item * 10));
      },
    });
    // The layers a driver call goes through in the manager: a few promise hops.
    const throughLayers = async (item: number) => {
      const value = await call(item).then((v) => v);
      return value;
    };
    return { call, throughLayers, counts };
  }

  it("answers a caller awaiting one call at a time at once, never batching it", async () => {
    const { throughLayers, counts } = leadingBatcher();
    for (let i = 0; i < 1000; i++) expect(await throughLayers(i)).toBe(i);
    expect(counts).toEqual({ one: 1000, many: 0, batched: 0 });
  });

  it("runs the first of concurrent calls at once and batches the others behind it", async () => {
    const { call, counts } = leadingBatcher();
    expect(await Promise.all([1, 2, 3].map(call))).toEqual([1, 20, 30]);
    expect(counts).toEqual({ one: 1, many: 1, batched: 2 });
  });

  it("keeps 64 concurrent callers batched: a leader answered at once does not run alone", async () => {
    const { throughLayers, counts } = leadingBatcher();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < 6400; i = next++) await throughLayers(i);
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    expect(counts.one + counts.batched).toBe(6400);
    // About one lead per wave of 64; without the rule, one worker led nearly every call.
    expect(counts.batched / counts.many).toBeGreaterThan(50);
    expect(counts.one).toBeLessThan(200);
  });

  it("turns a lead call that throws into a rejection", async () => {
    const call = tickBatcher<number, number>({
      lead: true,
      one: () => {
        throw new Error("one threw");
      },
      many: async (items) => items,
    });
    await expect(call(1)).rejects.toThrow("one threw");
  });
});

describe("eachAlone", () => {
  it("runs every item through one, each failure its own Error entry", async () => {
    const results = await eachAlone([1, -2, 3, -4], async (item) => {
      if (item === -4) throw "not an Error";
      if (item < 0) throw new Error(`bad ${item}`);
      return item * 2;
    });
    expect(results).toEqual([2, new Error("bad -2"), 6, new Error("not an Error")]);
  });
});
