import {
  createSessionManager,
  type Session,
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
  /**
   * How touch and update address the session: `"session"` (default) passes the Session
   * object the get phase returned, as a request handler does with the session it loaded;
   * `"token"` passes the token, so each call reads the record before writing.
   */
  readonly form?: SessionForm;
}

/** See {@link ManagerSubjectSpec.form}. */
export type SessionForm = "session" | "token";

/**
 * `@sessions/core`'s session manager over some driver, doing the benchmark's work: create =
 * `create({ owner, data })`, get = `get(id)` and read `.data`, touch = `touch(session)`,
 * update = `update(session, data2)` (a value), destroy = `destroy(id)`, where `session` is the
 * object an untimed `get(id)` returned just before the phase — or the token itself with
 * `form: "token"`. Every driver benchmark uses this one definition, so
 * their "sessions" rows measure exactly the same calls.
 */
export function managerSubject(spec: ManagerSubjectSpec): Subject {
  const byToken = spec.form === "token";
  return {
    name: spec.name,
    description: `${spec.description}; touch and update ${byToken ? "by token (a read, then a write)" : "pass the Session object an untimed get returned before the phase"}`,
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
      // The Session objects a request would hold, read (untimed) before touch and update.
      const held: Session<Payload>[] = new Array(sessions);
      const target = (i: number): string | Session<Payload> => {
        if (byToken) return ids[i]!;
        const session = held[i];
        if (session === undefined) throw new Error(`no Session object read for index ${i}`);
        return session;
      };
      const read = async (i: number): Promise<boolean> => {
        const session = await manager.get(ids[i]!);
        if (session === null) return false;
        held[i] = released(session);
        return true;
      };
      return {
        ...(!byToken && { prepare: { touch: read, update: read } }),
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
        touch: (i) => manager.touch(target(i)),
        async update(i) {
          await manager.update(target(i), payloadOf(payloads, i).updated);
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

/**
 * The object with its `data` dropped. A server holds a Session object only while its request
 * runs (about as many as requests in flight); the harness keeps one per session through a
 * phase, 20,000 or more, and their parsed data would stay reachable and tax every garbage
 * collection, which no real handler and no other subject pays. The manager never reads the
 * object's public fields, so this changes nothing else.
 */
function released<T extends Session<Payload>>(session: T): T {
  (session as { data: unknown }).data = null;
  return session;
}

/**
 * The driver's target subject (Session objects, as a request handler holds them) and, for
 * information, the same configuration addressing touch and update by token.
 */
export function managerSubjects(spec: ManagerSubjectSpec): Subject[] {
  return [
    managerSubject({ ...spec, form: "session" }),
    managerSubject({ ...spec, name: `${spec.name} by token`, target: false, form: "token" }),
  ];
}
