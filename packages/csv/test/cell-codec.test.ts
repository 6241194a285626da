import { describe, expect, it } from "vitest";
import {
  CellError,
  decodeCell,
  decodeInteger,
  encodeCell,
  encodeInteger,
} from "../src/cell-codec.js";
import { FORMULA_STARTS, HOSTILE_VALUES, randomStrings } from "./hostile.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const wellFormed = (value: string): boolean =>
  (value as unknown as { isWellFormed(): boolean }).isWellFormed();

describe("cell escape scheme", () => {
  const values = [...HOSTILE_VALUES, ...randomStrings(5000, 1)];

  it("round-trips every hostile and random value byte for byte", () => {
    for (const value of values) {
      const cell = encodeCell(value);
      expect(decodeCell(cell) === value, JSON.stringify(value)).toBe(true);
    }
  });

  it("never writes a cell starting with a formula character", () => {
    for (const value of values) {
      const first = encodeCell(value).charAt(0);
      expect(FORMULA_STARTS.includes(first), JSON.stringify(value)).toBe(false);
    }
  });

  it("writes only well-formed text without NUL or other control characters but tab, LF, CR", () => {
    for (const value of values) {
      const cell = encodeCell(value);
      expect(wellFormed(cell) && !CONTROL.test(cell), JSON.stringify(value)).toBe(true);
    }
  });

  it("keeps null (empty cell) apart from the empty string (a lone apostrophe)", () => {
    expect(encodeCell(null)).toBe("");
    expect(encodeCell("")).toBe("'");
    expect(decodeCell("")).toBeNull();
    expect(decodeCell("'")).toBe("");
  });

  it("writes plain values as they are and escapes only where needed", () => {
    expect(encodeCell("default:alice")).toBe("default:alice");
    expect(encodeCell('{"v":1}')).toBe('{"v":1}');
    expect(encodeCell("=1+2")).toBe("'=1+2");
    expect(encodeCell("'quoted")).toBe("''quoted");
    expect(encodeCell("\ufeffbom")).toBe("\ufeffbom");
    expect(encodeCell("x\ud800y")).toBe(`'"x\\ud800y"`);
    expect(encodeCell("nul\u0000")).toBe(`'"nul\\u0000"`);
  });

  it("reads a hand-written escaped formula back to its value", () => {
    expect(decodeCell("'=SUM(A1:A3)")).toBe("=SUM(A1:A3)");
    expect(decodeCell("'@cmd")).toBe("@cmd");
    expect(decodeCell("'\t")).toBe("\t");
    expect(decodeCell(`'"\\u0000"`)).toBe("\u0000");
  });

  it("refuses cells outside the scheme", () => {
    for (const cell of [
      ...FORMULA_STARTS.map((start) => `${start}1`),
      "'x",
      "' ",
      `'"unterminated`,
      `'"a" trailing`,
      "'{}",
      "'123",
    ]) {
      expect(() => decodeCell(cell), JSON.stringify(cell)).toThrow(CellError);
    }
  });

  it("writes integers in decimal and refuses anything else", () => {
    expect(encodeInteger(0)).toBe("0");
    expect(encodeInteger(1893456000000)).toBe("1893456000000");
    expect(encodeInteger(-5)).toBe("'-5");
    for (const value of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => encodeInteger(value)).toThrow(CellError);
    }
    expect(decodeInteger("1893456000000")).toBe(1893456000000);
    expect(decodeInteger("'-5")).toBe(-5);
    for (const cell of [
      "",
      "01",
      "1.0",
      "1e3",
      "+1",
      "'+1",
      " 1",
      "0x10",
      "'-0",
      "9007199254740993",
      "abc",
    ]) {
      expect(() => decodeInteger(cell), JSON.stringify(cell)).toThrow(CellError);
    }
  });
});
