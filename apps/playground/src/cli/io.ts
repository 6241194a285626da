/** Where the command line writes: injectable so tests run commands in-process. */

/** Output of a command. */
export interface CliIo {
  /** Writes one line of results to stdout. */
  out(line: string): void;
  /** Writes one line of diagnostics or progress to stderr. */
  err(line: string): void;
  /** Redraws the current stderr line (progress bars); only used when {@link CliIo.interactive}. */
  redraw(text: string): void;
  /** stderr is a terminal: progress redraws one line instead of printing lines. */
  readonly interactive: boolean;
}

/** The process's stdout and stderr. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  redraw: (text) => process.stderr.write(`\r\u001b[2K${text}`),
  interactive: process.stderr.isTTY === true,
};

/**
 * Ends the process quietly when stdout is closed early (`sessions list | head`), instead of
 * an unhandled EPIPE stack trace.
 */
export function exitOnClosedPipe(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
