import type { Operation } from "./measure.js";
import type { PayloadSet } from "./payload.js";

/** The five phases, in the order they run (each over every session index). */
export const PHASES = ["create", "get", "touch", "update", "destroy"] as const;

/** One phase name. */
export type Phase = (typeof PHASES)[number];

/**
 * One store under test with fresh, empty state. Operations take a session index; the
 * instance remembers the id it issued for each index at create.
 */
export type SubjectInstance = Readonly<Record<Phase, Operation>> & {
  /**
   * Untimed work per session index run before a phase (e.g. reading the Session objects the
   * phase writes through, as a request handler reads its session before writing it).
   */
  readonly prepare?: Readonly<Partial<Record<Phase, Operation>>>;
  /** Releases the store (timers, maps). */
  close(): Promise<void>;
};

/** A library configuration being benchmarked. */
export interface Subject {
  /** Short stable name used in tables and JSON (e.g. `"core"`). */
  readonly name: string;
  /** One-line description of what exactly runs. */
  readonly description: string;
  /** Whether this subject's ratio against the peer is held to the target. */
  readonly target: boolean;
  /** A fresh instance able to hold `sessions` sessions, storing `payloads`. */
  open(sessions: number, payloads: PayloadSet): SubjectInstance;
}
