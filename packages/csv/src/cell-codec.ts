/**
 * The text of one CSV cell, before RFC 4180 quoting. Every cell (key, owner, payload and the
 * numbers) goes through this one scheme, so three guarantees hold for each of them:
 *
 * - no cell starts with a formula character (`= + - @`, tab, CR, or their full-width forms):
 *   such a value is written with one leading apostrophe (`'=1+2`), and exactly one is stripped
 *   on read; a value that itself starts with an apostrophe gets one more (`''x` is `'x`);
 * - the file is plain UTF-8 text: a value holding a lone surrogate (which UTF-8 cannot carry)
 *   or a control character other than tab, LF and CR (NUL makes a file binary, ESC drives
 *   terminals) is written as an apostrophe followed by its JSON string literal (`'"x\ud800"`);
 * - `null` (an unowned session) is the empty cell, and the empty string is a lone apostrophe,
 *   so the two never depend on how a CSV library quotes an empty field.
 *
 * Every other value is written as it is.
 */

/** Characters a spreadsheet may read as the start of a formula (OWASP CSV injection). */
const FORMULA_START = new Set([
  "=",
  "+",
  "-",
  "@",
  "\t",
  "\r",
  "\uff1d",
  "\uff0b",
  "\uff0d",
  "\uff20",
]);

const ESCAPE = "'";
const JSON_FORM = '"';

// Tab, LF and CR are ordinary text in a quoted RFC 4180 field; every other C0 control is not.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** `String.prototype.isWellFormed` (Node 20; not yet in the ES2022 lib): no lone surrogate. */
export const isWellFormed = (value: string): boolean =>
  (value as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Why a cell could not be read (no cell content: it may be session data). */
export class CellError extends Error {}

/** The cell text of a value (`null` for an unowned session). */
export function encodeCell(value: string | null): string {
  if (value === null) return "";
  if (value === "") return ESCAPE;
  if (!isWellFormed(value) || CONTROL.test(value)) return ESCAPE + JSON.stringify(value);
  const first = value.charAt(0);
  if (first === ESCAPE || FORMULA_START.has(first)) return ESCAPE + value;
  return value;
}

/** The value of a cell's text: the inverse of {@link encodeCell}; throws {@link CellError}. */
export function decodeCell(cell: string): string | null {
  if (cell === "") return null;
  const first = cell.charAt(0);
  if (first === ESCAPE) {
    if (cell.length === 1) return "";
    const second = cell.charAt(1);
    if (second === JSON_FORM) return decodeJsonForm(cell.slice(1));
    if (second === ESCAPE || FORMULA_START.has(second)) return cell.slice(1);
    throw new CellError(
      "an apostrophe starts a cell only before a formula character, an apostrophe or a JSON string",
    );
  }
  if (FORMULA_START.has(first)) {
    throw new CellError("the cell starts with a formula character (write it after an apostrophe)");
  }
  return cell;
}

function decodeJsonForm(literal: string): string {
  let value: unknown;
  try {
    value = JSON.parse(literal);
  } catch {
    throw new CellError("the escaped cell is not a valid JSON string");
  }
  if (typeof value !== "string") throw new CellError("the escaped cell is not a JSON string");
  return value;
}

/** The cell text of an integer field; throws {@link CellError} for anything but a safe integer. */
export function encodeInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new CellError("not a safe integer");
  // Negative numbers start with "-": the cell scheme writes them as '-5.
  return encodeCell(String(value));
}

const DECIMAL = /^-?(?:0|[1-9][0-9]*)$/;

/** The integer in a cell: decimal digits only (no sign "+", exponent or fraction). */
export function decodeInteger(cell: string): number {
  const text = decodeCell(cell);
  if (text === null) throw new CellError("the number is missing");
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isSafeInteger(value) || text === "-0") {
    throw new CellError("not a decimal integer");
  }
  return value;
}
