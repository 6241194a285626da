/**
 * A mistake in what the user typed (unknown driver, unreadable file, bad URL): the command
 * prints its one-line message and exits non-zero, without a stack trace.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
