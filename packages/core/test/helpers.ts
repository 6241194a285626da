import {
  createSessionManager,
  memoryDriver,
  type SessionDriver,
  type SessionEvent,
  type SessionManagerOptions,
} from "../src/index.js";

/** A clock the test moves by hand. */
export interface ManualClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** A manual clock starting at a fixed, realistic epoch. */
export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
    set: (ms) => {
      time = ms;
    },
  };
}

type Data = Record<string, unknown>;

/**
 * A manager on a fresh memory driver with a manual clock, recording every event. Expired
 * records are removed at their deadline (`clockTolerance: 0`) unless a test says otherwise:
 * the tests of removal then need no extra clock moves (clock-tolerance.test.ts covers the
 * default).
 */
export function setup(options: Partial<SessionManagerOptions<Data>> = {}) {
  const clock = manualClock();
  const driver: SessionDriver = options.driver ?? memoryDriver();
  const events: SessionEvent[] = [];
  const sessions = createSessionManager<Data>({
    ttl: "1h",
    clockTolerance: 0,
    ...options,
    driver,
    clock,
    onEvent: (event) => events.push(event),
  });
  return { sessions, clock, driver, events };
}

/** Types of the recorded events, in order. */
export function eventTypes(events: readonly SessionEvent[]): string[] {
  return events.map((event) => event.type);
}
