/** Times as the pages show them. The client script counts down with the same format. */

/** `1h 02m 03s`, `4m 05s`, `7s`; `expired` at or below zero. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return "expired";
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (value: number) => String(value).padStart(2, "0");
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/** `2026-11-25 14:03:12 UTC`. */
export function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** `12s ago`, `3m 04s ago`; `just now` under a second. */
export function formatAgo(epochMs: number, now = Date.now()): string {
  const ms = now - epochMs;
  return ms < 1000 ? "just now" : `${formatDuration(ms)} ago`;
}
