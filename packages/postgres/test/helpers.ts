import type {} from "@sessions/test-services/global-setup";
import postgres from "postgres";
import { inject } from "vitest";

/** URL of the run's shared PostgreSQL (started by the global setup). */
export const postgresUrl = (): string => inject("postgresUrl");

/** A postgres.js client on the shared server, for tests to inspect the catalog. */
export function connect(url = postgresUrl(), max = 1) {
  return postgres(url, { max, onnotice: () => {} });
}
