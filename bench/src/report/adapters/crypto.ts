/**
 * Results of `src/drivers/crypto/run.ts` (issue #6): the memory driver with the cipher off and
 * on, sequential, and the overhead per operation against the stored per-phase target.
 */
import { median, type PhaseSample } from "../../measure.js";
import type { Phase } from "../../subject.js";
import type { ResultFile } from "../load-run.js";
import { formatInt, formatUs, formatVerdict, markdownTable } from "../markdown.js";
import type { Section, Verdict } from "../section.js";
import { subjectBullets } from "../tables.js";
import { configLine, type RecordedConfig, sectionBase } from "./common.js";

interface OverheadRow {
  readonly phase: Phase;
  readonly offMeanUs: number;
  readonly onMeanUs: number;
  readonly offP50Us: number;
  readonly onP50Us: number;
  readonly onP99Us: number;
  readonly overheadUs: number;
  /** The same difference with touch and update by token (absent in older result files). */
  readonly byTokenOverheadUs?: number;
  readonly targetUs: number | null;
  readonly verdict: "PASS" | "MISS" | "";
}

interface CryptoResult {
  readonly config: RecordedConfig;
  readonly subjects: readonly { readonly name: string; readonly description: string }[];
  readonly overhead: readonly OverheadRow[];
  readonly cipherCallsUs: Readonly<Record<string, number>>;
  readonly rounds: Readonly<Record<string, readonly Record<Phase, PhaseSample>[]>>;
}

/** An overhead with its sign: `+11.3`, `-0.2` (a difference of means can come out negative). */
const signedUs = (us: number): string => `${us >= 0 ? "+" : ""}${us.toFixed(1)}`;

/** Whether `json` has the crypto benchmark's shape. */
export function isCryptoResult(json: Record<string, unknown>): boolean {
  return Array.isArray(json.overhead) && json.cipherCallsUs !== undefined;
}

/** The section of the cipher-overhead benchmark. */
export function cryptoSection(file: ResultFile): Section {
  const result = file.json as unknown as CryptoResult;
  const [off, on] = result.subjects.map((subject) => subject.name);
  const opsPerSec = (name: string | undefined, phase: Phase) =>
    formatInt(median((result.rounds[name ?? ""] ?? []).map((round) => round[phase].opsPerSec)));
  const verdicts: Verdict[] = result.overhead
    .filter((row) => row.targetUs !== null)
    .map((row) => ({
      pass: row.verdict === "PASS",
      key: `overhead ${row.phase}`,
      text: `${row.phase}: +${row.overheadUs.toFixed(1)} µs per operation with the cipher (mean), target ≤ +${row.targetUs} µs`,
    }));
  const byToken = result.overhead.some((row) => row.byTokenOverheadUs !== undefined);
  const calls = Object.entries(result.cipherCallsUs)
    .map(([name, us]) => `\`${name}\` ${formatUs(us)} µs`)
    .join(" · ");
  return {
    ...sectionBase(file),
    title: "crypto (cipher overhead)",
    issue: "#6",
    about: [
      `The session manager over \`memoryDriver()\` with \`@sessions/crypto\` off and on, sequential only. ${configLine(result.config)}`,
      subjectBullets(result.subjects),
    ],
    tables: [
      {
        caption: byToken
          ? "Cost per operation, sequential (overhead = difference of mean latencies; by token = touch and update given the token, so they first read and open the record: for information)"
          : "Cost per operation, sequential (overhead = difference of mean latencies)",
        markdown: markdownTable(
          [
            "phase",
            ` ${off} ops/s`,
            ` ${on} ops/s`,
            ` ${off} p50 µs`,
            ` ${on} p50 µs`,
            ` ${on} p99 µs`,
            " overhead µs/op",
            " target",
            ...(byToken ? [" by token overhead µs/op"] : []),
          ],
          result.overhead.map((row) => [
            row.phase,
            opsPerSec(off, row.phase),
            opsPerSec(on, row.phase),
            formatUs(row.offP50Us),
            formatUs(row.onP50Us),
            formatUs(row.onP99Us),
            signedUs(row.overheadUs),
            row.targetUs === null
              ? ""
              : `≤ +${row.targetUs} ${formatVerdict(row.verdict === "PASS")}`,
            ...(byToken ? [signedUs(row.byTokenOverheadUs ?? Number.NaN)] : []),
          ]),
        ),
      },
      { caption: "Raw cipher calls (mean µs)", markdown: calls },
    ],
    verdicts,
    misses: Object.values(result.rounds)
      .flat()
      .flatMap((round) => Object.values(round))
      .reduce((sum, sample) => sum + sample.misses, 0),
  };
}
