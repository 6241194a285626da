import { SessionError, SessionStoreError, type StoreErrorCode } from "@sessions/core";

const UNAVAILABLE = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoTopologyClosedError",
  "MongoNotConnectedError",
  "MongoPoolClearedError",
]);

/** Duplicate key: how a lost insert race shows up. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/** Maps a mongodb driver error to a `SessionStoreError` with `driver: "mongo"` and the cause kept. */
export function toMongoError(operation: string, error: unknown): SessionError {
  if (error instanceof SessionError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const code = (error as { code?: unknown } | null)?.code;
  let storeCode: StoreErrorCode = "STORE_FAILURE";
  if (typeof name === "string" && UNAVAILABLE.has(name)) storeCode = "UNAVAILABLE";
  else if (name === "MongoOperationTimeoutError" || code === 50) storeCode = "TIMEOUT";
  return new SessionStoreError("mongo", `${operation} failed`, { code: storeCode, cause: error });
}
