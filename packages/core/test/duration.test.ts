import { describe, expect, it } from "vitest";
import { ConfigError, parseDuration } from "../src/index.js";

describe("parseDuration", () => {
  it("reads numbers as milliseconds and strings with units", () => {
    expect(parseDuration(1500, "ttl")).toBe(1500);
    expect(parseDuration("500ms", "ttl")).toBe(500);
    expect(parseDuration("90s", "ttl")).toBe(90_000);
    expect(parseDuration("30m", "ttl")).toBe(1_800_000);
    expect(parseDuration("8h", "ttl")).toBe(28_800_000);
    expect(parseDuration("7d", "ttl")).toBe(604_800_000);
    expect(parseDuration("2w", "ttl")).toBe(1_209_600_000);
    expect(parseDuration("1.5s", "ttl")).toBe(1500);
  });

  it("rounds fractional milliseconds up so nothing expires early", () => {
    expect(parseDuration(0.2, "ttl")).toBe(1);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, "", "10", "ten minutes", "5y", null, {}])(
    "refuses %s with a ConfigError naming the option",
    (value) => {
      expect(() => parseDuration(value as never, "idleTimeout")).toThrow(ConfigError);
      expect(() => parseDuration(value as never, "idleTimeout")).toThrow(/idleTimeout/);
    },
  );
});
