import { ConfigError } from "./errors.js";

/** A duration: milliseconds, or a string such as `"500ms"`, `"90s"`, `"30m"`, `"8h"`, `"7d"`. */
export type Duration = number | `${number}${"ms" | "s" | "m" | "h" | "d" | "w"}`;

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;

/**
 * Converts a {@link Duration} to whole milliseconds (rounded up). Throws `ConfigError` for
 * anything that is not a finite, positive duration.
 */
export function parseDuration(value: Duration, name: string): number {
  let ms: number;
  if (typeof value === "number") {
    ms = value;
  } else if (typeof value === "string") {
    const match = DURATION_PATTERN.exec(value.trim());
    if (!match) throw new ConfigError(`${name} must be ms or a duration like "30m"`);
    ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  } else {
    throw new ConfigError(`${name} must be ms or a duration like "30m"`);
  }
  if (!Number.isFinite(ms) || ms <= 0) throw new ConfigError(`${name} must be a positive duration`);
  return Math.ceil(ms);
}
