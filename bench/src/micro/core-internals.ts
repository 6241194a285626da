/**
 * Core's internal modules, imported from its build output by path so the micro-benchmarks
 * time the exact code the manager runs (these modules are not part of the public API; the
 * package's `exports` map hides them, a relative file import does not). Build core first.
 */
export { encodeData, jsonDepth } from "../../../packages/core/dist/data-codec.js";
export {
  decodePayload,
  type Envelope,
  encodePayload,
} from "../../../packages/core/dist/envelope.js";
export { guardDriver } from "../../../packages/core/dist/guarded-driver.js";
export { infoOf, type LoadedSession, openRecord } from "../../../packages/core/dist/records.js";
export { resolveOptions } from "../../../packages/core/dist/resolve-options.js";
export { sessionView } from "../../../packages/core/dist/session-view.js";
export { assertToken, tokenDigest } from "../../../packages/core/dist/token.js";
