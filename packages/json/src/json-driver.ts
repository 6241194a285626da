import { createFileDriver, type FileDriver, type FileDriverOptions } from "@sessions/file-store";
import { jsonCodec } from "./json-codec.js";

/** Options of {@link jsonDriver}: the file options of `@sessions/file-store`. */
export type JsonDriverOptions = FileDriverOptions;

/**
 * A `SessionDriver` on one human-readable JSON file (`{ "format": "sessions", "version": 1,
 * "records": [...] }`), crash-safe and shared safely by several processes. Writes go to an
 * append-only journal beside it (`<path>.journal`, fsynced before a write resolves) and are
 * folded into the file by compaction and on `close()`. See the README for the guarantees.
 */
export function jsonDriver(options: JsonDriverOptions): FileDriver {
  return createFileDriver({ ...options, codec: jsonCodec });
}
