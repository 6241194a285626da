import { memoryDriver } from "@sessions/core";
import type { Subject } from "../subject.js";
import { managerSubject } from "./manager-subject.js";

/**
 * `@sessions/core` over `memoryDriver()`. `idleTimeout` switches on the sliding window, so
 * touch stores a new deadline and get goes through the renewal check.
 */
function coreSubject(name: string, idleTimeout: "30m" | undefined, target: boolean): Subject {
  return managerSubject({
    name,
    description:
      idleTimeout === undefined
        ? 'createSessionManager({ driver: memoryDriver(), ttl: "1h" })'
        : `createSessionManager({ driver: memoryDriver(), ttl: "1h", idleTimeout: "${idleTimeout}" })`,
    target,
    backend: () => ({ driver: memoryDriver() }),
    ...(idleTimeout !== undefined && { options: { idleTimeout } }),
  });
}

/** Subject 1: core with an absolute lifetime only (the target configuration). */
export const core: Subject = coreSubject("core", undefined, true);

/** Subject 1b: core with a 30-minute idle timeout (renewal path); reported, not a target. */
export const coreIdle: Subject = coreSubject("core+idle", "30m", false);
