import type { StoredSession } from "@sessions/core";
import type {} from "@sessions/test-services/global-setup";
import { storedRecord } from "@sessions/test-suite";
import postgres from "postgres";
import { inject } from "vitest";

/** URL of the run's shared PostgreSQL (started by the global setup). */
export const postgresUrl = (): string => inject("postgresUrl");

/** A postgres.js client on the shared server, for tests to inspect the catalog. */
export function connect(url = postgresUrl(), max = 1) {
  return postgres(url, { max, onnotice: () => {} });
}

/**
 * A one-connection postgres.js client that records the text of every statement it sends
 * (postgres.js calls `debug` once per statement it builds for the wire). `ready()` opens the
 * connection and forgets what that sent (postgres.js asks for the server's array types first).
 */
export function recordingClient(url = postgresUrl(), options: { connect_timeout?: number } = {}) {
  const sent: string[] = [];
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query) => {
      sent.push(query);
    },
    ...options,
  });
  const ready = async () => {
    await sql`SELECT 1`;
    sent.length = 0;
  };
  return { sql, sent, ready };
}

/** An epoch-ms `now` for driver calls, beyond 2^31 seconds' worth of ms. */
export const NOW = 1_900_000_000_000;

/** A live record (one minute left at {@link NOW}) under `key`. */
export const record = (key: string, init: Partial<StoredSession> = {}): StoredSession =>
  storedRecord(key, NOW, { key, owner: null, payload: "{}", expiresAt: NOW + 60_000, ...init });

// Each test file loads this module afresh: the random part keeps their names apart.
const run = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
let n = 0;
/** A name no other test of this run uses (tables, schemas). */
export const unique = (label: string) => `${label}_${run}_${n++}`;
