/**
 * Hostile import files: each case edits one line of a valid file and says which line and
 * field the rejection must name. Lines are found by content (a record's key), never
 * hard-coded, so a layout detail (CSV rows spanning lines) cannot make an expectation wrong.
 */

/** Where a rejection must point. `field` undefined: no single field applies (a torn line). */
export interface Expected {
  readonly line: number;
  readonly field?: string | RegExp;
}

/** One way to break a file: the hostile text and what its rejection must name. */
export interface FileCase {
  readonly name: string;
  build(valid: string, keys: readonly string[]): { text: string; expected: Expected };
}

/** Splits on LF (as editors count lines); joining the result gives the text back. */
function lines(text: string): string[] {
  return text.split("\n");
}

/** 0-based index of the line holding `needle` (throws when absent: a broken case). */
export function lineOf(text: string, needle: string): number {
  const index = lines(text).findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${JSON.stringify(needle)} is not in the file`);
  return index;
}

/** The text with line `index` (0-based) edited. */
export function editLine(text: string, index: number, edit: (line: string) => string): string {
  const all = lines(text);
  all[index] = edit(all[index]!);
  return all.join("\n");
}

/** The text with a copy of line `from` inserted before line `before` (0-based). */
export function copyLine(text: string, from: number, before: number): string {
  const all = lines(text);
  all.splice(before, 0, all[from]!);
  return all.join("\n");
}

/** Replaces the first match of `pattern` in `line`, failing loudly when there is none. */
export function replaceIn(line: string, pattern: RegExp | string, replacement: string): string {
  const next = line.replace(pattern, replacement);
  if (next === line) throw new Error(`${String(pattern)} does not match the line`);
  return next;
}
