/**
 * Portable records as a JSON Lines file (one record per line), the form an export is saved
 * and moved in. Core's `import` takes records, not text: this is the thin reader around it.
 */
import type { PortableRecord } from "@sessions/core";

/** One JSON record per line, newline-terminated. */
export function toJsonLines(records: Iterable<PortableRecord>): string {
  let text = "";
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return text;
}

/** Where a line of an import file could not be parsed as JSON. */
export class LineError extends Error {
  /** 1-based line number. */
  readonly line: number;

  constructor(line: number, problem: string) {
    super(`import file line ${line}: ${problem}`);
    this.line = line;
  }
}

/**
 * Parses each line lazily, as `import` pulls it: a line that is not JSON throws
 * {@link LineError} at that point, after the earlier lines were already handed over (which
 * is what "nothing half-applied" has to survive). A final empty line is the file's end.
 */
export function* parseJsonLines(text: string): Generator<unknown> {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (const [index, line] of lines.entries()) {
    try {
      yield JSON.parse(line);
    } catch {
      throw new LineError(index + 1, "is not a complete JSON record");
    }
  }
}
