export { copyRecord, type FileCodec, type RecordFields, toStoredSession } from "./codec.js";
export { type FileCorruptDetails, FileCorruptError } from "./errors.js";
export { createFileDriver, type FileDriver, type FileDriverOptions } from "./file-driver.js";
