import { describe, expect, it } from "vitest";
import { ConfigError, keyPrefixRange, quoteSqlIdentifier } from "../src/index.js";

describe("SQL driver helpers", () => {
  it("quote plain identifiers and refuse everything else with a ConfigError", () => {
    expect(quoteSqlIdentifier("sessions", "table", "sqlite")).toBe('"sessions"');
    expect(quoteSqlIdentifier(`_${"a".repeat(62)}`, "table", "sqlite")).toBe(
      `"_${"a".repeat(62)}"`,
    );
    for (const hostile of [
      "x; DROP TABLE y",
      'a"b',
      "",
      "a".repeat(64),
      "1abc",
      "a-b",
      "a.b",
      "a\u0000",
      7,
      null,
    ]) {
      expect(() => quoteSqlIdentifier(hostile, "schema", "postgres")).toThrow(ConfigError);
      expect(() => quoteSqlIdentifier(hostile, "schema", "postgres")).toThrow(
        /^postgres schema must match/,
      );
    }
  });

  it("range exactly the keys that start with a prefix, in code point order", () => {
    expect(keyPrefixRange("app:s:")).toEqual(["app:s:", "app:s;"]);
    expect(keyPrefixRange("my_app:")).toEqual(["my_app:", "my_app;"]);
    // The code point before the surrogate block steps over it.
    expect(keyPrefixRange("a\ud7ff")).toEqual(["a\ud7ff", "a\ue000"]);
    // A last code point at the maximum carries into the one before it.
    expect(keyPrefixRange("b\u{10ffff}")).toEqual(["b\u{10ffff}", "c"]);
    expect(keyPrefixRange("\u{10ffff}")).toEqual(["\u{10ffff}", null]);
    expect(keyPrefixRange("")).toEqual(["", null]);
  });
});
