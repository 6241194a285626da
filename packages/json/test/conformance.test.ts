import { join } from "node:path";
import { createCipher, generateKey } from "@sessions/crypto";
import { rawFileDump } from "@sessions/file-store/testing";
import { runAtRestCheck, runConformance } from "@sessions/test-suite";
import { afterAll } from "vitest";
import { jsonDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

// Each namespace is its own file in one temp directory.
const temp = tempDir("conformance");
afterAll(() => temp.remove());

const create = ({ namespace }: { namespace: string }) =>
  jsonDriver({ path: join(temp.dir, `${namespace}.json`) });
const cipher = createCipher({ keys: { 1: generateKey(), 2: generateKey() }, current: 2 });

runConformance({ name: "json", create });
// Every manager check again with owners and payloads encrypted (@sessions/crypto).
runConformance({ name: "json+cipher", create, levels: ["manager"], manager: { cipher } });
// The raw bytes on disk: the journal and the JSON file, before and after a compaction.
runAtRestCheck({
  name: "json",
  create,
  cipher,
  dump: rawFileDump,
});
