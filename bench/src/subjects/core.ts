import { createSessionManager, memoryDriver } from "@sessions/core";
import { type Payload, payloadOf } from "../payload.js";
import type { Subject, SubjectInstance } from "../subject.js";

/** Owner keys: one owner per 4 sessions (`user0` has sessions 0..3), built before timing. */
function ownersFor(sessions: number): string[] {
  const owners: string[] = new Array(sessions);
  for (let i = 0; i < sessions; i++) owners[i] = `user${i >> 2}`;
  return owners;
}

/**
 * `@sessions/core` over `memoryDriver()`. `idleTimeout` switches on the sliding window, so
 * touch stores a new deadline and get goes through the renewal check.
 */
function coreSubject(name: string, idleTimeout: "30m" | undefined, target: boolean): Subject {
  return {
    name,
    description:
      idleTimeout === undefined
        ? 'createSessionManager({ driver: memoryDriver(), ttl: "1h" })'
        : `createSessionManager({ driver: memoryDriver(), ttl: "1h", idleTimeout: "${idleTimeout}" })`,
    target,
    open(sessions, payloads): SubjectInstance {
      const manager = createSessionManager<Payload>({
        driver: memoryDriver(),
        ttl: "1h",
        ...(idleTimeout !== undefined && { idleTimeout }),
      });
      const owners = ownersFor(sessions);
      const ids: string[] = new Array(sessions).fill("");
      return {
        async create(i) {
          const session = await manager.create({
            owner: owners[i]!,
            data: payloadOf(payloads, i).initial,
          });
          ids[i] = session.id;
          return true;
        },
        async get(i) {
          const session = await manager.get(ids[i]!);
          return session !== null && session.data !== null;
        },
        touch: (i) => manager.touch(ids[i]!),
        async update(i) {
          await manager.update(ids[i]!, payloadOf(payloads, i).updated);
          return true;
        },
        destroy: (i) => manager.destroy(ids[i]!),
        close: () => manager.close(),
      };
    },
  };
}

/** Subject 1: core with an absolute lifetime only (the target configuration). */
export const core: Subject = coreSubject("core", undefined, true);

/** Subject 1b: core with a 30-minute idle timeout (renewal path); reported, not a target. */
export const coreIdle: Subject = coreSubject("core+idle", "30m", false);
