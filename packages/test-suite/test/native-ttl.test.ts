import { memoryDriver } from "@sessions/core";
import { runConformance } from "../src/index.js";

// The memory driver claiming native TTL: runs every check on the real-clock timeline that
// drivers with `nativeTtl` get, so that path of the suite is exercised too.
runConformance({
  name: "memory as nativeTtl",
  create: () => ({ ...memoryDriver(), capabilities: { nativeTtl: true, crossProcess: false } }),
});
