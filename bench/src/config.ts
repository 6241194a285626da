/** Settings of one benchmark run. */
export interface BenchConfig {
  /** Sessions per phase (each phase touches every one of them once). */
  readonly sessions: number;
  /** Operations in flight in the concurrent mode. */
  readonly concurrency: number;
  /** Full repetitions; each cell reports the median over rounds. */
  readonly rounds: number;
  /** Sessions in the untimed warm-up before each measurement. */
  readonly warmup: number;
  /** core/MemoryStore throughput ratio a phase must reach to PASS. */
  readonly targetRatio: number;
}

/** The specified run: 20,000 sessions, 64 in flight, 5 rounds, 2,000-op warm-up, 1.5× target. */
export const DEFAULT_CONFIG: BenchConfig = {
  sessions: 20_000,
  concurrency: 64,
  rounds: 5,
  warmup: 2_000,
  targetRatio: 1.5,
};

const USAGE = `usage: tsx --expose-gc src/run.ts [--quick] [--sessions N] [--concurrency N] [--rounds N] [--warmup N]
  --quick          2,000 sessions, 1 round, 500-op warm-up (a smoke run; not comparable)
  --sessions N     sessions per phase (default 20000)
  --concurrency N  operations in flight in the concurrent mode (default 64)
  --rounds N       repetitions; cells report the median (default 5)
  --warmup N       sessions in the untimed warm-up (default 2000)`;

/** Parses command-line flags over {@link DEFAULT_CONFIG}; exits with usage on a bad flag. */
export function parseArgs(argv: readonly string[]): BenchConfig {
  let config: BenchConfig = DEFAULT_CONFIG;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--") continue; // what `pnpm bench -- --flag` may pass through
    if (flag === "--quick") {
      config = { ...config, sessions: 2_000, rounds: 1, warmup: 500 };
      continue;
    }
    if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const key = {
      "--sessions": "sessions",
      "--concurrency": "concurrency",
      "--rounds": "rounds",
      "--warmup": "warmup",
    }[flag] as "sessions" | "concurrency" | "rounds" | "warmup" | undefined;
    const value = Number(argv[i + 1]);
    if (key === undefined || !Number.isSafeInteger(value) || value < 1) {
      console.error(`bad argument: ${flag}\n${USAGE}`);
      process.exit(2);
    }
    config = { ...config, [key]: value };
    i++;
  }
  return config;
}
