import { join } from "node:path";
import { runConformance } from "@sessions/test-suite";
import { afterAll } from "vitest";
import { csvDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

// One directory for the run, one CSV file (plus its journal and lock) per namespace.
const temp = tempDir("conformance");
afterAll(() => temp.remove());

runConformance({
  name: "csv",
  create: ({ namespace }) => csvDriver({ path: join(temp.dir, `${namespace}.csv`) }),
});

// Again with compaction as soon as the journal outgrows the file: most writes then go
// through the CSV encoder and every reload through the decoder, not only the journal.
runConformance({
  name: "csv (compacting)",
  create: ({ namespace }) =>
    csvDriver({ path: join(temp.dir, `${namespace}-c.csv`), compactBytes: 0 }),
});
