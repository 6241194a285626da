export { answerReads, type BatchRead, earliestNow, type KeyedRow } from "./batch-reads.js";
export type {
  DeleteExpiredOptions,
  DriverCapabilities,
  ScanOptions,
  ScanPage,
  SessionDriver,
  StoredSession,
} from "./contract.js";
export { CONTRACT_VERSION, driverMethods, optionalDriverMethods } from "./contract.js";
export { defineDriver } from "./define-driver.js";
export { type Duration, parseDuration } from "./duration.js";
export {
  ConfigError,
  InvalidPasswordError,
  InvalidSessionIdError,
  OwnerBusyError,
  PayloadTooLargeError,
  ReservedKeyError,
  SerializationError,
  SessionConflictError,
  SessionError,
  type SessionErrorCode,
  SessionExpiredError,
  SessionLockedError,
  SessionNotFoundError,
  SessionStoreError,
  type StoreErrorCode,
  TooManyAttemptsError,
  toStoreError,
} from "./errors.js";
export {
  createEventLog,
  type DestroyReason,
  type EventLog,
  type EventSource,
  type SessionEvent,
  type SessionEventListener,
  type SessionEventType,
} from "./events.js";
export { createSessionManager, type DataUpdate, SessionManager } from "./manager.js";
export { memoryDriver } from "./memory-driver.js";
export { type MigrateOptions, migrate } from "./migrate.js";
export { scanSortedKeys } from "./scan-sorted.js";
export { keyPrefixRange, quoteSqlIdentifier } from "./sql-helpers.js";
export type { StandardSchemaV1 } from "./standard-schema.js";
export { eachAlone, type TickBatcherOptions, tickBatcher } from "./tick-batcher.js";
export { generateToken } from "./token.js";
export type {
  ActiveSession,
  CleanupOptions,
  Clock,
  CreateOptions,
  DuplicatePolicy,
  JsonValue,
  LockedSession,
  PortableRecord,
  ReservedKeyWriter,
  Session,
  SessionCipher,
  SessionInfo,
  SessionManagerOptions,
  SessionMeta,
  SessionPage,
  SessionStats,
  TransferResult,
  UniquePerOwnerOptions,
  UnlockAttemptOptions,
  UpdateOptions,
} from "./types.js";
