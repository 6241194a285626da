/** Fields every result file carries, read the same way for every benchmark. */
import type { MachineInfo } from "../../machine.js";
import type { ResultFile } from "../load-run.js";
import type { Section } from "../section.js";

/** The parts of a {@link Section} that do not depend on the benchmark's shape. */
export type SectionBase = Pick<
  Section,
  "benchmark" | "machine" | "startedAt" | "durationMs" | "versions"
>;

// `<backend>Version` fields the driver benchmarks record, with the product's name.
const VERSION_LABELS: Record<string, string> = {
  sqliteVersion: "SQLite",
  postgresVersion: "PostgreSQL",
  redisVersion: "redis-server",
};

/** Machine, timing and recorded versions of a result file. */
export function sectionBase({ benchmark, json }: ResultFile): SectionBase {
  const versions = Object.entries(json)
    .filter(([key, value]) => key.endsWith("Version") && typeof value === "string")
    .map(([key, value]) => `${VERSION_LABELS[key] ?? key.slice(0, -"Version".length)} ${value}`);
  return {
    benchmark,
    machine: json.machine as MachineInfo | undefined,
    startedAt: json.startedAt as string | undefined,
    durationMs: json.durationMs as number | undefined,
    versions,
  };
}

/** Settings most benchmarks record under `config`. */
export interface RecordedConfig {
  readonly sessions: number;
  readonly rounds: number;
  readonly warmup: number;
  readonly payloadBytes: number;
  readonly modes?: readonly { readonly name: string }[];
}

/** One line: `20,000 sessions per phase, modes sequential / 64 in flight, 5 rounds (medians), …`. */
export function configLine(config: RecordedConfig): string {
  const modes = config.modes ? `, modes ${config.modes.map((m) => m.name).join(" / ")}` : "";
  const rounds = config.rounds === 1 ? "1 round" : `${config.rounds} rounds (medians)`;
  return `${config.sessions.toLocaleString("en-US")} sessions per phase${modes}, ${rounds}, warm-up ${config.warmup.toLocaleString("en-US")} ops, payload ${config.payloadBytes} B of JSON.`;
}
