// Several connections starting on a fresh namespace at once (a fleet deploy): every first
// call must succeed, whatever schema or file the driver creates on first use. Connections of
// this process rather than processes: the race is between connections, and firing them in
// one tick makes a lost race show every few rounds instead of rarely.
import type { SessionDriver } from "@sessions/core";
import { describe, expect, test } from "vitest";
import { auditSecrets } from "../src/audit.js";
import { driverRegistry } from "../src/drivers.js";
import { reportMissingDrivers } from "../src/missing.js";
import { openDriver } from "../src/open-driver.mjs";
import { captureConsole, captureError } from "../src/sink.js";

captureConsole();
const { available, missing } = driverRegistry();

const CONNECTIONS = 8;
// Measured with 5 connections and 10 rounds: postgres lost 5 rounds in a probe, yet one run
// of 10 lost none, so the race is less frequent than that; 30 rounds of 8 connections lost at
// least one in every run tried.
const NAMESPACES = 30;
// FINDINGS.md F2: concurrent CREATE TABLE IF NOT EXISTS fails with 42710 on postgres.
const KNOWN_FAILING = new Set<string>();

describe("first use of a fresh namespace by 8 connections at once", () => {
  for (const entry of available.filter((candidate) => candidate.crossProcess)) {
    const run = KNOWN_FAILING.has(entry.name) ? test.fails : test;
    run(`${entry.name}: every connection's first call succeeds`, async () => {
      const failures: string[] = [];
      for (let round = 0; round < NAMESPACES; round++) {
        const opened = await entry.open();
        const others: SessionDriver[] = [];
        try {
          for (let index = 1; index < CONNECTIONS; index++) {
            others.push(await openDriver(opened.spec));
          }
          const results = await Promise.allSettled(
            [opened.driver, ...others].map((driver) => driver.count(0)),
          );
          for (const result of results) {
            if (result.status === "fulfilled") continue;
            captureError(`${entry.name} first use`, result.reason);
            failures.push(String(result.reason?.cause?.message ?? result.reason));
          }
        } finally {
          await Promise.all(others.map((driver) => driver.close()));
          await opened.cleanup();
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

reportMissingDrivers("first use", missing);
auditSecrets({ secrets: 0, captures: 0 });
