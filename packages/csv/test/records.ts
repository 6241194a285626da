import type { StoredSession } from "@sessions/core";

/** The header row, as the file holds it. */
export const HEADER = "key,owner,created_at,expires_at,version,payload\r\n";

const T0 = 1_893_456_000_000;

/** A record with plain defaults; `init` overrides any field. */
export function record(label: string, init: Partial<StoredSession> = {}): StoredSession {
  return {
    key: `default:s:${label}`,
    owner: "default:alice",
    payload: `{"label":"${label}"}`,
    createdAt: T0,
    expiresAt: T0 + 3_600_000,
    version: 1,
    ...init,
  };
}

/** Strict equality of two record lists, string fields compared with `===` (byte for byte). */
export function sameRecords(
  actual: readonly StoredSession[],
  expected: readonly StoredSession[],
): boolean {
  return (
    actual.length === expected.length &&
    actual.every((got, index) => {
      const want = expected[index]!;
      return (
        got.key === want.key &&
        got.owner === want.owner &&
        got.payload === want.payload &&
        got.createdAt === want.createdAt &&
        got.expiresAt === want.expiresAt &&
        got.version === want.version &&
        Object.keys(got).length === 6
      );
    })
  );
}
