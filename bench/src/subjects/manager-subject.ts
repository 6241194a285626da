import {
  createSessionManager,
  type SessionDriver,
  type SessionManagerOptions,
} from "@sessions/core";
import { type Payload, payloadOf } from "../payload.js";
import type { Subject, SubjectInstance } from "../subject.js";
import { ownersFor } from "./identities.js";

/** A fresh driver for one measurement, and how to remove what it left behind. */
export interface ManagerBackend {
  readonly driver: SessionDriver;
  readonly cleanup?: () => unknown;
}

/** What a {@link managerSubject} measures. */
export interface ManagerSubjectSpec {
  readonly name: string;
  readonly description: string;
  readonly target: boolean;
  /** A fresh backend per measurement. */
  readonly backend: () => ManagerBackend;
  /** Manager options besides `driver` and `ttl: "1h"` (e.g. `idleTimeout`, `cipher`). */
  readonly options?: Partial<SessionManagerOptions<Payload>>;
}

/**
 * `@sessions/core`'s session manager over some driver, doing the benchmark's work: create =
 * `create({ owner, data })`, get = `get(id)` and read `.data`, touch = `touch(id)`, update =
 * `update(id, data2)` (a value), destroy = `destroy(id)`. Every driver benchmark uses this one
 * definition, so their "sessions" rows measure exactly the same calls.
 */
export function managerSubject(spec: ManagerSubjectSpec): Subject {
  return {
    name: spec.name,
    description: spec.description,
    target: spec.target,
    open(sessions, payloads): SubjectInstance {
      const { driver, cleanup } = spec.backend();
      const manager = createSessionManager<Payload>({
        ttl: "1h",
        cleanup: false,
        ...spec.options,
        driver,
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
        async close() {
          await manager.close();
          await cleanup?.();
        },
      };
    },
  };
}
