import type { DataLimits } from "./data-codec.js";
import type { DistributiveOmit } from "./distributive-omit.js";
import type { EventHub, SessionEvent } from "./events.js";
import type { ExpiredMemory } from "./expired-memory.js";
import type { GuardedDriver } from "./guarded-driver.js";
import type { Keyspace } from "./keyspace.js";
import type { StandardSchemaV1 } from "./standard-schema.js";
import type { Clock, SessionCipher } from "./types.js";

/** Everything a manager resolved from its options, shared by the modules that implement it. */
export interface ManagerContext {
  readonly driver: GuardedDriver;
  readonly keys: Keyspace;
  readonly clock: Clock;
  readonly events: EventHub;
  readonly cipher: SessionCipher | undefined;
  /** Default absolute lifetime, ms. */
  readonly ttlMs: number;
  /** Idle window, ms; undefined when sessions have no idle timeout. */
  readonly idleMs: number | undefined;
  /** How long past its deadline a record is kept before access or cleanup removes it, ms. */
  readonly clockToleranceMs: number;
  /** Handles reported expired whose records are still stored: never served again here. */
  readonly expired: ExpiredMemory;
  /** Fraction of the idle window that must pass before a renewal is stored. */
  readonly renewalThreshold: number;
  readonly limits: DataLimits;
  readonly newToken: () => string;
  readonly attempts: { readonly max: number; readonly windowMs: number };
  /** Takeover window, ms; undefined when `uniquePerOwner` is off. */
  readonly takeoverMs: number | undefined;
  readonly maxPerOwner: number | undefined;
  readonly requirePassword: boolean;
  readonly validate: StandardSchemaV1 | undefined;
  /** Top-level data keys reserved by `reserveKey()`. */
  readonly reserved: Set<string>;
}

/** An event before the manager stamps it with time and app. */
export type EventInput = DistributiveOmit<SessionEvent, "at" | "app">;

/** Emits an audit event stamped with the manager's clock and app. */
export function emit(ctx: ManagerContext, event: EventInput): void {
  if (!ctx.events.active) return;
  ctx.events.emit({ ...event, at: ctx.clock.now(), app: ctx.keys.app } as SessionEvent);
}
