export {
  type AtRestOptions,
  findLeaks,
  leakForms,
  type RawDump,
  runAtRestCheck,
} from "./at-rest.js";
export {
  type AppRecordsInit,
  appRecords,
  DAY,
  FIXED_EPOCH,
  HOUR,
  type ManualClock,
  MINUTE,
  manualClock,
  megabytePayload,
  ownerKey,
  PAYLOAD_SAMPLES,
  SECOND,
  sessionKey,
  startTime,
  storedRecord,
} from "./fixtures.js";
export { HOSTILE_OWNER, hostileKey, hostileValueCalls } from "./hostile.js";
export type {
  ConformanceLevel,
  ConformanceOptions,
  DriverFactoryContext,
  ManagerOverrides,
} from "./options.js";
export { collect, scanAll, scanPages, sortByKey, sortedKeys } from "./readers.js";
export { runConformance } from "./run-conformance.js";
