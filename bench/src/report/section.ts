/**
 * What the generator knows about one benchmark once its result file is read: the parts of
 * its BENCHMARKS.md section. Adapters (`adapters/`) turn each result shape into this, so the
 * document renderer stays the same for every benchmark.
 */
import type { MachineInfo } from "../machine.js";

/** One target of an issue, judged on the measured numbers. */
export interface Verdict {
  readonly pass: boolean;
  /** The measurement against its target, e.g. `update (sequential): 0.45× raw node-redis, target ≥ 0.7×`. */
  readonly text: string;
  /**
   * Which target this is, without the mode (e.g. `raw update`, `peer keyv get`,
   * `listByOwner`): the key explanations in `notes.ts` are filed under.
   */
  readonly key: string;
}

/** A captioned markdown table. */
export interface SectionTable {
  readonly caption: string;
  readonly markdown: string;
}

/** One benchmark's part of the document. */
export interface Section {
  /** Result-file name of the benchmark (`memory`, `sqlite`, …). */
  readonly benchmark: string;
  readonly title: string;
  /** Issue the targets come from, e.g. `#4`. */
  readonly issue?: string;
  /** Markdown paragraphs/bullets: what ran, the configuration. */
  readonly about: readonly string[];
  readonly tables: readonly SectionTable[];
  readonly verdicts: readonly Verdict[];
  /** Server or library versions the run recorded, e.g. `SQLite 3.53.2`. */
  readonly versions: readonly string[];
  readonly machine?: MachineInfo;
  readonly startedAt?: string;
  readonly durationMs?: number;
  /** Operations that found nothing where a session was expected: anything but 0 is a broken run. */
  readonly misses: number;
}
