import { SessionError, SessionStoreError } from "@sessions/core";

const NAME = "sqlite";

/** SQLite said "someone else holds the lock": worth retrying after a pause. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
  );
}

/** Wraps a better-sqlite3 error in a typed `SessionStoreError` (the original kept as `cause`). */
export function storeError(operation: string, error: unknown): SessionError {
  if (error instanceof SessionError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "SQLITE_FULL") {
    return new SessionStoreError(NAME, `${operation} failed: disk full`, {
      code: "DISK_FULL",
      cause: error,
    });
  }
  if (isBusy(error)) {
    return new SessionStoreError(NAME, `${operation} gave up waiting for the database lock`, {
      code: "LOCK_TIMEOUT",
      cause: error,
    });
  }
  return new SessionStoreError(NAME, `${operation} failed`, { cause: error });
}

/** The error every call gets once the driver is closed. */
export function closedError(): SessionStoreError {
  return new SessionStoreError(NAME, "driver is closed", { code: "CLOSED" });
}
