import { join } from "node:path";
import { createCipher, generateKey } from "@sessions/crypto";
import { rawFileDump } from "@sessions/file-store/testing";
import { runAtRestCheck, runConformance } from "@sessions/test-suite";
import { afterAll } from "vitest";
import { csvDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

// One directory for the run, one CSV file (plus its journal and lock) per namespace.
const temp = tempDir("conformance");
afterAll(() => temp.remove());

const create = ({ namespace }: { namespace: string }) =>
  csvDriver({ path: join(temp.dir, `${namespace}.csv`) });
const cipher = createCipher({ keys: { 1: generateKey(), 2: generateKey() }, current: 2 });

runConformance({ name: "csv", create });

// Again with compaction as soon as the journal outgrows the file: most writes then go
// through the CSV encoder and every reload through the decoder, not only the journal.
runConformance({
  name: "csv (compacting)",
  create: ({ namespace }) =>
    csvDriver({ path: join(temp.dir, `${namespace}-c.csv`), compactBytes: 0 }),
});

// Every manager check again with owners and payloads encrypted (@sessions/crypto).
runConformance({ name: "csv+cipher", create, levels: ["manager"], manager: { cipher } });
// The raw bytes on disk: the journal and the CSV file, before and after a compaction.
runAtRestCheck({
  name: "csv",
  create,
  cipher,
  dump: rawFileDump,
});
