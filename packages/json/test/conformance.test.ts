import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runConformance } from "@sessions/test-suite";
import { afterAll } from "vitest";
import { jsonDriver } from "../src/index.js";

// Each namespace is its own file in one temp directory.
const dir = mkdtempSync(join(tmpdir(), "sessions-json-conformance-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runConformance({
  name: "json",
  create: ({ namespace }) => jsonDriver({ path: join(dir, `${namespace}.json`) }),
});
