import { SessionError, SessionStoreError, type StoreErrorCode } from "@sessions/core";

const NAME = "postgres";

// postgres.js connection-level error codes, and SQLSTATE classes meaning "server not there".
const UNAVAILABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
]);

function codeOf(error: unknown): StoreErrorCode {
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  if (UNAVAILABLE.has(code) || code.startsWith("08")) return "UNAVAILABLE";
  if (code === "53100") return "DISK_FULL";
  if (code === "57014") return "TIMEOUT";
  return "STORE_FAILURE";
}

/** Wraps a postgres.js error in a typed `SessionStoreError` (the original kept as `cause`). */
export function storeError(operation: string, error: unknown): SessionError {
  if (error instanceof SessionError) return error;
  const code = codeOf(error);
  const why = code === "UNAVAILABLE" ? ": server unavailable" : "";
  return new SessionStoreError(NAME, `${operation} failed${why}`, { code, cause: error });
}

/** The error of a call that did not settle within the driver's deadline. */
export function timeoutError(operation: string, ms: number): SessionStoreError {
  return new SessionStoreError(NAME, `${operation} timed out after ${ms} ms`, { code: "TIMEOUT" });
}

/** The error every call gets once the driver is closed. */
export function closedError(): SessionStoreError {
  return new SessionStoreError(NAME, "driver is closed", { code: "CLOSED" });
}
