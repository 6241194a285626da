import {
  createSessionManager,
  type JsonValue,
  type SessionDriver,
  type SessionEvent,
  type SessionManager,
  type SessionManagerOptions,
} from "@sessions/core";
import type { Backend } from "../backend.js";
import { type ManualClock, manualClock } from "../fixtures.js";

/** Session data in the manager checks. */
export type Data = Record<string, JsonValue>;

/** Manager options a check may set; the driver, clock and event listener come from the fixture. */
export type ManagerSettings = Omit<SessionManagerOptions<Data>, "driver" | "clock" | "onEvent">;

/** A session manager over a fresh driver, with a hand-moved clock and its recorded events. */
export interface ManagerFixture {
  /** The manager (`ttl: "1h"` unless the check set another). */
  readonly sessions: SessionManager<Data>;
  /** The raw driver under the manager, for checks on what is stored. */
  readonly driver: SessionDriver;
  /** The manager's clock, starting at the driver's timeline; move it to pass time. */
  readonly clock: ManualClock;
  /** Every event the manager emitted, in order. */
  readonly events: SessionEvent[];
  /** Another manager on the same driver and clock (e.g. another `app`). */
  attach(settings: ManagerSettings): { sessions: SessionManager<Data>; events: SessionEvent[] };
}

/**
 * Opens a fresh driver and wraps it in `createSessionManager` with a manual clock starting at
 * the driver's timeline and `ttl: "1h"` unless `settings` say otherwise, over the suite's
 * `manager` options (settings win). Managers are closed after the test, before the driver.
 * `wrapDriver` puts something between the managers and the driver (e.g. a call counter);
 * `driver` in the fixture stays the raw one.
 */
export async function openManager(
  backend: Backend,
  settings: ManagerSettings = {},
  wrapDriver?: (driver: SessionDriver) => SessionDriver,
): Promise<ManagerFixture> {
  const { driver, t0 } = await backend.open();
  const managed = wrapDriver ? wrapDriver(driver) : driver;
  const clock = manualClock(t0);
  const attach = (more: ManagerSettings) => {
    const events: SessionEvent[] = [];
    const sessions = createSessionManager<Data>({
      ...backend.manager,
      ttl: "1h",
      ...more,
      driver: managed,
      clock,
      onEvent: (event) => events.push(event),
    });
    backend.defer(() => sessions.close());
    return { sessions, events };
  };
  return { ...attach(settings), driver, clock, attach };
}

/** The types of some events, in order. */
export function eventTypes(events: readonly SessionEvent[]): string[] {
  return events.map((event) => event.type);
}

/** The events of one type. */
export function eventsOf<Type extends SessionEvent["type"]>(
  events: readonly SessionEvent[],
  type: Type,
): Extract<SessionEvent, { type: Type }>[] {
  return events.filter(
    (event): event is Extract<SessionEvent, { type: Type }> => event.type === type,
  );
}
